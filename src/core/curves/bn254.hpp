#pragma once
// BN254 (alt_bn128) parameters and types. Internal header: only src/core/curves/*.cpp include it.
#include <array>

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

// Frobenius constants xi^(i (p - 1) / 6), xi = 9 + u, for i = 0..5.
inline constexpr std::array<Fq2, 6> kFrobeniusGamma{
    Fq2::one(),
    Fq2{Fq::from_hex("1284b71c2865a7dfe8b99fdd76e68b605c521e08292f2176d60b35dadcc9e470"),
        Fq::from_hex("246996f3b4fae7e6a6327cfe12150b8e747992778eeec7e5ca5cf05f80f362ac")},
    Fq2{Fq::from_hex("2fb347984f7911f74c0bec3cf559b143b78cc310c2c3330c99e39557176f553d"),
        Fq::from_hex("16c9e55061ebae204ba4cc8bd75a079432ae2a1d0b7c9dce1665d51c640fcba2")},
    Fq2{Fq::from_hex("063cf305489af5dcdc5ec698b6e2f9b9dbaae0eda9c95998dc54014671a0135a"),
        Fq::from_hex("07c03cbcac41049a0704b5a7ec796f2b21807dc98fa25bd282d37f632623b0e3")},
    Fq2{Fq::from_hex("05b54f5e64eea80180f3c0b75a181e84d33365f7be94ec72848a1f55921ea762"),
        Fq::from_hex("2c145edbe7fd8aee9f3a80b03b0b1c923685d2ea1bdec763c13b4711cd2b8126")},
    Fq2{Fq::from_hex("0183c1e74f798649e93a3661a4353ff4425c459b55aa1bd32ea2c810eab7692f"),
        Fq::from_hex("12acf2ca76fd0675a27fb246c7729f7db080cb99678e2ac024c6b8ee6e0c2c4b")}};

// psi, the Frobenius endomorphism carried to the twist: (x, y) -> (conj(x) g2, conj(y) g3).
// On G2 it acts as multiplication by p, i.e. by 6u^2 modulo r.
[[nodiscard]] inline G2 twist_frobenius(const G2& q) {
  if (q.infinity) return q;
  return {q.x.conj() * kFrobeniusGamma[2], q.y.conj() * kFrobeniusGamma[3], false};
}

}  // namespace plexus::curves::bn254
