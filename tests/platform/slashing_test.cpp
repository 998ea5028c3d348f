// Equivocation evidence: checked by the injected EvidenceCheck, it slashes a share of the stake,
// removes the validator from every set, refunds its delegators and can never be used twice.
#include "core/hash.hpp"
#include "platform/builder.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

// A stand-in for the consensus layer's check: evidence [seed, offence] accuses BLS key `seed`;
// seed 0 is evidence whose signatures do not verify.
Result<EvidenceFacts> fake_check(BytesView evidence) {
  if (evidence.size() != 2 || evidence[0] == 0)
    return fail(Errc::kValidation, "signatures do not verify");
  return EvidenceFacts{bls_key(evidence[0]), keccak256(evidence)};
}

class SlashingTest : public StateTest {
 protected:
  void SetUp() override {
    PlatformConfig config = test_config();
    config.check_evidence = fake_check;
    open(config);
    // Node 7 owned by account 2, in subnet "wasm", with 1,000 PLX delegated by account 3.
    ASSERT_EQ(outcome(apply({op(validator_op(7), {2}), op(validator_op(8), {1}),
                             op(subnet_spec("wasm", 7), {4, 1}),
                             sign(AddSubnetValidator{"wasm", addr(7), 10}, {4, 1}, 1),
                             op(Delegate{addr(7), plx(1000), 5000}, {3})})),
              "ok");
  }
  SignedOperation report(Byte seed, Byte offence) {
    return op(ReportEquivocation{Bytes{seed, offence}}, {5});
  }
};

TEST_F(SlashingTest, RefusedWithoutACheckOrWithBadEvidence) {
  open_new(test_config());  // no EvidenceCheck
  expect_refused(report(1, 1), "not supported: equivocation evidence check", Errc::kNotSupported);
  PlatformConfig config = test_config();
  config.check_evidence = fake_check;
  open_new(config);
  expect_refused(op(ReportEquivocation{Bytes(16 * 1024 + 1, 1)}, {5}),
                 "platform: equivocation evidence exceeds 16384 bytes");
  expect_refused(report(0, 1), "platform: invalid equivocation evidence: signatures do not verify");
  expect_refused(report(9, 1), "platform: no validator has the offender's BLS key");
}

TEST_F(SlashingTest, SlashesTheShareRemovesEverywhereAndRefundsDelegators) {
  const Totals before = state_->data().totals;
  ASSERT_EQ(outcome(apply({report(7, 1)})), "ok");
  const PlatformData& data = state_->data();
  EXPECT_FALSE(data.validators.contains(addr(7)));
  EXPECT_TRUE(data.subnets.at("wasm").validators.empty());
  EXPECT_TRUE(data.delegations.empty());
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 2).value(),
            (ValidatorSet{{addr(8), 2000, bls_key(8)}}));
  EXPECT_TRUE(state_->validator_set("wasm", 2).value().empty());
  // 10% of 2,000 PLX burned, the rest back to the owner, no reward; the delegator whole.
  EXPECT_EQ(state_->account(addr(2)).balance, plx(10'000) - fee() - plx(200));
  EXPECT_EQ(state_->account(addr(3)).balance, plx(10'000) - fee());
  EXPECT_EQ(data.totals.burned, before.burned + fee() + plx(200));
  EXPECT_EQ(data.totals.minted, uint256(0));
  EXPECT_TRUE(data.used_evidence.contains(keccak256(Bytes{7, 1})));
}

TEST_F(SlashingTest, TheSameEvidenceNeverSlashesTwice) {
  ASSERT_EQ(outcome(apply({report(7, 1)})), "ok");
  expect_refused(report(7, 1), "platform: evidence already used");
  // Even once the key stakes again.
  ASSERT_EQ(outcome(apply({op(validator_op(7), {2})})), "ok");
  expect_refused(report(7, 1), "platform: evidence already used");
  // Another offence does slash it.
  ASSERT_EQ(outcome(apply({report(7, 2)})), "ok");
  EXPECT_FALSE(state_->data().validators.contains(addr(7)));
}

// Evidence carried by the block itself: no issuer, no fee; the builder leaves out what does not
// apply, and a block carrying such a report is refused whole.
TEST_F(SlashingTest, BlocksCarryEvidenceWithoutAFee) {
  const Totals before = state_->data().totals;
  const std::vector<Bytes> evidence = {Bytes{7, 1}, Bytes{0, 1}, Bytes{9, 1}, Bytes{7, 1}};
  const BuiltBlock built = build_block(*state_, std::span<const SignedOperation>{},
                                       state_->head_timestamp() + 1, {}, evidence);
  ASSERT_EQ(built.block.evidence, (std::vector<Bytes>{Bytes{7, 1}}));
  EXPECT_EQ(decode_block(encode_block(built.block)).value(), built.block);
  ASSERT_TRUE(state_->apply_block(built.block));
  EXPECT_FALSE(state_->data().validators.contains(addr(7)));
  EXPECT_EQ(state_->data().totals.burned, before.burned + plx(200));  // no fee burned
  const auto dump_before = dump(store_);
  PlatformBlock again = next_block({});
  again.evidence = {Bytes{7, 1}};
  EXPECT_EQ(outcome(state_->apply_block(again)),
            "block 3, evidence 0: platform: evidence already used");
  again.evidence.assign(kMaxBlockEvidence + 1, Bytes{8, 1});
  EXPECT_EQ(outcome(state_->apply_block(again)), "platform block 3: more than 16 evidence reports");
  EXPECT_EQ(dump(store_), dump_before);
}

}  // namespace
}  // namespace plexus::platform::testing
