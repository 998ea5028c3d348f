// Algebraic identities of the hand-written fields and tower, on deterministic pseudo-random
// elements.
#include <gtest/gtest.h>

#include "core/curves/bls12_381.hpp"
#include "core/curves/bn254.hpp"

namespace plexus::curves {
namespace {

// splitmix64: a fixed sequence, so failures reproduce.
struct Sequence {
  std::uint64_t state = 0x9e3779b97f4a7c15;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  template <class F>
  F fp() {
    Limbs<F::kN> x{};
    for (auto& limb : x) limb = next();
    x[F::kN - 1] >>= 8;  // below p for both moduli
    return F::from_limbs(x);
  }
  template <class F2>
  F2 fp2() {
    using F = typename F2::Base;
    return {fp<F>(), fp<F>()};
  }
  template <class F12, class F2>
  F12 fp12() {
    return {{fp2<F2>(), fp2<F2>(), fp2<F2>()}, {fp2<F2>(), fp2<F2>(), fp2<F2>()}};
  }
};

template <class F>
void check_prime_field() {
  Sequence seq;
  for (int i = 0; i < 50; ++i) {
    const F a = seq.fp<F>(), b = seq.fp<F>(), c = seq.fp<F>();
    EXPECT_EQ(a * a.inverse(), F::one());
    EXPECT_EQ((a + b) * c, a * c + b * c);
    EXPECT_EQ(a - b + b, a);
    EXPECT_EQ(-a + a, F::zero());
    const auto root = a.sqr().sqrt();
    ASSERT_TRUE(root.has_value());
    EXPECT_TRUE(*root == a || *root == -a);
    EXPECT_NE(a.is_lexicographically_largest(), (-a).is_lexicographically_largest());
  }
  EXPECT_EQ(F::zero().inverse(), F::zero());
}

TEST(Field, Bn254Fp) { check_prime_field<bn254::Fq>(); }
TEST(Field, Bls12381Fp) { check_prime_field<bls12_381::Fq>(); }

template <class F12, class F2>
void check_tower(const std::array<F2, 6>& gamma) {
  Sequence seq;
  for (int i = 0; i < 5; ++i) {
    const F12 a = seq.fp12<F12, F2>(), b = seq.fp12<F12, F2>();
    EXPECT_EQ(a * a.inverse(), F12::one());
    EXPECT_EQ(a.sqr(), a * a);
    EXPECT_EQ((a * b).frobenius(gamma), a.frobenius(gamma) * b.frobenius(gamma));
    F12 f = a;
    for (int k = 0; k < 6; ++k) f = f.frobenius(gamma);
    EXPECT_EQ(f, a.conj());  // x^(p^6) is the conjugate
    EXPECT_EQ(a.pow(5), a * a * a * a * a);
    // Sparse products of the pairing lines, and squaring in the cyclotomic subgroup, where
    // a^((p^6 - 1)(p^2 + 1)) lies.
    F12 sparse{};
    sparse.c0.c0 = b.c0.c0;
    sparse.c0.c1 = b.c0.c1;
    sparse.c1.c1 = b.c1.c1;
    EXPECT_EQ(a.mul_by_014(b.c0.c0, b.c0.c1, b.c1.c1), a * sparse);
    F12 g = a.conj() * a.inverse();
    g = g.frobenius(gamma).frobenius(gamma) * g;
    EXPECT_EQ(g.cyclotomic_sqr(), g.sqr());
    EXPECT_EQ(g.cyclotomic_pow(0xd201), g.pow(0xd201));
  }
}

TEST(Field, Bn254Tower) { check_tower<bn254::Fq12, bn254::Fq2>(bn254::kFrobeniusGamma); }
TEST(Field, Bls12381Tower) {
  check_tower<bls12_381::Fq12, bls12_381::Fq2>(bls12_381::kFrobeniusGamma);
}

}  // namespace
}  // namespace plexus::curves

namespace plexus::curves {
namespace {

// The run-time field arithmetic of BLS12-381 (x86-64 assembly where available) agrees with the
// portable code, which is what constant evaluation runs.
TEST(Field, Bls12381RunTimeMatchesConstantEvaluation) {
  using bls12_381::Fq;
  constexpr Fq kA = Fq::from_hex(  // p - 1
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
      "1eabfffeb153ffffb9feffffffffaaaa");
  constexpr Fq kB = Fq::from_hex(
      "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac58"
      "6c55e83ff97a1aeffb3af00adb22c6bb");
  constexpr Fq kC = Fq::from_hex("01");
  constexpr Fq kAB = kA * kB, kBB = kB * kB, kAA = kA * kA, kApB = kA + kB, kAmB = kA - kB;
  constexpr Fq kBmA = kB - kA, kCmA = kC - kA, kApA = kA + kA;
  // Not constexpr: these run the run-time code (the assembly cannot be folded).
  const Fq a = kA, b = kB, c = kC;
  EXPECT_EQ(a * b, kAB);
  EXPECT_EQ(b * b, kBB);
  EXPECT_EQ(a * a, kAA);
  EXPECT_EQ(a + b, kApB);
  EXPECT_EQ(a - b, kAmB);
  EXPECT_EQ(b - a, kBmA);
  EXPECT_EQ(c - a, kCmA);
  EXPECT_EQ(a + a, kApA);
}

}  // namespace
}  // namespace plexus::curves
