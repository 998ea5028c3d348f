#include "platform/builder.hpp"

#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

class BuilderTest : public StateTest {
 protected:
  void SetUp() override { open(); }
};

TEST_F(BuilderTest, KeepsTheValidOperationsAndSaysWhyTheOthersWereDropped) {
  const std::vector<SignedOperation> pool = {
      sign(Transfer{addr(9), plx(1)}, {2}, 0),
      sign(Transfer{addr(9), plx(1)}, {2}, 0),  // the same nonce again
      sign(validator_op(5), {5}, 0),            // 100 PLX cannot stake 2,000
      sign(Transfer{addr(9), plx(1)}, {2}, 1),  // valid after the first
      sign(Transfer{addr(5), plx(2000)}, {3}, 0),
      sign(validator_op(5), {5}, 0),  // now it can
  };
  const Hash256 root = state_->root();
  const BuiltBlock built = build_block(*state_, pool, 5000);
  EXPECT_EQ(state_->root(), root);  // building changes nothing
  ASSERT_EQ(built.dropped.size(), 2u);
  EXPECT_EQ(built.dropped[0].index, 1u);
  EXPECT_EQ(built.dropped[0].reason.message, "platform: nonce 0, expected 1");
  EXPECT_EQ(built.dropped[1].index, 2u);
  EXPECT_EQ(built.dropped[1].reason.message, "platform: insufficient PLX balance for the stake");
  EXPECT_EQ(built.block.ops, (std::vector<SignedOperation>{pool[0], pool[3], pool[4], pool[5]}));
  EXPECT_EQ(built.block.height, 1u);
  EXPECT_EQ(built.block.parent_hash, state_->head_hash());
  EXPECT_EQ(built.block.timestamp, 5000u);
  ASSERT_TRUE(state_->apply_block(built.block));
  EXPECT_EQ(state_->account(addr(9)).balance, plx(2));
  EXPECT_TRUE(state_->data().validators.contains(addr(5)));
}

TEST_F(BuilderTest, CarriesTheSignerBitsetAndRefusesAMalformedOne) {
  ASSERT_TRUE(apply({op(validator_op(1), {1})}));
  const std::vector<SignedOperation> pool = {op(Transfer{addr(9), 1}, {2})};
  const BuiltBlock built = build_block(*state_, pool, 5000, UptimeRecord{Bytes{1}});
  EXPECT_TRUE(built.dropped.empty());
  EXPECT_EQ(built.block.uptime.signers, Bytes{1});
  const BuiltBlock bad = build_block(*state_, pool, 5000, UptimeRecord{Bytes{3}});
  ASSERT_EQ(bad.dropped.size(), 1u);
  EXPECT_EQ(bad.dropped[0].reason.message, "signer bitset names validator 1 of 1");
  EXPECT_TRUE(bad.block.ops.empty());
  EXPECT_TRUE(bad.block.uptime.signers.empty());
  ASSERT_TRUE(state_->apply_block(built.block));
  EXPECT_EQ(state_->data().validators.at(addr(1)).signed_blocks, 1u);
}

TEST_F(BuilderTest, NeverDatesABlockBeforeItsParentAndStopsWhenFull) {
  PlatformConfig config = test_config();
  config.max_block_operations = 1;
  open_new(config);
  const std::vector<SignedOperation> pool = {sign(Transfer{addr(9), 1}, {2}, 0),
                                             sign(Transfer{addr(9), 1}, {3}, 0)};
  const BuiltBlock built = build_block(*state_, pool, 1);
  EXPECT_EQ(built.block.timestamp, 1000u);
  EXPECT_EQ(built.block.ops.size(), 1u);
  ASSERT_EQ(built.dropped.size(), 1u);
  EXPECT_EQ(built.dropped[0].reason.code, Errc::kLimitExceeded);
  EXPECT_TRUE(state_->apply_block(built.block));
}

}  // namespace
}  // namespace plexus::platform::testing
