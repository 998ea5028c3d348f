// Validator sets at every past height, against a model of what each block did.
#include <map>

#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

constexpr std::uint64_t kBlocks = 40;

struct ModelValidator {
  Byte seed = 0;
  std::uint64_t start = 0;
  std::uint64_t end = kNoEnd;
  std::uint64_t subnet_weight = 0;
  std::uint64_t joined_subnet = kNoEnd;
  std::uint64_t left_subnet = kNoEnd;
};

class HistoryTest : public StateTest {
 protected:
  void SetUp() override {
    genesis_ = PlatformGenesis{.network_id = kNetwork, .timestamp = 0};
    genesis_.balances.emplace_back(addr(1), plx(100));
    for (Byte seed = 10; seed < 10 + kBlocks; ++seed)
      genesis_.balances.emplace_back(addr(seed), plx(3000));
    CreateSubnet sub = subnet_spec("sub", 5);
    sub.owners = {addr(1)};
    sub.governance = Governance{};
    genesis_.operations = {sign(sub, {1}, 0)};
    PlatformConfig config = test_config();
    config.min_staking_period = 1;
    config.max_staking_period = kNoEnd;
    open(config);
  }

  // Block h (at time h) registers validator 10+h (from h, or from h+2 on odd heights; every
  // third one leaves at h+7), adds it to "sub" with weight h from the same time, and every
  // fifth block removes the earliest subnet member still there.
  void run_blocks() {
    for (std::uint64_t h = 1; h <= kBlocks; ++h) {
      const Byte seed = static_cast<Byte>(9 + h);
      ModelValidator& v = model_[addr(seed)];
      v.seed = seed;
      v.start = h % 2 == 1 ? h + 2 : h;
      v.end = h % 3 == 0 ? h + 7 : kNoEnd;
      v.subnet_weight = h;
      v.joined_subnet = v.start;
      std::vector<SignedOperation> ops = {
          sign(validator_op(seed, v.start, v.end), {seed}, 0),
          sign(AddSubnetValidator{"sub", addr(seed), h, v.start, 0}, {1}, owner_nonce_++)};
      if (h % 5 == 0) {
        for (auto& [node, m] : model_) {
          if (m.left_subnet != kNoEnd || m.joined_subnet >= h || m.end <= h) continue;
          m.left_subnet = h;
          ops.push_back(sign(RemoveSubnetValidator{"sub", node}, {1}, owner_nonce_++));
          break;
        }
      }
      ASSERT_EQ(outcome(apply(std::move(ops))), "ok") << "height " << h;
    }
  }

  ValidatorSet expected(bool primary, std::uint64_t h) const {
    ValidatorSet out;  // model_ is ordered by address: the canonical order
    for (const auto& [node, m] : model_) {
      const bool staking = m.start <= h && h < m.end;
      const bool in_subnet = m.joined_subnet <= h && h < m.left_subnet;
      if (!staking || (!primary && !in_subnet)) continue;
      out.push_back({node, primary ? 2000 : m.subnet_weight, bls_key(m.seed)});
    }
    return out;
  }

  void expect_all_heights() {
    std::size_t nonempty = 0;
    for (std::uint64_t h = 0; h <= kBlocks; ++h) {
      EXPECT_EQ(state_->validator_set(kPrimaryNetwork, h).value(), expected(true, h)) << h;
      EXPECT_EQ(state_->validator_set("sub", h).value(), expected(false, h)) << h;
      nonempty += !expected(false, h).empty();
    }
    EXPECT_GT(nonempty, kBlocks / 2);  // the model is not trivially empty
  }

  std::map<Address, ModelValidator> model_;
  std::uint64_t owner_nonce_ = 1;  // account 1 created the subnet at genesis
};

TEST_F(HistoryTest, ValidatorSetsAtEveryPastHeight) {
  run_blocks();
  expect_all_heights();
  // Spot checks that do not rely on the model: validator 11 (height 2, from 2, weight 2) and
  // validator 10 (height 1, pending until 3).
  const ValidatorSet at2 = state_->validator_set("sub", 2).value();
  ASSERT_EQ(at2.size(), 1u);
  EXPECT_EQ(at2[0].node_id, addr(11));
  EXPECT_EQ(at2[0].weight, 2u);
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 1).value().size(), 0u);
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 3).value().size(), 2u);
  const ValidatorSet primary = state_->validator_set(kPrimaryNetwork, kBlocks).value();
  EXPECT_TRUE(std::is_sorted(primary.begin(), primary.end(),
                             [](const auto& a, const auto& b) { return a.node_id < b.node_id; }));
}

TEST_F(HistoryTest, SurvivesRestart) {
  run_blocks();
  state_.reset();
  open(PlatformConfig{});  // the stored parameters apply
  EXPECT_EQ(state_->height(), kBlocks);
  expect_all_heights();
}

TEST_F(HistoryTest, AsksOnlyForHeightsAndSubnetsThatExist) {
  ASSERT_TRUE(apply({}));
  EXPECT_EQ(state_->validator_set("sub", 2).error().message,
            "platform: height 2 is above the head 1");
  EXPECT_EQ(state_->validator_set("nope", 1).error().code, Errc::kNotFound);
  EXPECT_EQ(state_->validator_set("sub", 0).value(), ValidatorSet{});
  EXPECT_EQ(state_->validator_set(kPrimaryNetwork, 0).value(), ValidatorSet{});
}

}  // namespace
}  // namespace plexus::platform::testing
