// Time in the primary network: periods that start later, stake returned with a reward at the
// end, uptime from the signer bitsets, delegations.
#include "core/rlp.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

class StakingTest : public StateTest {
 protected:
  void SetUp() override { open(); }

  // A bitset over the head's signer order with the bits of the validators in `signed_by` set.
  Bytes bitset(std::initializer_list<Byte> signed_by) const {
    const ValidatorSet order = state_->signer_order().value();
    Bytes bits((order.size() + 7) / 8, 0);
    for (std::size_t i = 0; i < order.size(); ++i)
      for (const Byte seed : signed_by)
        if (order[i].node_id == addr(seed)) bits[i / 8] |= static_cast<Byte>(1u << (i % 8));
    return bits;
  }
  std::size_t index_of(Byte seed) const {
    const ValidatorSet order = state_->signer_order().value();
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i].node_id == addr(seed)) return i;
    return order.size();
  }
};

TEST(StakingReward, IsTheAnnualRateForTheTimeStakedRoundedDown) {
  EXPECT_EQ(staking_reward(plx(2000), kYear, 500), plx(100));
  EXPECT_EQ(staking_reward(plx(2000), kDay, 500), plx(100) / uint256(365));
  EXPECT_EQ(staking_reward(uint256(1), kYear, 500), uint256(0));
  EXPECT_EQ(staking_reward(plx(2000), 0, 500), uint256(0));
  // No overflow for amounts far above any supply.
  const uint256 huge = plx(1) << 100;
  EXPECT_EQ(staking_reward(huge, kYear, 10'000), huge);
}

TEST_F(StakingTest, AtTheEndTheStakeReturnsToTheOwnerWithItsReward) {
  ASSERT_EQ(outcome(apply({op(validator_op(7, 0, 1101), {2}), op(subnet_spec("wasm", 7), {1}),
                           sign(AddSubnetValidator{"wasm", addr(7), 10}, {1}, 1)})),
            "ok");
  EXPECT_EQ(state_->account(addr(2)).balance, plx(8000) - fee());
  ASSERT_TRUE(apply_at(1100));
  EXPECT_TRUE(state_->data().validators.contains(addr(7)));
  ASSERT_TRUE(apply_at(1101));  // the period [1001, 1101) is over
  const uint256 reward = staking_reward(plx(2000), 100, 500);
  EXPECT_GT(reward, uint256(0));
  EXPECT_EQ(state_->account(addr(2)).balance, plx(10'000) - fee() + reward);
  EXPECT_EQ(state_->account(addr(7)).balance, uint256(0));
  EXPECT_EQ(state_->data().totals.minted, reward);
  EXPECT_FALSE(state_->data().validators.contains(addr(7)));
  EXPECT_TRUE(state_->data().subnets.at("wasm").validators.empty());
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 2).value().size(), 1u);
  EXPECT_EQ(state_->validator_set("wasm", 2).value().size(), 1u);
  EXPECT_TRUE(state_->validator_set(kPrimaryNetwork, 3).value().empty());
  EXPECT_TRUE(state_->validator_set("wasm", 3).value().empty());
}

TEST_F(StakingTest, AValidatorThatStartsLaterJoinsTheSetsAtItsStart) {
  ASSERT_EQ(outcome(apply({op(validator_op(1, 1005), {1}), op(subnet_spec("wasm", 7), {2})})),
            "ok");
  ASSERT_EQ(outcome(apply({op(AddSubnetValidator{"wasm", addr(1), 10, 1010, 0}, {2})})), "ok");
  EXPECT_TRUE(state_->validator_set(kPrimaryNetwork, 2).value().empty());
  EXPECT_TRUE(state_->signer_order().value().empty());
  ASSERT_TRUE(apply_at(1004));
  EXPECT_TRUE(state_->validator_set(kPrimaryNetwork, 3).value().empty());
  ASSERT_TRUE(apply_at(1005));
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 4).value(),
            (ValidatorSet{{addr(1), 2000, bls_key(1)}}));
  EXPECT_TRUE(state_->validator_set("wasm", 4).value().empty());
  ASSERT_TRUE(apply_at(1010));
  EXPECT_EQ(state_->validator_set("wasm", 5).value(), (ValidatorSet{{addr(1), 10, bls_key(1)}}));
  // A subnet membership may end before the primary period: it leaves that subnet only.
  ASSERT_EQ(outcome(apply({op(subnet_spec("evm", 8), {2})})), "ok");
  ASSERT_EQ(outcome(apply({op(AddSubnetValidator{"evm", addr(1), 10, 0, 1050}, {2})})), "ok");
  EXPECT_EQ(state_->validator_set("evm", 7).value().size(), 1u);
  ASSERT_TRUE(apply_at(1050));
  EXPECT_TRUE(state_->validator_set("evm", 8).value().empty());
  EXPECT_EQ(state_->validator_set("wasm", 8).value().size(), 1u);
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 8).value().size(), 1u);
}

