// Arbitrary bytes of any length give an answer or an error, never a crash (meaningful under the
// sanitizer build).
#include <gtest/gtest.h>

#include "core/curves/precompiles.hpp"

namespace plexus::curves {
namespace {

Bytes pseudo_random_bytes(std::size_t n, std::uint64_t seed) {
  Bytes out(n);
  for (Byte& b : out) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    b = static_cast<Byte>(seed >> 56);
  }
  return out;
}

TEST(CurvesRobustness, ArbitraryInputs) {
  using Fn = Result<Bytes> (*)(BytesView);
  const Fn fns[] = {bn254_add, bn254_mul, bn254_pairing_check, kzg_point_evaluation};
  const std::size_t output_sizes[] = {64, 64, 32, 64};
  for (const std::size_t n : {0u, 1u, 31u, 64u, 95u, 96u, 127u, 128u, 129u, 191u, 192u, 384u}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const Bytes input = pseudo_random_bytes(n, seed * 1000 + n);
      for (std::size_t f = 0; f < std::size(fns); ++f) {
        const Result<Bytes> out = fns[f](input);
        if (out) {
          EXPECT_EQ(out->size(), output_sizes[f]);
        }
      }
    }
  }
  // Random bytes are not a valid point, so these must be rejected.
  EXPECT_FALSE(bn254_add(pseudo_random_bytes(128, 7)));
  EXPECT_FALSE(bn254_pairing_check(pseudo_random_bytes(192, 7)));
  EXPECT_FALSE(kzg_point_evaluation(pseudo_random_bytes(192, 7)));
}

}  // namespace
}  // namespace plexus::curves
