// Clock and Random: the properties the simulations rely on.
#include <array>
#include <set>

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace plexus {
namespace {

TEST(ManualClock, MovesOnlyWhenAdvancedAndKeepsWallAndMonotonicTogether) {
  ManualClock clock(1'000);
  EXPECT_EQ(clock.unix_seconds(), 1'000u);
  EXPECT_EQ(clock.monotonic().count(), 0);
  clock.advance(std::chrono::milliseconds(2'500));
  EXPECT_EQ(clock.monotonic(), std::chrono::milliseconds(2'500));
  EXPECT_EQ(clock.unix_seconds(), 1'002u);
}

TEST(SeededRandom, SameSeedSameStreamOtherSeedOtherStream) {
  SeededRandom a(7), b(7), c(8);
  std::array<Byte, 13> fa{}, fb{};
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
  a.fill(fa);
  b.fill(fb);
  EXPECT_EQ(fa, fb);
  SeededRandom a2(7);
  int same = 0;
  for (int i = 0; i < 100; ++i) same += a2.next_u64() == c.next_u64();
  EXPECT_LT(same, 2);
}

TEST(Random, BelowStaysInRangeAndCoversIt) {
  SeededRandom random(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1'000; ++i) {
    const auto x = random.below(10);
    ASSERT_LT(x, 10u);
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(random.below(0), 0u);
  EXPECT_EQ(random.below(1), 0u);
}

TEST(SystemRandom, FillsAndDiffers) {
  SystemRandom random;
  std::array<Byte, 32> a{}, b{};
  random.fill(a);
  random.fill(b);
  EXPECT_NE(a, b);
  EXPECT_GT(SystemClock().unix_seconds(), 1'600'000'000u);
}

}  // namespace
}  // namespace plexus
