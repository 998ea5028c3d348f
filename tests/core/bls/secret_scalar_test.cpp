// The branch-free pieces behind signing and key derivation (src/core/bls/points.hpp): the masked
// addition agrees with the generic one in every special case, the digit split recomposes the
// scalar, and the blinded affine conversion gives the same point as the plain one.
#include <gtest/gtest.h>

#include <random>

#include "core/bls/points.hpp"

namespace plexus::bls {
namespace {

template <class F>
void expect_same_point(const Jacobian<F>& a, const Jacobian<F>& b) {
  EXPECT_TRUE(a == b);
}

TEST(BlsSecretScalar, MaskedAdditionMatchesTheGenericOneInEverySpecialCase) {
  const auto p = Jacobian<Fq2>::from(curve::kG2Generator);
  const auto q = p.dbl() + p;  // 3P
  const Jacobian<Fq2> infinity;
  expect_same_point(add_secret(p, q), p + q);
  expect_same_point(add_secret(p, infinity), p);
  expect_same_point(add_secret(infinity, q), q);
  EXPECT_TRUE(add_secret(infinity, infinity).is_infinity());
  expect_same_point(add_secret(p, p), p.dbl());
  EXPECT_TRUE(add_secret(p, -p).is_infinity());
  const auto g1 = Jacobian<Fq>::from(curve::kG1Generator);
  expect_same_point(add_secret(g1, g1), g1.dbl());
  expect_same_point(add_secret(g1, Jacobian<Fq>{}), g1);
  // Doubling infinity without the check stays infinity.
  EXPECT_TRUE(dbl_secret(infinity).is_infinity());
  expect_same_point(dbl_secret(p), p.dbl());
}

TEST(BlsSecretScalar, DigitsRecomposeTheScalar) {
  std::mt19937_64 rng(7);
  constexpr std::uint64_t kAbsX = 0xd201000000010000;
  for (int i = 0; i < 200; ++i) {
    // Scalars below r (every secret key), which is below |x|^4: four digits hold all of them.
    Limbs<4> k{rng(), rng(), rng(), rng() % curve::kOrder[3]};
    if (i == 0) k = {};
    if (i == 1) k = {curve::kOrder[0] - 1, curve::kOrder[1], curve::kOrder[2], curve::kOrder[3]};
    const auto d = x_digits(k);
    Limbs<5> acc{};  // Horner: ((d3 |x| + d2) |x| + d1) |x| + d0
    for (std::size_t j = 4; j-- > 0;) {
      EXPECT_LT(d[j], kAbsX);
      curves::u128 carry = d[j];
      for (std::uint64_t& limb : acc) {
        const curves::u128 t = static_cast<curves::u128>(limb) * (j == 3 ? 0 : kAbsX) + carry;
        limb = static_cast<std::uint64_t>(t);
        carry = t >> 64;
      }
    }
    EXPECT_EQ(acc, (Limbs<5>{k[0], k[1], k[2], k[3], 0})) << i;
  }
}

TEST(BlsSecretScalar, BlindedAffineIsThePlainAffine) {
  const auto p = Jacobian<Fq2>::from(curve::kG2Generator).dbl().dbl();
  const auto plain = p.to_affine();
  const auto blinded = to_affine_secret(p);
  EXPECT_TRUE(plain.x == blinded.x && plain.y == blinded.y && !blinded.infinity);
}

}  // namespace
}  // namespace plexus::bls
