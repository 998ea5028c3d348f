// Subnet governance: who may propose and vote, the allowed ranges, the tally when voting ends,
// scheduled changes, the timelock, and all of it surviving a restart.
#include "platform/governance.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

class GovernanceTest : public StateTest {
 protected:
  void SetUp() override {
    open();
    // "owned": owners 1, 2 and 3 vote, 60% quorum and threshold, 100 s to vote, 50 s timelock.
    CreateSubnet owned = subnet_spec("owned", 7);
    owned.owners = {addr(1), addr(2), addr(3)};
    owned.voting = {Voters::kOwners, 6000, 6000, 100, 50};
    // "staked": its validators 1, 2 and 3 (weights 10, 20, 70, owned by accounts 1, 2, 3) vote.
    CreateSubnet staked = subnet_spec("staked", 8);
    staked.governance.max_validators = 5;
    staked.voting = {Voters::kValidators, 5000, 5001, 100, 50};
    ASSERT_EQ(
        outcome(apply({sign(validator_op(1), {1}, 0), sign(validator_op(2), {2}, 0),
                       sign(validator_op(3), {3}, 0), sign(owned, {1}, 1), sign(staked, {1}, 2)})),
        "ok");
    ASSERT_EQ(outcome(apply({sign(AddSubnetValidator{"staked", addr(1), 10}, {1}, 3),
                             sign(AddSubnetValidator{"staked", addr(2), 20}, {1}, 4),
                             sign(AddSubnetValidator{"staked", addr(3), 70}, {1}, 5)})),
              "ok");
  }

  void propose(const std::string& subnet, GovernanceAction action, Byte by,
               std::uint64_t height = 500) {
    ASSERT_EQ(outcome(apply({op(Propose{subnet, std::move(action), height}, {by})})), "ok");
  }
  void vote(const std::string& subnet, std::uint64_t proposal, Byte by, bool yes) {
    ASSERT_EQ(outcome(apply({op(Vote{subnet, proposal, yes}, {by})})), "ok");
  }
  const Proposal& proposal(const std::string& subnet, std::uint64_t number) const {
    return state_->data().proposals.at({subnet, number});
  }
};

TEST_F(GovernanceTest, ProposalRules) {
  const auto refuse = [&](Propose p, Byte by, const std::string& message) {
    expect_refused(op(std::move(p), {by}), "platform: " + message);
  };
  const GovernanceAction gas = SetChainParam{ChainParam::kGasLimit, 30'000'000};
  refuse({"nope", gas, 5}, 1, "unknown subnet nope");
  refuse({"owned", gas, 5}, 4, "not a voter of subnet owned");
  refuse({"staked", gas, 5}, 4, "not a voter of subnet staked");  // owns no validator
  refuse({"owned", gas, 0}, 1, "a proposal's effective height must be above 0");
  const std::pair<ChainParam, std::string> params[] = {
      {ChainParam::kGasLimit, "gas_limit"},
      {ChainParam::kBaseFeeMaxChangeDenominator, "base_fee_max_change_denominator"},
      {ChainParam::kElasticityMultiplier, "elasticity_multiplier"},
      {ChainParam::kBlockTimeMs, "block_time_ms"},
      {ChainParam::kLeaderTimeoutMs, "leader_timeout_ms"}};
  for (const auto& [param, name] : params) {
    const ParamRange range = chain_param_range(param);
    const std::string allowed = " outside its allowed range " + std::to_string(range.min) + ".." +
                                std::to_string(range.max);
    refuse({"owned", SetChainParam{param, range.min - 1}, 5}, 1,
           name + " " + std::to_string(range.min - 1) + allowed);
    refuse({"owned", SetChainParam{param, range.max + 1}, 5}, 1,
           name + " " + std::to_string(range.max + 1) + allowed);
  }
  refuse({"owned", EnableVm{VmKind::kWasm}, 5}, 1, "subnet owned already runs wasm");
  refuse({"owned", ScheduleUpgrade{"Bad Name"}, 5}, 1,
         "upgrade names are 1 to 32 characters of a-z, 0-9, '-' and '.'");
  refuse({"owned", SetValidatorRequirements{{0, 1, 10}}, 5}, 1,
         "governance: max_validators must be at least 1");
  refuse({"owned", SetValidatorRequirements{{5, 11, 10}}, 5}, 1,
         "governance: min_weight must be between 1 and max_weight");
  propose("owned", SetChainParam{ChainParam::kGasLimit, 40'000'000}, 1);
  const Proposal& p = proposal("owned", 0);
  EXPECT_EQ(p.proposer, addr(1));
  EXPECT_EQ(p.voting_end, 1003u + 100);
  EXPECT_EQ(p.voters, (std::map<Address, std::uint64_t>{{addr(1), 1}, {addr(2), 1}, {addr(3), 1}}));
  EXPECT_EQ(status_text(p), "voting");
  EXPECT_EQ(state_->data().subnets.at("owned").next_proposal, 1u);
}

