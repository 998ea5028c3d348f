// Every rule of every operation: refused with its message, and the refused block changes
// nothing (root, head, store).
#include <functional>

#include "core/hex.hpp"
#include "platform/subnet_spec.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

class RulesTest : public StateTest {
 protected:
  void SetUp() override { open(); }

  // Validators 1, 2 and 3; subnet "wasm" (owners 1 and 2, threshold 2, at most two validators
  // of weight 10..1000) validated by 1 and 2.
  void set_up_subnet() {
    ASSERT_EQ(
        outcome(apply({sign(validator_op(1), {1}, 0), sign(validator_op(2), {2}, 0),
                       sign(validator_op(3), {3}, 0), sign(subnet_spec("wasm", 7, 2), {1, 2}, 1),
                       sign(AddSubnetValidator{"wasm", addr(1), 10}, {2, 1}, 1),
                       sign(AddSubnetValidator{"wasm", addr(2), 20}, {2, 1}, 2)})),
        "ok");
  }
};

TEST_F(RulesTest, SignaturesAndNonces) {
  expect_refused(sign(Transfer{addr(2), plx(1)}, {1}, 1), "platform: nonce 1, expected 0");
  SignedOperation other_issuer = sign(Transfer{addr(2), plx(1)}, {1}, 0);
  other_issuer.issuer = addr(2);
  // The signature covers the issuer, so changing it changes the recovered signer too.
  expect_refused(other_issuer, "platform: the issuer must sign the operation");
  const std::vector<secp256k1::PrivateKey> keys = {key(1)};
  expect_refused(sign_operation(Transfer{addr(2), plx(1)}, kNetwork + 1, 0, keys),
                 "platform: the issuer must sign the operation");
  SignedOperation broken = sign(Transfer{addr(2), plx(1)}, {1}, 0);
  broken.signatures[0].s = {};
  expect_refused(broken, "secp256k1: signature r or s out of range");
  ASSERT_EQ(outcome(apply({sign(Transfer{addr(2), plx(1)}, {1}, 0)})), "ok");
  EXPECT_EQ(state_->account(addr(1)).nonce, 1u);
  EXPECT_EQ(state_->account(addr(2)).nonce, 0u);
  // The accepted operation cannot be replayed.
  expect_refused(sign(Transfer{addr(2), plx(1)}, {1}, 0), "platform: nonce 0, expected 1");
}

