#include "rpc/polling_filters.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "fixtures.hpp"

namespace plexus::rpc {
namespace {

using testing::filled;

BlockLog block_log(Byte address, Byte topic, std::uint64_t index) {
  Address a;
  a[19] = address;
  return BlockLog{chain::Log{a, {filled(topic)}, {}},
                  LogPosition{filled(0xbb), 1, filled(0xcc), 0, index}};
}

TEST(PollingFilters, BlockAndPendingFiltersCollectHashesUntilPolled) {
  PollingFilters filters;
  const std::string blocks = *filters.new_block_filter();
  const std::string pending = *filters.new_pending_transaction_filter();
  EXPECT_NE(blocks, pending);
  filters.on_block(filled(1), 1, {});
  filters.on_block(filled(2), 2, {});
  filters.on_pending_transaction(filled(9));
  EXPECT_EQ(*filters.take_changes(blocks), json::array({to_hex(filled(1)), to_hex(filled(2))}));
  EXPECT_EQ(*filters.take_changes(blocks), json::array());
  EXPECT_EQ(*filters.take_changes(pending), json::array({to_hex(filled(9))}));
  EXPECT_FALSE(filters.log_filter(blocks));
  EXPECT_TRUE(filters.uninstall(blocks));
  EXPECT_FALSE(filters.uninstall(blocks));
  const auto gone = filters.take_changes(blocks);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().message, "filter not found");
}

TEST(PollingFilters, LogFiltersKeepMatchingLogs) {
  PollingFilters filters;
  chain::LogFilter want;
  want.topics = {{filled(7)}};
  const std::string id = *filters.new_log_filter(want);
  const BlockLog logs[] = {block_log(1, 7, 0), block_log(2, 8, 1), block_log(3, 7, 2)};
  filters.on_block(filled(0xbb), 1, logs);
  const json changes = *filters.take_changes(id);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["logIndex"], "0x0");
  EXPECT_EQ(changes[1]["logIndex"], "0x2");
  ASSERT_TRUE(filters.log_filter(id));
  EXPECT_EQ(filters.log_filter(id)->filter.topics.size(), 1u);
}

TEST(PollingFilters, LimitsAndExpiry) {
  PollingFilters filters(PollingLimits{
      .max_filters = 2, .max_buffered = 3, .max_idle_blocks = 5, .max_idle_time = {}});
  const std::string kept = *filters.new_block_filter();
  const std::string idle = *filters.new_block_filter();
  const auto third = filters.new_block_filter();
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, Errc::kLimitExceeded);
  for (Byte b = 1; b <= 5; ++b) filters.on_block(filled(b), b, {});
  // Only the newest three survive in the buffer.
  EXPECT_EQ(*filters.take_changes(kept),
            json::array({to_hex(filled(3)), to_hex(filled(4)), to_hex(filled(5))}));
  filters.on_block(filled(6), 6, {});  // `idle` has now gone 6 blocks without a poll
  EXPECT_FALSE(filters.take_changes(idle));
  EXPECT_TRUE(filters.take_changes(kept));
  EXPECT_TRUE(filters.new_block_filter());  // its slot is free again
}

}  // namespace
}  // namespace plexus::rpc

namespace plexus::rpc {
namespace {

TEST(PollingFilters, AnIdleFilterSurvivesManyBlocksWithinTheIdleTime) {
  PollingFilters filters(PollingLimits{.max_idle_blocks = 5});  // and the default 5 minutes
  const std::string id = *filters.new_block_filter();
  for (Byte b = 1; b <= 50; ++b) filters.on_block(filled(b), b, {});
  EXPECT_TRUE(filters.take_changes(id));
}

TEST(PollingFilters, SkipBlocksCommittedBeforeInstallAndKeepTheirRange) {
  PollingFilters filters;
  // Block 4 was committed before the filters were installed; its notification arrives late.
  const std::string blocks = *filters.new_block_filter(4);
  const std::string logs = *filters.new_log_filter({}, 4, 6, 6);
  const BlockLog one[] = {block_log(1, 7, 0)};
  filters.on_block(filled(4), 4, one);
  filters.on_block(filled(5), 5, one);
  filters.on_block(filled(6), 6, one);
  filters.on_block(filled(7), 7, one);
  EXPECT_EQ(*filters.take_changes(blocks),
            json::array({to_hex(filled(5)), to_hex(filled(6)), to_hex(filled(7))}));
  EXPECT_EQ(filters.take_changes(logs)->size(), 1u);  // only block 6 is in range
}

}  // namespace
}  // namespace plexus::rpc
