#pragma once
// BN254 (alt_bn128) parameters and types. Internal header: only src/core/curves/*.cpp include it.
#include "core/curves/point.hpp"
#include "core/curves/tower.hpp"

namespace plexus::curves::bn254 {

struct FpParams {
  static constexpr std::size_t kN = 4;
  static constexpr Limbs<4> kModulus =
      limbs_from_hex<4>("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
};
using Fq = Fp<FpParams>;
using Fq2 = Fp2<Fq, 9>;
using Fq6 = Fp6<Fq2>;
using Fq12 = Fp12<Fq6>;
using G1 = Affine<Fq>;
using G2 = Affine<Fq2>;

// Group order r (of G1 and of the G2 subgroup used by the pairing).
inline constexpr Limbs<4> kOrder =
    limbs_from_hex<4>("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");

inline constexpr Fq kB = Fq::from_u64(3);
// Twist coefficient b' = 3 / (9 + u) of E': y^2 = x^3 + b' over Fq2 (a D-type sextic twist).
inline constexpr Fq2 kTwistB{
    Fq::from_hex("2b149d40ceb8aaae81be18991be06ac3b5b4c5e559dbefa33267e6dc24a138e5"),
    Fq::from_hex("009713b03af0fed4cd2cafadeed8fdf4a74fa084e52d1852e4a2bd0685c315d2")};

}  // namespace plexus::curves::bn254
