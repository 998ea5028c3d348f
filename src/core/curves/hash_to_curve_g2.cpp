// RFC 9380 map_to_curve for BLS12-381 G2: simplified SWU onto the 3-isogenous curve
// E2': y^2 = x^3 + 240 u x + 1012 (1 + u), then the 3-isogeny to E' (constants of RFC 9380
// appendix E.3).
#include <array>

#include "core/curves/hash_to_curve.hpp"
#include "core/curves/sswu.hpp"

namespace plexus::curves::bls12_381 {
namespace {

constexpr SswuCurve<Fq2> kIsoCurve = make_sswu_curve(Fq2{Fq::zero(), Fq::from_u64(240)},
                                                     Fq2{Fq::from_u64(1012), Fq::from_u64(1012)},
                                                     Fq2{-Fq::from_u64(2), -Fq::one()});

// kXNum, lowest degree first.
constexpr std::array<Fq2, 4> kXNum{
    Fq2{Fq::from_hex("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d"
                 "5c2638e343d9c71c6238aaaaaaaa97d6"),
     Fq::from_hex("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d"
                 "5c2638e343d9c71c6238aaaaaaaa97d6")},
    Fq2{Fq::zero(),
     Fq::from_hex("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a418"
                 "1472aaa9cb8d555526a9ffffffffc71a")},
    Fq2{Fq::from_hex("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a418"
                 "1472aaa9cb8d555526a9ffffffffc71e"),
     Fq::from_hex("08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c"
                 "0a395554e5c6aaaa9354ffffffffe38d")},
    Fq2{Fq::from_hex("171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b8575"
                 "7098e38d0f671c7188e2aaaaaaaa5ed1"),
     Fq::zero()}};

// kXDen, lowest degree first.
constexpr std::array<Fq2, 3> kXDen{
    Fq2{Fq::zero(),
     Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffaa63")},
    Fq2{Fq::from_hex("0000000000000000000000000000000000000000000000000000000000000000"
                 "0000000000000000000000000000000c"),
     Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffaa9f")},
    Fq2{Fq::one(),
     Fq::zero()}};

// kYNum, lowest degree first.
constexpr std::array<Fq2, 4> kYNum{
    Fq2{Fq::from_hex("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500"
                 "fc8c25ebf8c92f6812cfc71c71c6d706"),
     Fq::from_hex("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500"
                 "fc8c25ebf8c92f6812cfc71c71c6d706")},
    Fq2{Fq::zero(),
     Fq::from_hex("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d"
                 "5c2638e343d9c71c6238aaaaaaaa97be")},
    Fq2{Fq::from_hex("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a418"
                 "1472aaa9cb8d555526a9ffffffffc71c"),
     Fq::from_hex("08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c"
                 "0a395554e5c6aaaa9354ffffffffe38f")},
    Fq2{Fq::from_hex("124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa27452"
                 "4e79097a56dc4bd9e1b371c71c718b10"),
     Fq::zero()}};

// kYDen, lowest degree first.
constexpr std::array<Fq2, 4> kYDen{
    Fq2{Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffa8fb"),
     Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffa8fb")},
    Fq2{Fq::zero(),
     Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffa9d3")},
    Fq2{Fq::from_hex("0000000000000000000000000000000000000000000000000000000000000000"
                 "00000000000000000000000000000012"),
     Fq::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                 "1eabfffeb153ffffb9feffffffffaa99")},
    Fq2{Fq::one(),
     Fq::zero()}};

}  // namespace

Jacobian<Fq2> map_to_curve_g2_jacobian(const Fq2& u) {
  return isogeny_map(map_to_curve_sswu(u, kIsoCurve), kXNum, kXDen, kYNum, kYDen);
}
G2 map_to_curve_g2(const Fq2& u) { return map_to_curve_g2_jacobian(u).to_affine(); }

}  // namespace plexus::curves::bls12_381