TEST_F(GovernanceTest, VoteRules) {
  propose("owned", ScheduleUpgrade{"v2.1"}, 1);
  expect_refused(op(Vote{"owned", 1, true}, {1}), "platform: unknown proposal owned/1");
  expect_refused(op(Vote{"nope", 0, true}, {1}), "platform: unknown proposal nope/0");
  expect_refused(op(Vote{"owned", 0, true}, {4}), "platform: not a voter of proposal owned/0");
  vote("owned", 0, 2, true);
  expect_refused(op(Vote{"owned", 0, false}, {2}), "platform: already voted on proposal owned/0");
  // Voting ends at 1003 + 100: a vote in a block at that time is too late.
  ASSERT_TRUE(apply_at(1101));
  vote("owned", 0, 3, false);  // at 1102: still in time
  expect_refused(op(Vote{"owned", 0, true}, {1}),
                 "platform: voting on proposal owned/0 ended at 1103");
  EXPECT_EQ(proposal("owned", 0).votes,
            (std::map<Address, bool>{{addr(2), true}, {addr(3), false}}));
}

TEST_F(GovernanceTest, PassedProposalsAreScheduledAtTheirHeight) {
  const GovernanceAction gas = SetChainParam{ChainParam::kGasLimit, 30'000'000};
  propose("owned", gas, 1, 700);
  propose("owned", ScheduleUpgrade{"fork-b"}, 2, 600);
  for (const Byte voter : {1, 2}) {
    vote("owned", 0, voter, true);
    vote("owned", 1, voter, true);
  }
  EXPECT_TRUE(state_->scheduled_changes("owned").empty());
  ASSERT_TRUE(apply_at(1103));  // proposal 0's voting ends
  EXPECT_EQ(proposal("owned", 0).status, ProposalStatus::kScheduled);
  EXPECT_EQ(status_text(proposal("owned", 0)), "scheduled at height 700");
  EXPECT_EQ(proposal("owned", 1).status, ProposalStatus::kVoting);
  ASSERT_TRUE(apply_at(1104));
  EXPECT_EQ(state_->scheduled_changes("owned"),
            (std::vector<ScheduledChange>{{1, 600, ScheduleUpgrade{"fork-b"}}, {0, 700, gas}}));
  EXPECT_TRUE(state_->scheduled_changes("staked").empty());
}

TEST_F(GovernanceTest, RejectedWithoutQuorumOrBelowTheThreshold) {
  propose("owned", ScheduleUpgrade{"a"}, 1);
  propose("owned", ScheduleUpgrade{"b"}, 1);
  vote("owned", 0, 1, true);  // 1 of 3 voted: below 60%
  vote("owned", 1, 1, true);  // 1 yes, 1 no: 50% yes, below 60%
  vote("owned", 1, 2, false);
  ASSERT_TRUE(apply_at(2000));
  EXPECT_EQ(status_text(proposal("owned", 0)), "rejected: no quorum (1 of 3)");
  EXPECT_EQ(status_text(proposal("owned", 1)), "rejected: threshold (1 yes of 2)");
  EXPECT_TRUE(state_->scheduled_changes("owned").empty());
}

TEST_F(GovernanceTest, ValidatorsVoteByWeightAndRequirementsChangeAfterTheTimelock) {
  const Governance requirements{4, 5, 500};
  propose("staked", SetValidatorRequirements{requirements}, 2);
  EXPECT_EQ(proposal("staked", 0).voters,
            (std::map<Address, std::uint64_t>{{addr(1), 10}, {addr(2), 20}, {addr(3), 70}}));
  vote("staked", 0, 3, true);  // 70 of 100: quorum and threshold met alone
  ASSERT_TRUE(apply_at(1103));
  EXPECT_EQ(proposal("staked", 0).status, ProposalStatus::kScheduled);
  EXPECT_EQ(proposal("staked", 0).executes_at, 1153u);
  EXPECT_NE(state_->data().subnets.at("staked").spec.governance, requirements);
  ASSERT_TRUE(apply_at(1152));
  EXPECT_FALSE(proposal("staked", 0).executed);
  ASSERT_TRUE(apply_at(1153));
  EXPECT_TRUE(proposal("staked", 0).executed);
  EXPECT_EQ(state_->data().subnets.at("staked").spec.governance, requirements);
  expect_refused(op(AddSubnetValidator{"staked", addr(4), 501}, {1}),
                 "platform: not a primary-network validator");
  ASSERT_EQ(outcome(apply({op(validator_op(4), {4})})), "ok");
  expect_refused(op(AddSubnetValidator{"staked", addr(4), 501}, {1}),
                 "platform: weight 501 outside subnet staked's range 5..500");
}

TEST_F(GovernanceTest, EverythingSurvivesARestart) {
  propose("owned", ScheduleUpgrade{"a"}, 1);
  vote("owned", 0, 2, true);
  ASSERT_EQ(outcome(apply({op(Delegate{addr(1), plx(100), 5000}, {4})})), "ok");
  const PlatformData data = state_->data();
  const Hash256 root = state_->root();
  state_.reset();
  open();
  EXPECT_TRUE(state_->data() == data);
  EXPECT_EQ(state_->root(), root);
  EXPECT_EQ(state_->data().totals.burned, data.totals.burned);
  // And both go on alike.
  kv::MemoryStore copy;
  for (const auto& [key, value] : dump(store_)) {
    kv::WriteBatch batch;
    batch.put(key, value);
    ASSERT_TRUE(copy.write(batch, kv::Durability::kSync));
  }
  auto twin = PlatformState::open(copy, genesis_).value();
  const PlatformBlock block = next_block({op(Vote{"owned", 0, true}, {3})});
  EXPECT_EQ(state_->apply_block(block).value(), twin->apply_block(block).value());
  EXPECT_EQ(status_text(proposal("owned", 0)), "voting");
}

}  // namespace
}  // namespace plexus::platform::testing