TEST_F(RulesTest, FeesArePaidByTheIssuerAndBurned) {
  // Account 9 holds nothing: even a valid operation cannot pay its fee.
  expect_refused(sign(Transfer{addr(2), 1}, {9}, 0), "platform: insufficient balance for fee");
  ASSERT_EQ(outcome(apply({op(Transfer{addr(9), fee()}, {1})})), "ok");
  EXPECT_EQ(state_->account(addr(1)).balance, plx(10'000) - fees(2));
  EXPECT_EQ(state_->data().totals.burned, fee());
  // Now it holds exactly the fee: a transfer of anything more is refused, the fee alone is not.
  expect_refused(op(Transfer{addr(2), 1}, {9}), "platform: insufficient PLX balance");
  // The balance covers the amount only together with the fee: refused.
  expect_refused(op(Transfer{addr(9), plx(100)}, {5}), "platform: insufficient PLX balance");
}

TEST_F(RulesTest, Transfer) {
  expect_refused(op(Transfer{addr(2), 0}, {1}), "platform: transfer amount must be positive");
  expect_refused(op(Transfer{addr(2), plx(101)}, {5}), "platform: insufficient PLX balance");
  ASSERT_EQ(outcome(apply({op(Transfer{addr(9), plx(99)}, {5})})), "ok");
  EXPECT_EQ(state_->account(addr(5)).balance, plx(1) - fee());
  EXPECT_EQ(state_->account(addr(9)).balance, plx(99));
}

TEST_F(RulesTest, AddValidator) {
  AddValidator low = validator_op(1);
  low.stake = plx(1999);
  expect_refused(op(low, {1}), "platform: stake below the minimum of 2000 PLX");
  expect_refused(op(validator_op(5), {5}), "platform: insufficient PLX balance for the stake");
  expect_refused(op(validator_op(1, 1000), {1}),
                 "platform: staking period must not start before this block's time 1001");
  expect_refused(op(validator_op(1, 2000, 2000), {1}),
                 "platform: staking period must end after it starts");
  expect_refused(op(validator_op(1, 0, 1010), {1}),
                 "platform: staking period shorter than the minimum of 10 seconds");
  expect_refused(op(validator_op(1, 2000, 2000 + 1'000'001), {1}),
                 "platform: staking period longer than the maximum of 1000000 seconds");
  AddValidator no_bls = validator_op(1);
  no_bls.bls_key.clear();
  no_bls.bls_pop.clear();
  expect_refused(op(no_bls, {1}),
                 "platform: a BLS key is 48 bytes with a 96-byte proof of possession");
  AddValidator wrong_pop = validator_op(1);
  wrong_pop.bls_pop = bls_pop(2);  // proves key 2, not key 1
  expect_refused(op(wrong_pop, {1}),
                 "platform: invalid BLS proof of possession: the proof does not verify against "
                 "the key");
  AddValidator not_a_key = validator_op(1);
  not_a_key.bls_key = Bytes(kBlsKeySize, 0xff);
  const auto refused = apply({op(not_a_key, {1})});
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().message.starts_with(
      "block 1, op 0: platform: invalid BLS proof of possession: BLS key: "));
  // Issued (and paid) by account 2 for node 7: account 2 owns it.
  ASSERT_EQ(outcome(apply({op(validator_op(7), {2})})), "ok");
  const Validator& v = state_->data().validators.at(addr(7));
  EXPECT_EQ(v.owner, addr(2));
  EXPECT_EQ(v.start_time, 1001u);  // 0: the including block's time
  EXPECT_EQ(v.end_time, kEnd);
  EXPECT_EQ(state_->account(addr(2)).balance, plx(8000) - fee());
  EXPECT_EQ(state_->account(addr(7)).balance, uint256(0));
  expect_refused(op(validator_op(7), {1}), "platform: node id already a validator");
  AddValidator same_bls = validator_op(1);
  same_bls.bls_key = bls_key(7);
  same_bls.bls_pop = bls_pop(7);
  expect_refused(op(same_bls, {1}),
                 "platform: BLS key already used by validator " + to_hex(addr(7).view()));
}

TEST_F(RulesTest, StakingPeriodLimitsAndTheInjectedBlsCheck) {
  PlatformConfig config = test_config();
  config.min_staking_period = 50;
  config.max_staking_period = 100;
  config.check_bls_pop = [](BytesView key, BytesView pop) -> Result<void> {
    if (pop[0] != key[0]) return fail(Errc::kValidation, "pairing check failed");
    return {};
  };
  open_new(config);
  expect_refused(op(validator_op(1, 0, 1050), {1}),
                 "platform: staking period shorter than the minimum of 50 seconds");
  expect_refused(op(validator_op(1, 0, 1102), {1}),
                 "platform: staking period longer than the maximum of 100 seconds");
  AddValidator bls = validator_op(1, 0, 1101);
  bls.bls_key = Bytes(48, 1);
  bls.bls_pop = Bytes(96, 2);
  expect_refused(op(bls, {1}), "platform: invalid BLS proof of possession: pairing check failed");
  bls.bls_pop = Bytes(96, 1);
  ASSERT_EQ(outcome(apply({op(bls, {1})})), "ok");
  EXPECT_EQ(state_->data().validators.at(addr(1)).bls_key, Bytes(48, 1));
  config.check_bls_pop = nullptr;
  kv::MemoryStore other;
  state_ = PlatformState::open(other, genesis_, config).value();
  expect_refused(op(validator_op(1, 0, 1101), {1}), "not supported: BLS proof-of-possession check",
                 Errc::kNotSupported);
}

TEST_F(RulesTest, CreateSubnet) {
  const auto refuse = [&](CreateSubnet spec, const std::string& message) {
    expect_refused(op(std::move(spec), {1, 2}), "platform: " + message);
  };
  refuse(subnet_spec("Bad Name", 7), "subnet names are 1 to 32 characters of a-z, 0-9 and '-'");
  refuse(subnet_spec("primary", 7), "subnet name primary is reserved for the primary network");
  // Subnet "wasm" (chain 7) with one change.
  const auto refuse_changed = [&](const std::function<void(CreateSubnet&)>& change,
                                  const std::string& message) {
    CreateSubnet spec = subnet_spec("wasm", 7);
    change(spec);
    refuse(std::move(spec), message);
  };
  refuse_changed([](CreateSubnet& s) { s.vms = {}; }, "a subnet runs at least one VM");
  refuse(subnet_spec("wasm", 0), "chain id must be non-zero");
  refuse_changed([](CreateSubnet& s) { s.consensus_params = Bytes(1025, 0); },
                 "consensus parameters exceed 1024 bytes");
  refuse_changed(
      [](CreateSubnet& s) {
        s.consensus_params = encode_engine_timing({5, 0});
      },
      "consensus parameters: block_time_ms 5 outside its allowed range 10..60000 (or "
      "0 for the node's default)");
  refuse_changed([](CreateSubnet& s) { s.genesis.gas_limit = 4'999; },
                 "genesis: gas_limit 4999 outside its allowed range 5000..1000000000");
  refuse_changed(
      [](CreateSubnet& s) {
        s.genesis.alloc = {{addr(1), plx(1)}, {addr(1), plx(2)}};
      },
      "genesis: an account is funded twice");
  refuse_changed(
      [](CreateSubnet& s) {
        s.genesis.alloc.resize(kMaxGenesisAccounts + 1);
        for (std::size_t i = 0; i < s.genesis.alloc.size(); ++i)
          s.genesis.alloc[i].address[0] = static_cast<Byte>(i),
          s.genesis.alloc[i].address[1] = static_cast<Byte>(i >> 8);
      },
      "genesis: more than 256 funded accounts");
  refuse_changed(
      [](CreateSubnet& s) {
        s.owners = {addr(1), addr(1)};
      },
      "owners must be a non-empty list without duplicates");
  refuse(subnet_spec("wasm", 7, 3), "threshold must be between 1 and the number of owners");
  refuse_changed([](CreateSubnet& s) { s.governance.max_validators = 0; },
                 "governance: max_validators must be at least 1");
  refuse_changed([](CreateSubnet& s) { s.governance.min_weight = 2000; },
                 "governance: min_weight must be between 1 and max_weight");
  for (const std::uint32_t quorum : {0u, 10'001u})
    refuse_changed([&](CreateSubnet& s) { s.voting.quorum_bps = quorum; },
                   "voting: quorum must be between 1 and 10000 basis points");
  for (const std::uint32_t threshold : {5000u, 10'001u})
    refuse_changed([&](CreateSubnet& s) { s.voting.threshold_bps = threshold; },
                   "voting: threshold must be between 5001 and 10000 basis points");
  for (const std::uint64_t period : {0ul, 2'592'001ul})
    refuse_changed([&](CreateSubnet& s) { s.voting.voting_period = period; },
                   "voting: voting period must be between 1 and 2592000 seconds");
  refuse_changed([](CreateSubnet& s) { s.voting.timelock = 2'592'001; },
                 "voting: timelock above the maximum of 2592000 seconds");
  expect_refused(op(subnet_spec("wasm", 7, 2), {1}), "platform: needs signatures of 2 owners");
  // Anyone may issue it (and pay the nonce), as long as enough owners sign.
  CreateSubnet with_genesis = subnet_spec("wasm", 7, 2);
  with_genesis.genesis = {{{addr(5), plx(9)}}, 8'000'000};
  with_genesis.consensus_params = encode_engine_timing({200, 1500});
  ASSERT_EQ(outcome(apply({op(with_genesis, {3, 1, 2})})), "ok");
  EXPECT_EQ(state_->data().subnets.at("wasm").spec, with_genesis);
  refuse(subnet_spec("wasm", 8), "subnet wasm already exists");
  refuse(subnet_spec("other", 7), "chain id 7 is used by subnet wasm");
}

TEST_F(RulesTest, AddSubnetValidator) {
  set_up_subnet();
  const auto refuse = [&](AddSubnetValidator add, const std::string& message) {
    expect_refused(op(std::move(add), {1, 2}), "platform: " + message);
  };
  refuse({"nope", addr(3), 10}, "unknown subnet nope");
  refuse({"wasm", addr(4), 10}, "not a primary-network validator");
  refuse({"wasm", addr(1), 10}, "already validates subnet wasm");
  refuse({"wasm", addr(3), 9}, "weight 9 outside subnet wasm's range 10..1000");
  refuse({"wasm", addr(3), 1001}, "weight 1001 outside subnet wasm's range 10..1000");
  refuse({"wasm", addr(3), 10}, "subnet wasm already has its maximum of 2 validators");
  ASSERT_EQ(outcome(apply({op(RemoveSubnetValidator{"wasm", addr(2)}, {1, 2})})), "ok");
  // The subnet period must lie within the primary one, [1001, kEnd) for validator 3.
  refuse({"wasm", addr(3), 10, 1000, 0},
         "subnet validation must not start before this block's time 1003");
  refuse({"wasm", addr(3), 10, 5000, 5000}, "subnet validation must end after it starts");
  refuse({"wasm", addr(3), 10, 0, kEnd + 1},
         "subnet validation period [1003, " + std::to_string(kEnd + 1) +
             ") exceeds the primary staking period [1001, " + std::to_string(kEnd) + ")");
  expect_refused(op(AddSubnetValidator{"wasm", addr(3), 10}, {1}),
                 "platform: needs signatures of 2 owners");
  ASSERT_EQ(outcome(apply({op(AddSubnetValidator{"wasm", addr(3), 30}, {1, 2})})), "ok");
  EXPECT_EQ(
      state_->data().subnets.at("wasm").validators,
      (std::map<Address, SubnetMember>{{addr(1), {10, 1001, kEnd}}, {addr(3), {30, 1003, kEnd}}}));
}

TEST_F(RulesTest, RemoveSubnetValidator) {
  set_up_subnet();
  expect_refused(op(RemoveSubnetValidator{"nope", addr(1)}, {1, 2}),
                 "platform: unknown subnet nope");
  expect_refused(op(RemoveSubnetValidator{"wasm", addr(3)}, {1, 2}),
                 "platform: not a validator of subnet wasm");
  expect_refused(op(RemoveSubnetValidator{"wasm", addr(1)}, {2}),
                 "platform: needs signatures of 2 owners");
}

TEST_F(RulesTest, ABadGenesisOperationFailsOpening) {
  genesis_.operations.push_back(sign(validator_op(5), {5}, 0));
  kv::MemoryStore fresh;
  const auto opened = PlatformState::open(fresh, genesis_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "block 0, op 0: platform: insufficient PLX balance for the stake");
  EXPECT_TRUE(dump(fresh).empty());
}

}  // namespace
}  // namespace plexus::platform::testing
