#pragma once
// The degree-12 extension tower used by both pairings (see field.hpp for why it is hand-written):
//   Fp2  = Fp[u]  / (u^2 + 1)
//   Fp6  = Fp2[v] / (v^3 - xi),  xi = kXi0 + u  (9 + u for BN254, 1 + u for BLS12-381)
//   Fp12 = Fp6[w] / (w^2 - v)
// Internal header: only src/core/curves/*.cpp include it.
#include <array>
#include <bit>
#include <cstdint>

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
  // Exponent up to 64 bits (the curve parameters u and |x|, and small constants).
  constexpr Fp12 pow(std::uint64_t e) const {
    Fp12 acc = one();
    for (int i = 63 - std::countl_zero(e | 1); i >= 0; --i) {
      acc = acc.sqr();
      if ((e >> i) & 1) acc = acc * *this;
    }
    return acc;
  }
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
