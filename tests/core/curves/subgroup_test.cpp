// The fast subgroup checks (endomorphism based) agree with the definition [r]P == O, on points
// inside and outside the subgroups.
#include <gtest/gtest.h>

#include "core/curves/bls12_381.hpp"
#include "core/curves/bn254.hpp"
#include "core/curves/bn254_codec.hpp"
#include "core/hex.hpp"

namespace plexus::curves {
namespace {

template <class F, std::size_t M>
bool by_definition(const Affine<F>& p, const Limbs<M>& order) {
  return Jacobian<F>::from(p).mul(order).is_infinity();
}

TEST(Subgroup, Bn254G2FastCheckMatchesDefinition) {
  // On the twist, outside G2 (imaginary parts first, as in EIP-197).
  const Bytes raw = hex_or_throw(
      "0000000000000000000000000000000000000000000000000000000000000001"
      "0000000000000000000000000000000000000000000000000000000000000002"
      "2b76c179599bb92a963dac85546a005a777f7c13f6a7b75d5918b6b5808f5fde"
      "101f7278419308b95099eca02dcee0c5381f4d26d1d62313f057167f064101ce");
  const bn254::G2 outside{{*bn254::Fq::from_be(raw.data() + 32, 32),
                           *bn254::Fq::from_be(raw.data(), 32)},
                          {*bn254::Fq::from_be(raw.data() + 96, 32),
                           *bn254::Fq::from_be(raw.data() + 64, 32)},
                          false};
  ASSERT_TRUE(outside.on_curve(bn254::kTwistB));
  // The twist's cofactor 2p - r clears any point into G2.
  const Limbs<4> cofactor =
      limbs_from_hex<4>("30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d");
  const auto base = Jacobian<bn254::Fq2>::from(outside);
  for (std::uint64_t m = 1; m <= 6; ++m) {
    const bn254::G2 q = base.mul(Limbs<1>{m}).to_affine();
    EXPECT_FALSE(bn254::in_g2(q)) << m;
    EXPECT_EQ(bn254::in_g2(q), by_definition(q, bn254::kOrder)) << m;
    const bn254::G2 cleared = Jacobian<bn254::Fq2>::from(q).mul(cofactor).to_affine();
    EXPECT_TRUE(bn254::in_g2(cleared)) << m;
    EXPECT_TRUE(by_definition(cleared, bn254::kOrder)) << m;
  }
}

TEST(Subgroup, Bls12381G1FastCheckMatchesDefinition) {
  using bls12_381::Fq;
  // The G1 cofactor (x - 1)^2 / 3.
  const Limbs<2> cofactor = limbs_from_hex<2>("396c8c005555e1568c00aaab0000aaab");
  int lifted = 0;
  for (std::uint64_t x = 1; x <= 20; ++x) {
    const Fq fx = Fq::from_u64(x);
    const auto y = (fx.sqr() * fx + bls12_381::kB).sqrt();
    if (!y) continue;
    ++lifted;
    const bls12_381::G1 p{fx, *y, false};
    EXPECT_EQ(bls12_381::in_g1(p), by_definition(p, bls12_381::kOrder)) << x;
    EXPECT_FALSE(bls12_381::in_g1(p)) << x;
    const bls12_381::G1 cleared = Jacobian<Fq>::from(p).mul(cofactor).to_affine();
    EXPECT_TRUE(bls12_381::in_g1(cleared)) << x;
    EXPECT_TRUE(by_definition(cleared, bls12_381::kOrder)) << x;
  }
  EXPECT_GT(lifted, 3);
  EXPECT_TRUE(bls12_381::in_g1(bls12_381::kG1Generator));
}

}  // namespace
}  // namespace plexus::curves
