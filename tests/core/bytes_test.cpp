#include "core/bytes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace plexus {
namespace {

template <std::size_t N>
void expect_byte_wise_order() {
  // Pairs equal up to position i and differing there in both directions, plus equal pairs: the
  // word-wise comparison must agree with a byte-by-byte one at every position of every word.
  for (std::size_t i = 0; i < N; ++i) {
    for (const auto& [x, y] : {std::pair<Byte, Byte>{0x01, 0x80}, {0x80, 0x01}, {0x7f, 0x7f}}) {
      FixedBytes<N> a;
      FixedBytes<N> b;
      for (std::size_t k = 0; k < N; ++k) a[k] = b[k] = static_cast<Byte>(k * 37 + 11);
      a[i] = x;
      b[i] = y;
      if (i + 1 < N) b[N - 1] = static_cast<Byte>(a[N - 1] ^ 0xff);  // later bytes must not count
      const bool byte_wise_less = std::lexicographical_compare(a.bytes.begin(), a.bytes.end(),
                                                               b.bytes.begin(), b.bytes.end());
      EXPECT_EQ(a < b, byte_wise_less) << "N=" << N << " i=" << i;
      EXPECT_EQ(a == b, a.bytes == b.bytes) << "N=" << N << " i=" << i;
    }
  }
  static_assert(FixedBytes<N>{} == FixedBytes<N>{});  // the constant-evaluated path
}

TEST(FixedBytes, OrdersByteWise) {
  expect_byte_wise_order<3>();
  expect_byte_wise_order<20>();
  expect_byte_wise_order<32>();
}

}  // namespace
}  // namespace plexus
