// Storage (EIP-2200/2929/3529 gas and refunds), transient storage, account queries, logs,
// hashing and the transaction context.
#include "core/hash.hpp"
#include "evm_test_util.hpp"

namespace plexus::evm::test {
namespace {

constexpr std::int64_t kRetTopGas = 15;  // PUSH 0, MSTORE (3 + 3 memory), PUSH, PUSH, RETURN

Bytes32 word(std::uint64_t v) { return to_bytes32(v); }

TEST(EvmStorage, SloadColdThenWarm) {
  Runner r;
  r.host.accounts[r.msg.recipient].storage[word(1)] = word(42);
  const ExecResult res = r.run(Asm().push(1).op(kSload).op(kPop).push(1).op(kSload).ret_top());
  EXPECT_EQ(output_word(res), 42);
  EXPECT_EQ(r.gas_used(res), 3 + 2100 + 2 + 3 + 100 + kRetTopGas);
}

struct SstoreCase {
  std::uint64_t original, current, value;
  std::int64_t gas;  // with the slot already warm
  std::int64_t refund;
};

TEST(EvmStorage, SstoreCostsAndRefunds) {
  const SstoreCase cases[] = {
      {0, 0, 0, 100, 0},     {0, 0, 1, 20000, 0},  {1, 1, 0, 2900, 4800}, {1, 1, 2, 2900, 0},
      {1, 0, 2, 100, -4800}, {1, 2, 0, 100, 4800}, {1, 0, 1, 100, -2000}, {0, 1, 0, 100, 19900},
      {1, 2, 1, 100, 2800},  {1, 2, 3, 100, 0},    {1, 1, 1, 100, 0},
  };
  for (const SstoreCase& c : cases) {
    Runner r;
    MockAccount& acc = r.host.accounts[r.msg.recipient];
    acc.original[word(5)] = word(c.original);
    acc.storage[word(5)] = word(c.current);
    r.host.warm_slots.insert({r.msg.recipient, word(5)});
    const ExecResult res = r.run(Asm().push(c.value).push(5).op(kSstore));
    ASSERT_EQ(res.status, StatusCode::kSuccess);
    EXPECT_EQ(r.gas_used(res), 6 + c.gas) << c.original << c.current << c.value;
    EXPECT_EQ(res.gas_refund, c.refund) << c.original << c.current << c.value;
    EXPECT_EQ(r.host.accounts[r.msg.recipient].storage[word(5)], word(c.value));
  }
}

TEST(EvmStorage, SstoreColdSurchargeAndStipendGuard) {
  Runner r;
  const ExecResult cold = r.run(Asm().push(1).push(5).op(kSstore));
  EXPECT_EQ(r.gas_used(cold), 6 + 20000 + 2100);
  Runner guard;
  guard.msg.gas = 6 + 2300;  // exactly the stipend left at SSTORE: not enough
  EXPECT_EQ(guard.run(Asm().push(1).push(5).op(kSstore)).status, StatusCode::kOutOfGas);
  Runner refund_lost;  // a refund does not survive a revert
  refund_lost.host.accounts[refund_lost.msg.recipient].original[word(5)] = word(1);
  refund_lost.host.accounts[refund_lost.msg.recipient].storage[word(5)] = word(1);
  const ExecResult rev =
      refund_lost.run(Asm().push(0).push(5).op(kSstore).push(0).push(0).op(kRevert));
  EXPECT_EQ(rev.status, StatusCode::kRevert);
  EXPECT_EQ(rev.gas_refund, 0);
}

TEST(EvmStorage, TransientStorage) {
  Runner r;
  const ExecResult res = r.run(Asm().push(77).push(3).op(kTstore).push(3).op(kTload).ret_top());
  EXPECT_EQ(output_word(res), 77);
  EXPECT_EQ(r.gas_used(res), 3 + 3 + 100 + 3 + 100 + kRetTopGas);
}

TEST(EvmAccounts, BalanceCodeQueriesWithColdAccess) {
  Runner r;
  const Address other = addr(0x42);
  MockAccount& acc = r.host.accounts[other];
  acc.balance = word(1000);
  acc.code = Bytes{0x60, 0x01, 0x60, 0x02};
  acc.code_hash = keccak256(acc.code);
  const ExecResult bal = r.run(Asm().push(other).op(kBalance).ret_top());
  EXPECT_EQ(output_word(bal), 1000);
  EXPECT_EQ(r.gas_used(bal), 3 + 2600 + kRetTopGas);
  const ExecResult size = r.run(Asm().push(other).op(kExtcodesize).ret_top());
  EXPECT_EQ(output_word(size), 4);
  EXPECT_EQ(r.gas_used(size), 3 + 100 + kRetTopGas);  // warm now
  EXPECT_EQ(output_word(r.run(Asm().push(other).op(kExtcodehash).ret_top())),
            from_bytes32(acc.code_hash));
  // EXTCODECOPY 8 bytes from offset 2: two code bytes then zeros.
  const ExecResult copy = r.run(
      Asm().push(8).push(2).push(0).push(other).op(kExtcodecopy).push(0).op(kMload).ret_top());
  EXPECT_EQ(output_word(copy), uint256(0x60020000) << 224);
  EXPECT_EQ(r.gas_used(copy), 12 + 100 + 3 + 3 + 6 + kRetTopGas - 3);
  r.host.accounts[r.msg.recipient].balance = word(5);
  EXPECT_EQ(output_word(r.run(Asm().op(kSelfbalance).ret_top())), 5);
}

TEST(EvmAccounts, LogsRecordDataTopicsAndGas) {
  Runner r;
  const ExecResult res =
      r.run(Asm().push(0x1122).push(0).op(kMstore).push(8).push(7).push(2).push(30).op(kLog0 + 2));
  ASSERT_EQ(res.status, StatusCode::kSuccess);
  ASSERT_EQ(r.host.logs.size(), 1u);
  EXPECT_EQ(r.host.logs[0].addr, r.msg.recipient);
  EXPECT_EQ(r.host.logs[0].data, (Bytes{0x11, 0x22}));
  EXPECT_EQ(r.host.logs[0].topics, (std::vector<Bytes32>{word(7), word(8)}));
  EXPECT_EQ(r.gas_used(res), 6 + 6 + 12 + 375 * 3 + 8 * 2);
}

TEST(EvmAccounts, Keccak256) {
  Runner r;
  const ExecResult empty = r.run(Asm().push(0).push(0).op(kKeccak256).ret_top());
  EXPECT_EQ(output_word(empty), from_bytes32(kEmptyKeccak));
  EXPECT_EQ(r.gas_used(empty), 6 + 30 + kRetTopGas);
  const ExecResult one = r.run(Asm().push(33).push(0).op(kKeccak256).ret_top());
  EXPECT_EQ(output_word(one), from_bytes32(keccak256(Bytes(33, 0))));
  EXPECT_EQ(r.gas_used(one), 6 + 30 + 6 + 6 * 2 + kRetTopGas - 3);
}

TEST(EvmEnvironment, MessageAndCode) {
  Runner r;
  r.input = Bytes{1, 2, 3};
  r.msg.value = word(99);
  EXPECT_EQ(output_word(r.run(Asm().op(kAddress).ret_top())), load_be(r.msg.recipient.view()));
  EXPECT_EQ(output_word(r.run(Asm().op(kCaller).ret_top())), load_be(r.msg.sender.view()));
  EXPECT_EQ(output_word(r.run(Asm().op(kCallvalue).ret_top())), 99);
  EXPECT_EQ(output_word(r.run(Asm().op(kCalldatasize).ret_top())), 3);
  EXPECT_EQ(output_word(r.run(Asm().push(1).op(kCalldataload).ret_top())), uint256(0x0203) << 240);
  EXPECT_EQ(output_word(r.run(Asm().push(uint256::max()).op(kCalldataload).ret_top())), 0);
  const ExecResult cdc =
      r.run(Asm().push(4).push(0).push(0).op(kCalldatacopy).push(0).op(kMload).ret_top());
  EXPECT_EQ(output_word(cdc), uint256(0x01020300) << 224);
  const Asm codesize = Asm().op(kCodesize).ret_top();
  EXPECT_EQ(output_word(r.run(codesize)), codesize.size());
  const ExecResult cc =
      r.run(Asm().push(2).push(0).push(0).op(kCodecopy).push(0).op(kMload).ret_top());
  EXPECT_EQ(output_word(cc), uint256(0x6002) << 240);
  EXPECT_EQ(output_word(r.run(Asm().op(kReturndatasize).ret_top())), 0);
}

TEST(EvmEnvironment, TransactionAndBlockContext) {
  Runner r;
  TxContext& tx = r.host.tx;
  tx.origin = addr(0x01);
  tx.coinbase = addr(0x02);
  tx.gas_price = word(10);
  tx.block_number = 1000;
  tx.block_timestamp = 1234;
  tx.block_gas_limit = 30'000'000;
  tx.prev_randao = word(0x5eed);
  tx.chain_id = word(1);
  tx.base_fee = word(7);
  tx.blob_base_fee = word(3);
  tx.blob_hashes = {Hash256{}, word(0xb10b)};
  r.host.block_hashes[999] = word(0x999);
  r.host.block_hashes[744] = word(0x744);
  auto value = [&r](std::uint8_t op) { return output_word(r.run(Asm().op(op).ret_top())); };
  EXPECT_EQ(value(kOrigin), 1);
  EXPECT_EQ(value(kCoinbase), 2);
  EXPECT_EQ(value(kGasprice), 10);
  EXPECT_EQ(value(kNumber), 1000);
  EXPECT_EQ(value(kTimestamp), 1234);
  EXPECT_EQ(value(kGaslimit), 30'000'000);
  EXPECT_EQ(value(kPrevrandao), 0x5eed);
  EXPECT_EQ(value(kChainid), 1);
  EXPECT_EQ(value(kBasefee), 7);
  EXPECT_EQ(value(kBlobbasefee), 3);
  auto unary = [&r](std::uint8_t op, const uint256& arg) {
    return output_word(r.run(Asm().push(arg).op(op).ret_top()));
  };
  EXPECT_EQ(unary(kBlockhash, 999), 0x999);
  EXPECT_EQ(unary(kBlockhash, 1000), 0);  // the current block is not available
  EXPECT_EQ(unary(kBlockhash, 744), 0x744);
  EXPECT_EQ(r.host.block_hashes.count(743), 0u);
  r.host.block_hashes[743] = word(0x743);
  EXPECT_EQ(unary(kBlockhash, 743), 0);  // older than 256 blocks
  EXPECT_EQ(unary(kBlobhash, 1), 0xb10b);
  EXPECT_EQ(unary(kBlobhash, 2), 0);
  EXPECT_EQ(unary(kBlobhash, uint256::max()), 0);
}

TEST(EvmAccounts, Selfdestruct) {
  Runner r;
  r.host.accounts[r.msg.recipient].balance = word(1);
  const ExecResult res = r.run(Asm().push(addr(0x77)).op(kSelfdestruct).op(kInvalid));
  EXPECT_EQ(res.status, StatusCode::kSuccess);
  EXPECT_EQ(r.gas_used(res), 3 + 5000 + 2600 + 25000);  // cold, new account with value
  ASSERT_EQ(r.host.selfdestructs.size(), 1u);
  EXPECT_EQ(r.host.selfdestructs[0].second, addr(0x77));
  Runner no_value;
  no_value.host.warm_accounts.insert(addr(0x77));
  const ExecResult cheap = no_value.run(Asm().push(addr(0x77)).op(kSelfdestruct));
  EXPECT_EQ(no_value.gas_used(cheap), 3 + 5000);
}

}  // namespace
}  // namespace plexus::evm::test
