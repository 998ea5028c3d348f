// Every rule of every operation: refused with its message, and the refused block changes
// nothing (root, head, store).
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

  void expect_refused(const SignedOperation& signed_op, const std::string& message,
                      Errc code = Errc::kValidation) {
    const auto before = dump(store_);
    const Hash256 root = state_->root();
    const std::uint64_t height = state_->height();
    const auto data_accounts = state_->data().accounts;
    const auto refused = apply({signed_op});
    ASSERT_FALSE(refused) << message;
    EXPECT_EQ(refused.error().message,
              "block " + std::to_string(height + 1) + ", op 0: " + message);
    EXPECT_EQ(refused.error().code, code);
    EXPECT_EQ(state_->root(), root);
    EXPECT_EQ(state_->height(), height);
    EXPECT_EQ(state_->data().accounts, data_accounts);
    EXPECT_EQ(dump(store_), before);
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

TEST_F(RulesTest, Transfer) {
  expect_refused(op(Transfer{addr(2), 0}, {1}), "platform: transfer amount must be positive");
  expect_refused(op(Transfer{addr(2), plx(101)}, {5}), "platform: insufficient PLX balance");
  ASSERT_EQ(outcome(apply({op(Transfer{addr(9), plx(100)}, {5})})), "ok");
  EXPECT_EQ(state_->account(addr(5)).balance, uint256(0));
  EXPECT_EQ(state_->account(addr(9)).balance, plx(100));
}

TEST_F(RulesTest, AddValidator) {
  AddValidator low = validator_op(1);
  low.stake = plx(1999);
  expect_refused(op(low, {1}), "platform: stake below the minimum of 2000 PLX");
  expect_refused(op(validator_op(5), {5}), "platform: insufficient PLX balance for the stake");
  ASSERT_TRUE(apply({}));
  expect_refused(op(validator_op(1, 1), {1}),
                 "platform: staking period must not start before this block (height 2)");
  expect_refused(op(validator_op(1, 5, 5), {1}),
                 "platform: staking period must end after it starts");
  AddValidator half_bls = validator_op(1, 0);
  half_bls.bls_key = Bytes(48, 1);
  expect_refused(op(half_bls, {1}),
                 "platform: a BLS key is 48 bytes with a 96-byte proof of possession, or both "
                 "are empty");
  AddValidator bls = half_bls;
  bls.bls_pop = Bytes(96, 2);
  expect_refused(op(bls, {1}), "not supported: BLS proof-of-possession check", Errc::kNotSupported);
  // Anyone may stake for a node id, which need not sign: the stake is the issuer's.
  ASSERT_EQ(outcome(apply({op(validator_op(1, 0), {2})})), "ok");
  EXPECT_EQ(state_->account(addr(2)).balance, plx(8000));
  EXPECT_EQ(state_->account(addr(1)).balance, plx(10'000));
  EXPECT_EQ(state_->data().validators.at(addr(1)).owner, addr(2));
  EXPECT_EQ(state_->data().validators.at(addr(1)).start_height, 2u);  // 0: the including block
  expect_refused(op(validator_op(1, 5), {1}), "platform: already a validator");
}

TEST_F(RulesTest, StakingPeriodLimitsAndTheInjectedBlsCheck) {
  PlatformConfig config;
  config.min_staking_period = 10;
  config.max_staking_period = 100;
  config.check_bls_pop = [](BytesView key, BytesView pop) -> Result<void> {
    if (pop[0] != key[0]) return fail(Errc::kValidation, "pairing check failed");
    return {};
  };
  open(config);
  expect_refused(op(validator_op(1, 1, 10), {1}),
                 "platform: staking period shorter than the minimum of 10 heights");
  expect_refused(op(validator_op(1, 1, 102), {1}),
                 "platform: staking period longer than the maximum of 100 heights");
  AddValidator bls = validator_op(1, 1, 101);
  bls.bls_key = Bytes(48, 1);
  bls.bls_pop = Bytes(96, 2);
  expect_refused(op(bls, {1}), "platform: invalid BLS proof of possession: pairing check failed");
  bls.bls_pop = Bytes(96, 1);
  ASSERT_EQ(outcome(apply({op(bls, {1})})), "ok");
  EXPECT_EQ(state_->data().validators.at(addr(1)).bls_key, Bytes(48, 1));
}

TEST_F(RulesTest, CreateSubnet) {
  const auto refuse = [&](CreateSubnet spec, const std::string& message) {
    expect_refused(op(std::move(spec), {1, 2}), "platform: " + message);
  };
  refuse(subnet_spec("Bad Name", 7), "subnet names are 1 to 32 characters of a-z, 0-9 and '-'");
  refuse(subnet_spec("primary", 7), "subnet name primary is reserved for the primary network");
  CreateSubnet spec = subnet_spec("wasm", 7);
  spec.vms = {};
  refuse(spec, "a subnet runs at least one VM");
  refuse(subnet_spec("wasm", 0), "chain id must be non-zero");
  spec = subnet_spec("wasm", 7);
  spec.consensus_params = Bytes(1025, 0);
  refuse(spec, "consensus parameters exceed 1024 bytes");
  spec = subnet_spec("wasm", 7);
  spec.owners = {addr(1), addr(1)};
  refuse(spec, "owners must be a non-empty list without duplicates");
  refuse(subnet_spec("wasm", 7, 3), "threshold must be between 1 and the number of owners");
  spec = subnet_spec("wasm", 7);
  spec.governance.max_validators = 0;
  refuse(spec, "governance: max_validators must be at least 1");
  spec = subnet_spec("wasm", 7);
  spec.governance.min_weight = 2000;
  refuse(spec, "governance: min_weight must be between 1 and max_weight");
  expect_refused(op(subnet_spec("wasm", 7, 2), {1}), "platform: needs signatures of 2 owners");
  // Anyone may issue it (and pay the nonce), as long as enough owners sign.
  ASSERT_EQ(outcome(apply({op(subnet_spec("wasm", 7, 2), {3, 1, 2})})), "ok");
  EXPECT_EQ(state_->data().subnets.at("wasm").spec, subnet_spec("wasm", 7, 2));
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
  expect_refused(op(AddSubnetValidator{"wasm", addr(3), 10}, {1}),
                 "platform: needs signatures of 2 owners");
  ASSERT_EQ(outcome(apply({op(AddSubnetValidator{"wasm", addr(3), 30}, {1, 2})})), "ok");
  EXPECT_EQ(state_->data().subnets.at("wasm").validators,
            (std::map<Address, std::uint64_t>{{addr(1), 10}, {addr(3), 30}}));
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
  genesis_.operations.push_back(sign(validator_op(5, 0), {5}, 0));
  kv::MemoryStore fresh;
  const auto opened = PlatformState::open(fresh, genesis_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "block 0, op 0: platform: insufficient PLX balance for the stake");
  EXPECT_TRUE(dump(fresh).empty());
}

}  // namespace
}  // namespace plexus::platform::testing
