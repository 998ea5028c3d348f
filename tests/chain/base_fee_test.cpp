#include "chain/base_fee.hpp"

#include <gtest/gtest.h>

namespace plexus::chain {
namespace {

// Compared as hex strings: printing uint256 through gtest trips a GCC 12 -Wrestrict false positive.
std::string fee(const uint256& v) { return to_hex_string(v); }
std::string fee(std::uint64_t v) { return to_hex_string(uint256(v)); }

struct Vector {
  std::uint64_t base_fee, gas_used, gas_limit, expected;
};

TEST(BaseFee, FollowsEip1559) {
  const Vector vectors[] = {
      {1'000'000'000, 10'000'000, 20'000'000, 1'000'000'000},  // exactly at target
      {1'000'000'000, 9'000'000, 20'000'000, 987'500'000},     // 10% below target
      {1'000'000'000, 11'000'000, 20'000'000, 1'012'500'000},  // 10% above target
      {1'000'000'000, 20'000'000, 20'000'000, 1'125'000'000},  // full: +12.5%
      {1'000'000'000, 0, 20'000'000, 875'000'000},             // empty: -12.5%
      {7, 20'000'000, 20'000'000, 8},                          // increase is at least 1
      {7, 0, 20'000'000, 7},                                   // 7/8 rounds down to no change
      {100, 15'000'000, 30'000'000, 100},
  };
  for (const Vector& v : vectors)
    EXPECT_EQ(fee(next_base_fee(v.base_fee, v.gas_used, v.gas_limit)), fee(v.expected))
        << v.base_fee << " " << v.gas_used << "/" << v.gas_limit;
}

TEST(BaseFee, MainnetTransition) {
  // Mainnet block 20013091 (base fee 13598136420, 13003784 of 30M gas used) was followed by
  // block 20013092 with base fee 13371929608.
  EXPECT_EQ(fee(next_base_fee(13598136420ull, 13003784, 30000000)), fee(13371929608ull));
  // And block 20013090 (13726822059, 13875029 gas used) was followed by 20013091's 13598136420.
  EXPECT_EQ(fee(next_base_fee(13726822059ull, 13875029, 30000000)), fee(13598136420ull));
}

TEST(BaseFee, DegenerateGasLimitKeepsFee) { EXPECT_EQ(fee(next_base_fee(5, 1, 1)), fee(5)); }

}  // namespace
}  // namespace plexus::chain
