// Prague and Osaka transaction rules: EIP-7702 set-code transactions (authorizations, delegated
// execution, gas and refunds), the EIP-7623 calldata floor and the EIP-7825 gas cap.
#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/secp256k1.hpp"
#include "state_test_helpers.hpp"
#include "transition/transition.hpp"

namespace plexus::transition {
namespace {

using testing::addr;
using testing::word;

const Address kSender = addr(0xaa);
const Address kDelegate = addr(0xd0);
constexpr std::uint64_t kChainId = 1;

secp256k1::PrivateKey authority_key() {
  return secp256k1::PrivateKey::from_seed(Bytes{'a', 'u', 't', 'h'});
}

tx::Authorization signed_authorization(const Address& target, std::uint64_t nonce,
                                       std::uint64_t chain_id = kChainId) {
  tx::Authorization a;
  a.chain_id = chain_id;
  a.address = target;
  a.nonce = nonce;
  const auto sig =
      secp256k1::sign(keccak256(tx::authorization_signing_payload(a)), authority_key());
  a.y_parity = sig.recovery_id;
  a.r = from_bytes32(sig.r);
  a.s = from_bytes32(sig.s);
  return a;
}

struct Chain {
  exec::State state;
  BlockInfo block;

  Chain() {
    exec::Account sender;
    sender.balance = 1'000'000'000'000;
    state.put_account(kSender, sender);
    block.gas_limit = 30'000'000;
    block.coinbase = addr(0xcc);
    block.chain_id = kChainId;
    // The delegate: SSTORE(0, CALLER) and return ADDRESS, so a call through a delegated account
    // shows whose storage the code wrote and as whom it ran.
    Bytes code{0x33, 0x60, 0x00, 0x55, 0x30, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3};
    exec::Account delegate;
    delegate.code_hash = keccak256(code);
    delegate.code = std::move(code);
    delegate.nonce = 1;
    state.put_account(kDelegate, std::move(delegate));
  }

  tx::Transaction set_code_tx(std::vector<tx::Authorization> list, const Address& to) {
    tx::Transaction t;
    t.type = tx::Type::kSetCode;
    t.chain_id = kChainId;
    t.nonce = state.find(kSender)->nonce;
    t.max_fee_per_gas = 1;
    t.gas_limit = 200'000;
    t.to = to;
    t.authorization_list = std::move(list);
    return t;
  }

