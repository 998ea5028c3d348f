#include "chain/log_filter.hpp"

#include <gtest/gtest.h>

namespace plexus::chain {
namespace {

Hash256 topic(Byte b) {
  Hash256 h;
  h[31] = b;
  return h;
}

Address addr(Byte b) {
  Address a;
  a[19] = b;
  return a;
}

const Log kLog{addr(1), {topic(10), topic(20)}, {}};

TEST(LogFilter, AddressesAndTopicPositions) {
  EXPECT_TRUE(log_matches({}, kLog));
  EXPECT_TRUE(log_matches({{addr(2), addr(1)}, {}}, kLog));
  EXPECT_FALSE(log_matches({{addr(2)}, {}}, kLog));
  EXPECT_TRUE(log_matches({{}, {{topic(10)}}}, kLog));
  EXPECT_TRUE(log_matches({{}, {{}, {topic(99), topic(20)}}}, kLog));  // wildcard, then OR
  EXPECT_FALSE(log_matches({{}, {{topic(20)}}}, kLog));                // wrong position
  EXPECT_FALSE(log_matches({{}, {{}, {}, {}}}, kLog));                 // more positions than topics
}

TEST(LogFilter, BloomPrefilter) {
  const Bloom bloom = logs_bloom(std::span(&kLog, 1));
  EXPECT_TRUE(bloom_may_match({}, bloom));
  EXPECT_TRUE(bloom_may_match({{addr(1)}, {{}, {topic(20)}}}, bloom));
  EXPECT_FALSE(bloom_may_match({{addr(3)}, {}}, bloom));
  EXPECT_FALSE(bloom_may_match({{}, {{topic(77)}}}, bloom));
  EXPECT_TRUE(bloom_may_match({{addr(3), addr(1)}, {{topic(77), topic(10)}}}, bloom));
}

}  // namespace
}  // namespace plexus::chain