TEST_F(StakingTest, RewardsNeedEightyPercentUptimeFromTheSignerBitsets) {
  ASSERT_EQ(outcome(apply({op(validator_op(1, 0, 1101), {1}), op(validator_op(2, 0, 1101), {2}),
                           op(validator_op(3, 0, 1101), {3}),
                           op(Delegate{addr(3), plx(100), 1101}, {4})})),
            "ok");
  // The signer order is by BLS key, not by node id.
  const ValidatorSet order = state_->signer_order().value();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order, in_certificate_order(state_->validator_set(kPrimaryNetwork, 1).value()));
  // Ten counted blocks: 1 signs all, 2 signs eight (80%), 3 signs seven (70%).
  for (int i = 0; i < 10; ++i) {
    const Bytes bits = i < 7 ? bitset({1, 2, 3}) : i < 8 ? bitset({1, 2}) : bitset({1});
    ASSERT_EQ(outcome(apply_at(1002 + i, bits)), "ok");
  }
  ASSERT_TRUE(apply_at(1050));  // an empty bitset counts nothing
  const auto& v = state_->data().validators;
  EXPECT_EQ(v.at(addr(1)).observed, 10u);
  EXPECT_EQ(v.at(addr(1)).signed_blocks, 10u);
  EXPECT_EQ(v.at(addr(2)).signed_blocks, 8u);
  EXPECT_EQ(v.at(addr(3)).signed_blocks, 7u);
  // A bitset longer than the set, or naming a validator past it, is refused whole.
  const auto before = dump(store_);
  EXPECT_EQ(outcome(apply_at(1051, Bytes{7, 0})),
            "platform block 13: signer bitset of 2 bytes for 3 validators (expected 1)");
  EXPECT_EQ(outcome(apply_at(1051, Bytes{0x0f})),
            "platform block 13: signer bitset names validator 3 of 3");
  EXPECT_EQ(dump(store_), before);
  ASSERT_TRUE(apply_at(1101));
  const uint256 reward = staking_reward(plx(2000), 100, 500);
  EXPECT_EQ(state_->account(addr(1)).balance, plx(10'000) - fee() + reward);
  EXPECT_EQ(state_->account(addr(2)).balance, plx(10'000) - fee() + reward);
  EXPECT_EQ(state_->account(addr(3)).balance, plx(10'000) - fee());  // 70%: stake only
  EXPECT_EQ(state_->account(addr(4)).balance, plx(10'000) - fee());  // and its delegator too
  EXPECT_EQ(state_->data().totals.minted, reward * uint256(2));
}

TEST_F(StakingTest, OnlyObservedValidatorsCount) {
  ASSERT_EQ(outcome(apply({op(validator_op(1, 0, 1101), {1}), op(validator_op(2, 0, 1101), {2}),
                           op(validator_op(3, 0, 1101), {3})})),
            "ok");
  // 3 was not in the attested block's set: its uptime is neither raised nor lowered.
  ASSERT_EQ(outcome(state_->apply_block(
                PlatformBlock{state_->height() + 1,
                              state_->head_hash(),
                              1002,
                              {},
                              UptimeRecord{bitset({1}), bitset({1, 2}), Bytes{0xaa}}})),
            "ok");
  const auto& v = state_->data().validators;
  EXPECT_EQ(v.at(addr(1)).observed, 1u);
  EXPECT_EQ(v.at(addr(1)).signed_blocks, 1u);
  EXPECT_EQ(v.at(addr(2)).observed, 1u);
  EXPECT_EQ(v.at(addr(2)).signed_blocks, 0u);
  EXPECT_EQ(v.at(addr(3)).observed, 0u);
  // A signer who was not observed, or observers without signers, are refused whole.
  const auto before = dump(store_);
  const auto try_uptime = [&](UptimeRecord uptime) {
    return outcome(state_->apply_block(
        PlatformBlock{state_->height() + 1, state_->head_hash(), 1003, {}, std::move(uptime)}));
  };
  EXPECT_EQ(try_uptime({bitset({1, 3}), bitset({1, 2}), Bytes{1}}),
            "platform block 3: signer bitset names validator " + std::to_string(index_of(3)) +
                ", who was not observed");
  EXPECT_EQ(try_uptime({{}, bitset({1}), Bytes{1}}),
            "platform block 3: observed bitset without a signer bitset");
  EXPECT_EQ(try_uptime({bitset({1}), Bytes{1, 0}, Bytes{1}}),
            "platform block 3: observed bitset of 2 bytes for 3 validators (expected 1)");
  EXPECT_EQ(dump(store_), before);
  // Encoded with the two extra fields, and read back the same.
  const PlatformBlock block{9, Hash256{}, 5, {}, UptimeRecord{Bytes{1}, Bytes{3}, Bytes{7, 7}}};
  EXPECT_EQ(decode_block(encode_block(block)).value(), block);
  EXPECT_EQ(
      ::plexus::rlp::list_items(::plexus::rlp::decode(encode_block(block)).value()).value().size(),
      7u);
}

TEST_F(StakingTest, DelegationRules) {
  ASSERT_EQ(outcome(apply({op(validator_op(1), {1}), op(validator_op(3, 5000), {3})})), "ok");
  const auto refuse = [&](Delegate d, Byte issuer, const std::string& message) {
    expect_refused(op(std::move(d), {issuer}), "platform: " + message);
  };
  refuse({addr(1), plx(1) - uint256(1), 2000}, 2, "delegation below the minimum of 1 PLX");
  refuse({addr(9), plx(10), 2000}, 2, "not a primary-network validator");
  refuse({addr(3), plx(10), 6000}, 2, "the validator's staking period has not started");
  const std::string within = "delegation must end within the validator's staking period [1002, " +
                             std::to_string(kEnd) + ")";
  refuse({addr(1), plx(10), 1002}, 2, within);
  refuse({addr(1), plx(10), kEnd + 1}, 2, within);
  refuse({addr(1), plx(10), 1011}, 2, "delegation period shorter than the minimum of 10 seconds");
  refuse({addr(1), plx(8001), 2000}, 2,
         "delegations to a validator are limited to 4 times its stake");
  refuse({addr(1), plx(100), 2000}, 5, "insufficient PLX balance for the delegation");
}

TEST_F(StakingTest, DelegatedStakeWeighsAndReturnsWithItsRewardShare) {
  ASSERT_EQ(outcome(apply({op(validator_op(1), {1})})), "ok");
  ASSERT_EQ(outcome(apply({op(Delegate{addr(1), plx(1000), 1102}, {2}),
                           op(Delegate{addr(1), plx(7000), 2002}, {4})})),
            "ok");
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 2).value()[0].weight, 10'000u);
  EXPECT_EQ(state_->data().validators.at(addr(1)).delegated, plx(8000));
  EXPECT_EQ(state_->data().delegations.size(), 2u);
  EXPECT_EQ(state_->data().delegations.at(DelegationId{addr(1), addr(2), 0}),
            (Delegation{plx(1000), 1002, 1102}));
  // The cap is reached: 8,000 = 4 x 2,000.
  expect_refused(op(Delegate{addr(1), plx(1), 2000}, {3}),
                 "platform: delegations to a validator are limited to 4 times its stake");
  ASSERT_TRUE(apply_at(1102));
  const uint256 reward = staking_reward(plx(1000), 100, 500);
  const uint256 validator_share = reward / uint256(10);  // delegation_fee_bps = 1,000
  EXPECT_EQ(state_->account(addr(2)).balance, plx(10'000) - fee() + reward - validator_share);
  EXPECT_EQ(state_->account(addr(1)).balance, plx(8000) - fee() + validator_share);
  EXPECT_EQ(state_->data().validators.at(addr(1)).delegated, plx(7000));
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 3).value()[0].weight, 9000u);
  EXPECT_EQ(state_->data().delegations.size(), 1u);
}

TEST_F(StakingTest, ANetworkWithoutSignersStillCountsNothing) {
  // No validator: any non-empty bitset is too long.
  EXPECT_EQ(outcome(apply_at(1001, Bytes{0})),
            "platform block 1: signer bitset of 1 bytes for 0 validators (expected 0)");
  EXPECT_EQ(outcome(apply_at(1001)), "ok");
}

}  // namespace
}  // namespace plexus::platform::testing
