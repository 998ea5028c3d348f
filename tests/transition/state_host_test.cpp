// Frames run through StateHost with hand-assembled bytecode: revert of a nested frame, contract
// creation rules and EIP-6780 SELFDESTRUCT.
#include <gtest/gtest.h>

#include "state_test_helpers.hpp"
#include "core/hex.hpp"
#include "transition/state_host.hpp"
#include "transition/transition.hpp"

namespace plexus::transition {
namespace {

using testing::addr;
using testing::word;

// PUSH20 a
Bytes push_address(const Address& a) {
  Bytes out(21, 0x73);
  std::copy(a.bytes.begin(), a.bytes.end(), out.begin() + 1);
  return out;
}

Bytes operator+(const Bytes& a, const Bytes& b) { return concat(a, b); }

const Address kSender = addr(0xaa);
const Address kCoinbase = addr(0xcc);

struct Chain {
  exec::State state;
  BlockInfo block;

  Chain() {
    exec::Account sender;
    sender.balance = 1'000'000'000'000;
    state.put_account(kSender, sender);
    block.gas_limit = 30'000'000;
    block.coinbase = kCoinbase;
  }

  void deploy(const Address& a, Bytes code, std::uint64_t balance = 0) {
    exec::Account acc;
    acc.code_hash = keccak256(code);
    acc.code = std::move(code);
    acc.balance = balance;
    acc.nonce = 1;
    state.put_account(a, std::move(acc));
  }

  TxOutcome send(std::optional<Address> to, Bytes data = {}, std::uint64_t value = 0) {
    tx::Transaction tx;
    tx.type = tx::Type::kLegacy;
    tx.nonce = state.find(kSender)->nonce;
    tx.gas_limit = 1'000'000;
    tx.to = to;
    tx.value = value;
    tx.data = std::move(data);
    return apply_transaction(state, block, tx, kSender, evm::Revision::kCancun);
  }
};

TEST(StateHost, CreateAddressVectors) {
  const auto sender = *fixed_from_hex<20>("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  EXPECT_EQ(to_hex(create_address(sender, 0)), "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d");
  EXPECT_EQ(to_hex(create_address(sender, 1)), "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8");
  // EIP-1014 examples 0 and 1.
  const Bytes init{0x00};
  EXPECT_EQ(to_hex(create2_address(Address{}, Bytes32{}, init)),
            "0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38");
  const auto deadbeef = *fixed_from_hex<20>("0xdeadbeef00000000000000000000000000000000");
  EXPECT_EQ(to_hex(create2_address(deadbeef, Bytes32{}, init)),
            "0xb928f69bb1d91cd65274e3c79d8986362984fda3");
}

TEST(StateHost, RevertedCallUndoesStorageBalanceAndLogs) {
  Chain c;
  const Address callee = addr(0xd0), caller = addr(0xc0);
  // SSTORE(0, 2); LOG0(0, 0); REVERT(0, 0)
  c.deploy(callee, {0x60, 0x02, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xa0, 0x60, 0x00,
                    0x60, 0x00, 0xfd});
  // SSTORE(0, 1); r = CALL(0xffff, callee, 1, 0, 0, 0, 0); SSTORE(1, r)
  c.deploy(caller,
           Bytes{0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00,
                 0x60, 0x01} +
               push_address(callee) + Bytes{0x61, 0xff, 0xff, 0xf1, 0x60, 0x01, 0x55, 0x00},
           10);
  const TxOutcome out = c.send(caller);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.receipt.status, evm::StatusCode::kSuccess);
  EXPECT_TRUE(out.receipt.logs.empty());
  EXPECT_EQ(c.state.get_storage(callee, word(0)), word(0));
  EXPECT_EQ(c.state.find(callee)->balance, 0);
  EXPECT_EQ(c.state.find(caller)->balance, 10);
  EXPECT_EQ(c.state.get_storage(caller, word(0)), word(1));
  EXPECT_EQ(c.state.get_storage(caller, word(1)), word(0));  // CALL pushed 0
}

// Initcode returning the single byte `b` as the new code.
Bytes returns_byte(Byte b) { return {0x60, b, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xf3}; }

TEST(StateHost, CreationDeploysCodeAndRejectsEfPrefix) {
  Chain c;
  const Address first = create_address(kSender, 0);
  const TxOutcome ok = c.send(std::nullopt, returns_byte(0xfe), 7);
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.receipt.status, evm::StatusCode::kSuccess);
  ASSERT_NE(c.state.find(first), nullptr);
  EXPECT_EQ(c.state.find(first)->code, Bytes{0xfe});
  EXPECT_EQ(c.state.find(first)->nonce, 1u);
  EXPECT_EQ(c.state.find(first)->balance, 7);

  const Address second = create_address(kSender, 1);
  const TxOutcome ef = c.send(std::nullopt, returns_byte(0xef), 7);
  ASSERT_FALSE(ef.error);
  EXPECT_NE(ef.receipt.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(ef.receipt.gas_used, 1'000'000);  // a failed creation consumes all gas
  EXPECT_EQ(c.state.find(second), nullptr);
  EXPECT_EQ(c.state.find(kSender)->nonce, 2u);  // the nonce bump is not reverted
}

TEST(StateHost, CreationCollidesWithExistingNonce) {
  Chain c;
  const Address target = create_address(kSender, 0);
  exec::Account occupied;
  occupied.nonce = 1;
  c.state.put_account(target, occupied);
  const TxOutcome out = c.send(std::nullopt, returns_byte(0xfe));
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.receipt.status, evm::StatusCode::kCreateCollision);
  EXPECT_TRUE(c.state.find(target)->code.empty());
}

TEST(StateHost, SelfdestructOfOldContractOnlyMovesBalance) {
  Chain c;
  const Address victim = addr(0xe0), heir = addr(0xe1);
  c.deploy(victim, push_address(heir) + Bytes{0xff}, 100);
  const TxOutcome out = c.send(victim);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.receipt.status, evm::StatusCode::kSuccess);
  ASSERT_NE(c.state.find(victim), nullptr);  // EIP-6780: not created in this transaction
  EXPECT_FALSE(c.state.find(victim)->code.empty());
  EXPECT_EQ(c.state.find(victim)->balance, 0);
  EXPECT_EQ(c.state.find(heir)->balance, 100);
}

TEST(StateHost, SelfdestructInCreatingTransactionDeletes) {
  Chain c;
  const Address heir = addr(0xe1);
  const Address created = create_address(kSender, 0);
  const TxOutcome out = c.send(std::nullopt, push_address(heir) + Bytes{0xff}, 50);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.receipt.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(c.state.find(created), nullptr);
  EXPECT_EQ(c.state.find(heir)->balance, 50);
}

}  // namespace
}  // namespace plexus::transition
