// The interleaved SHA-256 pair against core's SHA-256, at the lengths around block boundaries and
// the two the trees use (181-byte nodes, 542-byte leaves).
#include <gtest/gtest.h>

#include <random>

#include "core/hash.hpp"
#include "da/sha256x2.hpp"

namespace plexus::da {
namespace {

TEST(Sha256Pair, MatchesCoreSha256) {
  std::mt19937_64 rng(9);
  for (const std::size_t length : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 119u, 120u, 181u, 542u, 1024u}) {
    Bytes a(length), b(length);
    for (auto& x : a) x = static_cast<Byte>(rng());
    for (auto& x : b) x = static_cast<Byte>(rng());
    Hash256 ha, hb;
    sha256_pair(a.data(), b.data(), length, ha, hb);
    EXPECT_EQ(ha, sha256(a)) << length;
    EXPECT_EQ(hb, sha256(b)) << length;
  }
  // Above the pair limit it still answers, through core's function.
  const Bytes big(kMaxPairLength + 1, 7);
  Hash256 ha, hb;
  sha256_pair(big.data(), big.data(), big.size(), ha, hb);
  EXPECT_EQ(ha, sha256(big));
}

}  // namespace
}  // namespace plexus::da
