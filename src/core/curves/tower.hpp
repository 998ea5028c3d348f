#pragma once
// The degree-12 extension tower used by both pairings (see field.hpp for why it is hand-written):
//   Fp2  = Fp[u]  / (u^2 + 1)
//   Fp6  = Fp2[v] / (v^3 - xi),  xi = kXi0 + u  (9 + u for BN254, 1 + u for BLS12-381)
//   Fp12 = Fp6[w] / (w^2 - v)
// Internal header: only src/core/curves/*.cpp include it.
#include <array>
#include <bit>
#include <cstdint>
#include <utility>

#include "core/curves/field.hpp"

namespace plexus::curves {

template <class F, unsigned kXi0>
struct Fp2 {
  using Base = F;
  F c0, c1;

  static constexpr Fp2 zero() { return {}; }
  static constexpr Fp2 one() { return {F::one(), F::zero()}; }
  constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  friend constexpr bool operator==(const Fp2&, const Fp2&) = default;

  friend constexpr Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend constexpr Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  constexpr Fp2 operator-() const { return {-c0, -c1}; }
  friend constexpr Fp2 operator*(const Fp2& a, const Fp2& b) {  // Karatsuba, 3 multiplications
    const F t0 = a.c0 * b.c0;
    const F t1 = a.c1 * b.c1;
    return {t0 - t1, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  friend constexpr Fp2 operator*(const Fp2& a, const F& s) { return {a.c0 * s, a.c1 * s}; }
  constexpr Fp2 sqr() const { return {(c0 + c1) * (c0 - c1), (c0 * c1).dbl()}; }
  constexpr Fp2 dbl() const { return *this + *this; }
  constexpr Fp2 conj() const { return {c0, -c1}; }
  constexpr Fp2 mul_by_xi() const {  // (kXi0 + u)(c0 + c1 u), by additions only
    return {mul_small(c0) - c1, c0 + mul_small(c1)};
  }
  constexpr Fp2 inverse() const {
    const F n = (c0.sqr() + c1.sqr()).inverse();
    return {c0 * n, -(c1 * n)};
  }

 private:
  static constexpr F mul_small(const F& a) {  // kXi0 * a by double-and-add
    F acc = F::zero();
    for (unsigned bit = 1u << 4; bit != 0; bit >>= 1) {
      acc = acc.dbl();
      if (kXi0 & bit) acc = acc + a;
    }
    return acc;
  }
};

template <class F2>
struct Fp6 {
  F2 c0, c1, c2;

  static constexpr Fp6 zero() { return {}; }
  static constexpr Fp6 one() { return {F2::one(), F2::zero(), F2::zero()}; }
  friend constexpr bool operator==(const Fp6&, const Fp6&) = default;

  friend constexpr Fp6 operator+(const Fp6& a, const Fp6& b) {
    return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
  }
  friend constexpr Fp6 operator-(const Fp6& a, const Fp6& b) {
    return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
  }
  constexpr Fp6 operator-() const { return {-c0, -c1, -c2}; }
  friend constexpr Fp6 operator*(const Fp6& a, const Fp6& b) {  // Karatsuba, 6 multiplications
    const F2 t0 = a.c0 * b.c0;
    const F2 t1 = a.c1 * b.c1;
    const F2 t2 = a.c2 * b.c2;
    return {t0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mul_by_xi(),
            (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mul_by_xi(),
            (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1};
  }
  constexpr Fp6 sqr() const { return *this * *this; }
  constexpr Fp6 mul_by_v() const { return {c2.mul_by_xi(), c0, c1}; }
  // By b0 + b1 v (5 Fp2 multiplications) and by b1 v (3), for the sparse lines of the pairing.
  constexpr Fp6 mul_by_01(const F2& b0, const F2& b1) const {
    const F2 t0 = c0 * b0;
    const F2 t1 = c1 * b1;
    return {(c2 * b1).mul_by_xi() + t0, (c0 + c1) * (b0 + b1) - t0 - t1, c2 * b0 + t1};
  }
  constexpr Fp6 mul_by_1(const F2& b1) const { return {(c2 * b1).mul_by_xi(), c0 * b1, c1 * b1}; }
  constexpr Fp6 inverse() const {
    const F2 a = c0.sqr() - (c1 * c2).mul_by_xi();
    const F2 b = c2.sqr().mul_by_xi() - c0 * c1;
    const F2 c = c1.sqr() - c0 * c2;
    const F2 n = (c0 * a + (c2 * b + c1 * c).mul_by_xi()).inverse();
    return {a * n, b * n, c * n};
  }
};

template <class F6>
struct Fp12 {
  F6 c0, c1;

  static constexpr Fp12 one() { return {F6::one(), F6::zero()}; }
  friend constexpr bool operator==(const Fp12&, const Fp12&) = default;

  friend constexpr Fp12 operator*(const Fp12& a, const Fp12& b) {
    const F6 t0 = a.c0 * b.c0;
    const F6 t1 = a.c1 * b.c1;
    return {t0 + t1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  constexpr Fp12 sqr() const {  // complex squaring, 2 Fp6 multiplications
    const F6 t = c0 * c1;
    return {(c0 + c1) * (c0 + c1.mul_by_v()) - t - t.mul_by_v(), t + t};
  }
  // By the sparse element (b0 + b1 v) + (b4 v) w, i.e. nonzero coefficients at w^0, w^2 and w^3:
  // the lines of a pairing on an M-type twist. 13 Fp2 multiplications instead of 18.
  template <class F2>
  constexpr Fp12 mul_by_014(const F2& b0, const F2& b1, const F2& b4) const {
    const F6 t0 = c0.mul_by_01(b0, b1);
    const F6 t1 = c1.mul_by_1(b4);
    return {t0 + t1.mul_by_v(), (c0 + c1).mul_by_01(b0, b1 + b4) - t0 - t1};
  }
  // Squaring of an element of the cyclotomic subgroup (norm 1 over Fp6, as after the easy part of
  // the final exponentiation): Granger and Scott, "Faster squaring in the cyclotomic subgroup of
  // sixth degree extensions", viewing Fp12 as Fp4^3 with Fp4 = Fp2[w^3]. 9 Fp2 squarings.
  constexpr Fp12 cyclotomic_sqr() const {
    // (a + b s)^2 in Fp4 = Fp2[s] / (s^2 - xi): a^2 + xi b^2, (a + b)^2 - a^2 - b^2.
    const auto fp4_sqr = [](const auto& a, const auto& b) {
      const auto t0 = a.sqr();
      const auto t1 = b.sqr();
      return std::pair{t1.mul_by_xi() + t0, (a + b).sqr() - t0 - t1};
    };
    // 3 z^2 - 2 conj(z) pattern on each Fp4 component: 2 (t - z) + t and 2 (t + z) + t.
    const auto minus = [](const auto& t, const auto& z) { const auto d = t - z; return d + d + t; };
    const auto plus = [](const auto& t, const auto& z) { const auto d = t + z; return d + d + t; };
    const auto [a0, a1] = fp4_sqr(c0.c0, c1.c1);
    const auto [b0, b1] = fp4_sqr(c1.c0, c0.c2);
    const auto [d0, d1] = fp4_sqr(c0.c1, c1.c2);
    return {{minus(a0, c0.c0), minus(b0, c0.c1), minus(d0, c0.c2)},
            {plus(d1.mul_by_xi(), c1.c0), plus(a1, c1.c1), plus(b1, c1.c2)}};
  }
  // Exponent up to 64 bits (the curve parameters u and |x|, and small constants). With
  // kCyclotomic the element must lie in the cyclotomic subgroup (cyclotomic_pow).
  template <bool kCyclotomic = false>
  constexpr Fp12 pow(std::uint64_t e) const {
    Fp12 acc = one();
    for (int i = 63 - std::countl_zero(e | 1); i >= 0; --i) {
      acc = kCyclotomic ? acc.cyclotomic_sqr() : acc.sqr();
      if ((e >> i) & 1) acc = acc * *this;
    }
    return acc;
  }
  constexpr Fp12 cyclotomic_pow(std::uint64_t e) const { return pow<true>(e); }
  // x^(p^6): w -> -w.
  constexpr Fp12 conj() const { return {c0, -c1}; }
  constexpr Fp12 inverse() const {
    const F6 n = (c0.sqr() - c1.sqr().mul_by_v()).inverse();
    return {c0 * n, -(c1 * n)};
  }
  // x^p. Over the basis w^i (i = 0..5) the map is g_i -> conj(g_i) * gamma[i] with
  // gamma[i] = xi^(i (p - 1) / 6); c0 holds w^0, w^2, w^4 and c1 holds w^1, w^3, w^5.
  template <class F2>
  constexpr Fp12 frobenius(const std::array<F2, 6>& gamma) const {
    return {{c0.c0.conj(), c0.c1.conj() * gamma[2], c0.c2.conj() * gamma[4]},
            {c1.c0.conj() * gamma[1], c1.c1.conj() * gamma[3], c1.c2.conj() * gamma[5]}};
  }
};

}  // namespace plexus::curves
