#pragma once
// The simplified Shallue-van de Woestijne-Ulas map (RFC 9380 section 6.6.2) onto a curve
// y^2 = x^3 + A x + B with A, B != 0, and the evaluation of an isogeny given by its rational
// functions (section 6.6.3), for Fq and Fq2 alike. Internal header: hash_to_curve_*.cpp only.
#include <array>

#include "core/curves/bls12_381.hpp"

namespace plexus::curves::bls12_381 {

template <class F>
struct SswuCurve {
  F a, b, z;
  F minus_b_over_a, b_over_za;  // -B / A and B / (Z A), the constants of the map
};

template <class F>
constexpr SswuCurve<F> make_sswu_curve(const F& a, const F& b, const F& z) {
  return {a, b, z, -(b * a.inverse()), b * (z * a).inverse()};
}

template <class F>
Affine<F> map_to_curve_sswu(const F& u, const SswuCurve<F>& c) {
  const F zu2 = c.z * u.sqr();
  const F tv = zu2.sqr() + zu2;  // Z^2 u^4 + Z u^2
  // x1 = (-B / A)(1 + 1 / tv), or B / (Z A) in the exceptional case tv = 0.
  const F x1 = tv.is_zero() ? c.b_over_za : c.minus_b_over_a * (F::one() + tv.inverse());
  const auto g = [&c](const F& x) { return (x.sqr() + c.a) * x + c.b; };
  F x = x1;
  auto y = sqrt(g(x1));
  if (!y) {
    x = zu2 * x1;
    y = sqrt(g(x));  // g(x1) g(x2) = Z^3 u^6 g(x1)^2 is square-free: one of them is a square
  }
  const F root = *y;
  return {x, sgn0(u) == sgn0(root) ? root : -root, false};
}

// Horner evaluation of sum coeffs[i] x^i.
template <class F, std::size_t N>
F evaluate(const std::array<F, N>& coeffs, const F& x) {
  F acc = coeffs[N - 1];
  for (std::size_t i = N - 1; i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}

// (x, y) -> (x_num / x_den, y y_num / y_den), in Jacobian coordinates so that no inversion is
// needed: Z = x_den y_den, X = x_num x_den y_den^2, Y = y y_num x_den^3 y_den^2. A zero denominator
// gives Z = 0, infinity, as RFC 9380 requires.
template <class F, std::size_t A, std::size_t B, std::size_t C, std::size_t D>
Jacobian<F> isogeny_map(const Affine<F>& p, const std::array<F, A>& x_num,
                        const std::array<F, B>& x_den, const std::array<F, C>& y_num,
                        const std::array<F, D>& y_den) {
  if (p.infinity) return {};
  const F xd = evaluate(x_den, p.x);
  const F yd = evaluate(y_den, p.x);
  const F xd_yd2 = xd * yd.sqr();
  return {evaluate(x_num, p.x) * xd_yd2, p.y * evaluate(y_num, p.x) * xd.sqr() * xd_yd2, xd * yd};
}

}  // namespace plexus::curves::bls12_381
