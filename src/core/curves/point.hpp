#pragma once
// Points of short Weierstrass curves y^2 = x^3 + b (a = 0) over any field type of field.hpp /
// tower.hpp: affine for parsing and pairing input, Jacobian (X/Z^2, Y/Z^3) for arithmetic.
// Internal header: only src/core/curves/*.cpp include it.
#include <array>

#include "core/curves/field.hpp"

namespace plexus::curves {

template <class F>
struct Affine {
  F x, y;
  bool infinity = true;

  bool on_curve(const F& b) const { return infinity || y.sqr() == x.sqr() * x + b; }
  Affine operator-() const { return {x, -y, infinity}; }
};

template <class F>
struct Jacobian {
  F x = F::one(), y = F::one(), z = F::zero();  // z == 0 is the point at infinity

  static Jacobian from(const Affine<F>& p) {
    return p.infinity ? Jacobian{} : Jacobian{p.x, p.y, F::one()};
  }
  bool is_infinity() const { return z.is_zero(); }

  Affine<F> to_affine() const {
    if (is_infinity()) return {};
    const F zi = z.inverse();
    const F zi2 = zi.sqr();
    return {x * zi2, y * zi2 * zi, false};
  }

  Jacobian dbl() const {  // 2009 Lange "dbl-2009-l"
    if (is_infinity()) return *this;
    const F a = x.sqr();
    const F b = y.sqr();
    const F c = b.sqr();
    const F d = ((x + b).sqr() - a - c).dbl();
    const F e = a.dbl() + a;
    const F x3 = e.sqr() - d.dbl();
    const F c8 = c.dbl().dbl().dbl();
    return {x3, e * (d - x3) - c8, (y * z).dbl()};
  }

  friend Jacobian operator+(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity()) return q;
    if (q.is_infinity()) return p;
    const F z1z1 = p.z.sqr();
    const F z2z2 = q.z.sqr();
    const F u1 = p.x * z2z2;
    const F u2 = q.x * z1z1;
    const F s1 = p.y * z2z2 * q.z;
    const F s2 = q.y * z1z1 * p.z;
    const F h = u2 - u1;
    const F r = s2 - s1;
    if (h.is_zero()) return r.is_zero() ? p.dbl() : Jacobian{};
    const F hh = h.sqr();
    const F hhh = hh * h;
    const F v = u1 * hh;
    const F x3 = r.sqr() - hhh - v.dbl();
    return {x3, r * (v - x3) - s1 * hhh, p.z * q.z * h};
  }
  Jacobian operator-() const { return {x, -y, z}; }

  // Equality of the points, whatever their representatives: X1 Z2^2 = X2 Z1^2, Y1 Z2^3 = Y2 Z1^3.
  friend bool operator==(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity() || q.is_infinity()) return p.is_infinity() == q.is_infinity();
    const F z1z1 = p.z.sqr();
    const F z2z2 = q.z.sqr();
    return p.x * z2z2 == q.x * z1z1 && p.y * z2z2 * q.z == q.y * z1z1 * p.z;
  }

  // Fixed 4-bit windows, left to right: 4 doublings and at most one addition per nibble.
  // Scalars here are public, so constant time is not needed.
  template <std::size_t M>
  Jacobian mul(const Limbs<M>& k) const {
    std::array<Jacobian, 16> table;
    table[1] = *this;
    for (std::size_t i = 2; i < table.size(); ++i) table[i] = table[i - 1] + *this;
    Jacobian acc;
    for (std::size_t w = (limbs_bit_length(k) + 3) / 4; w-- > 0;) {
      acc = acc.dbl().dbl().dbl().dbl();
      const std::size_t nibble = (k[w / 16] >> (4 * (w % 16))) & 0xf;
      if (nibble != 0) acc = acc + table[nibble];
    }
    return acc;
  }
};

}  // namespace plexus::curves