  TxOutcome apply(const tx::Transaction& t, evm::Revision rev = evm::Revision::kOsaka) {
    return apply_transaction(state, block, t, kSender, rev);
  }
};

TEST(SetCode, AuthorizationDelegatesAndCallRunsDelegateCode) {
  Chain c;
  const Address authority = authority_key().address();
  const TxOutcome out = c.apply(c.set_code_tx({signed_authorization(kDelegate, 0)}, authority));
  ASSERT_FALSE(out.error) << out.error_detail;
  ASSERT_EQ(out.receipt.status, evm::StatusCode::kSuccess);
  const exec::Account* acc = c.state.find(authority);
  ASSERT_NE(acc, nullptr);
  EXPECT_EQ(to_hex(acc->code), "0xef0100" + to_hex(kDelegate, false));
  EXPECT_EQ(acc->nonce, 1u);
  // The delegate's code ran on the authority's storage, with the authority as ADDRESS.
  EXPECT_EQ(c.state.get_storage(authority, word(0)), to_bytes32(load_be(kSender.view())));
  EXPECT_EQ(to_hex(out.output), to_hex(to_bytes32(load_be(authority.view()))));
  // 21000 + 25000 per authorization, then the code: the new account gets no refund.
  EXPECT_GT(out.receipt.gas_used, 46'000);
}

TEST(SetCode, ExistingAuthorityIsRefundedAndZeroAddressClears) {
  Chain c;
  const Address authority = authority_key().address();
  exec::Account funded;
  funded.balance = 5;
  c.state.put_account(authority, funded);
  const TxOutcome first = c.apply(c.set_code_tx({signed_authorization(kDelegate, 0)}, kDelegate));
  ASSERT_FALSE(first.error) << first.error_detail;
  EXPECT_EQ(c.state.find(authority)->nonce, 1u);
  // The same transaction on a fresh authority costs 12,500 more (no refund), capped at 1/5.
  Chain fresh;
  const TxOutcome unfunded =
      fresh.apply(fresh.set_code_tx({signed_authorization(kDelegate, 0)}, kDelegate));
  EXPECT_EQ(unfunded.receipt.gas_used - first.receipt.gas_used,
            std::min<std::int64_t>(12'500, unfunded.receipt.gas_used / 5));

  const TxOutcome cleared = c.apply(c.set_code_tx({signed_authorization(Address{}, 1)}, kDelegate));
  ASSERT_FALSE(cleared.error) << cleared.error_detail;
  EXPECT_TRUE(c.state.find(authority)->code.empty());
  EXPECT_EQ(c.state.find(authority)->nonce, 2u);
}

TEST(SetCode, InvalidAuthorizationsAreSkipped) {
  Chain c;
  const Address authority = authority_key().address();
  // Another chain's, a stale nonce: the transaction stands, the authority is untouched.
  const TxOutcome out = c.apply(c.set_code_tx(
      {signed_authorization(kDelegate, 0, 7), signed_authorization(kDelegate, 3)}, kDelegate));
  ASSERT_FALSE(out.error) << out.error_detail;
  EXPECT_EQ(c.state.find(authority), nullptr);
  // Chain id 0 is valid everywhere.
  ASSERT_FALSE(c.apply(c.set_code_tx({signed_authorization(kDelegate, 0, 0)}, kDelegate)).error);
  EXPECT_EQ(c.state.find(authority)->nonce, 1u);
}

// A CALL to a delegated account also pays for reading its delegate: 2600 when the delegate is
// cold, on top of the target's own access (EIP-7702's gas for delegated calls).
TEST(SetCode, CallingADelegatedAccountChargesTheDelegateAccess) {
  Chain c;
  const Address authority = authority_key().address();
  const Address stop = addr(0x50);  // code: STOP
  const auto deploy = [&c](const Address& at, Bytes code) {
    exec::Account acc;
    acc.code_hash = keccak256(code);
    acc.code = std::move(code);
    acc.nonce = 1;
    c.state.put_account(at, std::move(acc));
  };
  deploy(stop, Bytes{0x00});
  ASSERT_FALSE(c.apply(c.set_code_tx({signed_authorization(stop, 0)}, stop)).error);
  // CALL(GAS, target, 0, 0, 0, 0, 0); STOP
  const auto caller_of = [](const Address& target) {
    return from_hex("0x60006000600060006000" "73" + to_hex(target, false) + "5af15000").value();
  };
  deploy(addr(0xc1), caller_of(authority));
  deploy(addr(0xc2), caller_of(addr(0x77)));  // an account that does not exist
  const auto gas_of_call_through = [&c](const Address& caller) {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = c.state.find(kSender)->nonce;
    t.max_fee_per_gas = 1;
    t.gas_limit = 100'000;
    t.to = caller;
    const TxOutcome out = c.apply(t);
    EXPECT_FALSE(out.error) << out.error_detail;
    return out.receipt.gas_used;
  };
  EXPECT_EQ(gas_of_call_through(addr(0xc1)) - gas_of_call_through(addr(0xc2)), 2600);
}

TEST(SetCode, TypeRules) {
  Chain c;
  const tx::Transaction t = c.set_code_tx({signed_authorization(kDelegate, 0)}, kDelegate);
  EXPECT_EQ(c.apply(t, evm::Revision::kCancun).error, TxError::kTypeNotSupported);
  EXPECT_EQ(c.apply(c.set_code_tx({}, kDelegate)).error, TxError::kSetCodeEmptyList);
  // Encoding round trip: the list survives, and the RPC form's fields are the decoded ones.
  tx::Transaction signed_tx = t;
  tx::sign(signed_tx, secp256k1::PrivateKey::from_seed(Bytes{'s'}));
  const auto decoded = tx::decode(tx::encode(signed_tx));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->authorization_list, t.authorization_list);
  EXPECT_EQ(tx::recover_authority(decoded->authorization_list[0]).value(),
            authority_key().address());
  EXPECT_EQ(tx::intrinsic_gas(t, tx::Fork::kPrague), 21'000u + 25'000u);
}

TEST(PragueOsaka, CalldataFloorAndGasCap) {
  Chain c;
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = kChainId;
  t.max_fee_per_gas = 1;
  t.gas_limit = 100'000;
  t.to = addr(0x55);  // no code: execution costs nothing beyond the intrinsic gas
  t.data = Bytes(1000, 0x01);
  // Intrinsic 21000 + 16 * 1000; the floor 21000 + 10 * 4 * 1000 is what the transfer pays.
  const TxOutcome prague = c.apply(t, evm::Revision::kPrague);
  ASSERT_FALSE(prague.error) << prague.error_detail;
  EXPECT_EQ(prague.receipt.gas_used, 61'000);
  t.nonce = 1;
  const TxOutcome cancun = c.apply(t, evm::Revision::kCancun);
  ASSERT_FALSE(cancun.error);
  EXPECT_EQ(cancun.receipt.gas_used, 37'000);
  t.nonce = 2;
  t.gas_limit = 50'000;  // covers the intrinsic gas, not the floor
  EXPECT_EQ(c.apply(t, evm::Revision::kPrague).error, TxError::kIntrinsicGasTooLow);

  t.gas_limit = (std::uint64_t{1} << 24) + 1;
  EXPECT_EQ(c.apply(t, evm::Revision::kOsaka).error, TxError::kGasLimitAboveCap);
  EXPECT_FALSE(c.apply(t, evm::Revision::kPrague).error);
}

}  // namespace
}  // namespace plexus::transition
