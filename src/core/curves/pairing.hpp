#pragma once
// Optimal ate pairing product check shared by BN254 and BLS12-381 (see field.hpp for why it is
// hand-written). Internal header: only src/core/curves/*.cpp include it.
//
// A Curve supplies: types Fq, Fq2, Fq12; kDTwist (D-type twist, untwist (x,y) -> (x w^2, y w^3),
// else M-type, (x,y) -> (x / w^2, y / w^3)); kLoop, the Miller loop scalar |6u+2| or |x|;
// kLoopNegative; kBnTail (the two extra lines of BN curves, through psi(Q) and -psi^2(Q), with
// twist_frobenius(Q) = psi(Q)); gamma(), the Frobenius constants xi^(i (p-1) / 6);
// hard_part(g), the hard part of the final exponentiation of an element g of the cyclotomic
// subgroup (where the inverse is the conjugate).
//
// The Miller loop keeps T in Jacobian coordinates and scales each line by an Fq2 factor that
// clears its denominator. Such factors, vertical lines and the denominators they would
// contribute all lie in proper subfields and vanish in the final exponentiation, so they are
// skipped. Lines are sparse; on an M-type twist they are multiplied in as such (mul_by_014).
#include <array>
#include <span>
#include <utility>
#include <vector>

#include "core/curves/point.hpp"

namespace plexus::curves {

template <class Curve>
class Pairing {
 public:
  using Fq = typename Curve::Fq;
  using Fq2 = typename Curve::Fq2;
  using Fq12 = typename Curve::Fq12;
  using Pair = std::pair<Affine<Fq>, Affine<Fq2>>;

  // True when the product of e(P_i, Q_i) is one. Points must be valid (on curve, in subgroup).
  static bool product_is_one(std::span<const Pair> pairs) {
    return final_exponentiation(miller_loop(pairs)) == Fq12::one();
  }

 private:
  // A line through twist points with slope num/den passing through the point whose scaled
  // ordinate offset is c = (slope x - y) den, evaluated at P and multiplied by den (an Fq2
  // factor, which the final exponentiation removes): so no inversion is ever needed. As an Fq12
  // element it is den yP - num xP w + c w^3 for a D-type twist and, scaled by w^3 for an M-type
  // twist, c - num xP w^2 + den yP w^3: sparse either way. `one` marks a vertical line (dropped).
  struct Line {
    Fq2 a, b, c;
    bool one = false;
  };
  static Line line(const Fq2& num, const Fq2& den, const Fq2& c, const Affine<Fq>& p) {
    return {den * p.y, -(num * p.x), c};
  }
  static void multiply(Fq12& f, const Line& l) {
    if (l.one) return;
    if constexpr (Curve::kDTwist) {
      Fq12 full{};
      full.c0.c0 = l.a;
      full.c1.c0 = l.b;
      full.c1.c1 = l.c;
      f = f * full;
    } else {
      f = f.mul_by_014(l.c, l.b, l.a);
    }
  }

  // T = 2T for Jacobian T = (X, Y, Z); returns the tangent line at P. The slope is
  // 3X^2 / (2YZ); scaled by 2YZ^3 the line has num = 3X^2 Z^2, den = 2YZ^3, c = 3X^3 - 2Y^2.
  // The doubling (Lange's dbl-2009-l, as Jacobian::dbl) shares X^2, Y^2 and 2YZ with the line.
  static Line double_step(Jacobian<Fq2>& t, const Affine<Fq>& p) {
    const Fq2 a = t.x.sqr();
    const Fq2 b = t.y.sqr();
    const Fq2 c = b.sqr();
    const Fq2 d = ((t.x + b).sqr() - a - c).dbl();
    const Fq2 e = a.dbl() + a;  // 3X^2
    const Fq2 zz = t.z.sqr();
    const Fq2 z3 = (t.y * t.z).dbl();
    const Line l = line(e * zz, z3 * zz, e * t.x - b.dbl(), p);
    const Fq2 x3 = e.sqr() - d.dbl();
    t = {x3, e * (d - x3) - c.dbl().dbl().dbl(), z3};
    return l;
  }

  // T = T + Q; returns the chord at P (one for a vertical chord, where T becomes infinity).
  // With H = xQ Z^2 - X and R = yQ Z^3 - Y the slope is R / (Z H); the chord passes through Q.
  static Line add_step(Jacobian<Fq2>& t, const Affine<Fq2>& q, const Affine<Fq>& p) {
    const Fq2 zz = t.z.sqr();
    const Fq2 h = q.x * zz - t.x;
    const Fq2 r = q.y * zz * t.z - t.y;
    if (h.is_zero()) {
      if (r.is_zero()) return double_step(t, p);
      t = Jacobian<Fq2>{};
      return {{}, {}, {}, true};
    }
    const Fq2 den = t.z * h;
    const Line l = line(r, den, r * q.x - den * q.y, p);
    t = t + Jacobian<Fq2>::from(q);
    return l;
  }

  static Fq12 miller_loop(std::span<const Pair> pairs) {
    std::vector<Pair> live;  // pairs with a point at infinity contribute 1
    for (const Pair& pq : pairs)
      if (!pq.first.infinity && !pq.second.infinity) live.push_back(pq);
    std::vector<Jacobian<Fq2>> t;
    for (const Pair& pq : live) t.push_back(Jacobian<Fq2>::from(pq.second));
    Fq12 f = Fq12::one();
    const std::size_t top = limbs_bit_length(Curve::kLoop) - 1;
    for (std::size_t i = top; i-- > 0;) {
      if (i + 1 != top) f = f.sqr();  // f is still one in the first step
      for (std::size_t k = 0; k < live.size(); ++k) multiply(f, double_step(t[k], live[k].first));
      if (limbs_bit(Curve::kLoop, i))
        for (std::size_t k = 0; k < live.size(); ++k)
          multiply(f, add_step(t[k], live[k].second, live[k].first));
    }
    if constexpr (Curve::kBnTail) {
      for (std::size_t k = 0; k < live.size(); ++k) {
        const Affine<Fq2> q1 = Curve::twist_frobenius(live[k].second);
        const Affine<Fq2> q2 = -Curve::twist_frobenius(q1);
        multiply(f, add_step(t[k], q1, live[k].first));
        multiply(f, add_step(t[k], q2, live[k].first));
      }
    }
    return Curve::kLoopNegative ? f.conj() : f;
  }

  static Fq12 final_exponentiation(const Fq12& f) {
    // Easy part f^((p^6 - 1)(p^2 + 1)).
    Fq12 g = f.conj() * f.inverse();
    g = g.frobenius(Curve::gamma()).frobenius(Curve::gamma()) * g;
    // Hard part: g^((p^4 - p^2 + 1) / r), or a power of it coprime to r, which preserves the
    // answer of the check.
    return Curve::hard_part(g);
  }
};

}  // namespace plexus::curves
