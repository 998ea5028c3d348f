// BLS12-381: square roots and signs in Fq2, the endomorphism psi of the twist, the G2 subgroup
// check and cofactor clearing for both groups.
#include "core/curves/bls12_381.hpp"

namespace plexus::curves::bls12_381 {
namespace {

// (p - 3) / 4.
constexpr Limbs<6> kPMinus3Over4 = [] {
  Limbs<6> x = Fq::kP;
  limbs_sub(x, Limbs<6>{3});
  for (std::size_t i = 0; i < 6; ++i) x[i] = (x[i] >> 2) | (i + 1 < 6 ? x[i + 1] << 62 : 0);
  return x;
}();

// For a square t: w = t^((p - 3) / 4) gives the root x = t w and, as x^2 = t, its inverse w. One
// exponentiation for both (t = 0 gives 0 and 0).
struct RootAndInverse {
  Fq root, inverse;
};
std::optional<RootAndInverse> sqrt_and_inverse(const Fq& t) {
  const Fq w = pow_limbs(t, kPMinus3Over4);
  const Fq x = t * w;
  if (x.sqr() != t) return std::nullopt;
  return RootAndInverse{x, w};
}

constexpr Fq kHalf = Fq::from_hex(
    "0d0088f51cbff34d258dd3db21a5d66bb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd556");

// 1 / (1 + u)^((p - 1) / 3) and 1 / (1 + u)^((p - 1) / 2).
constexpr Fq2 kPsiX{Fq::zero(),
                    Fq::from_hex("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b"
                                 "409427eb4f49fffd8bfd00000000aaad")};
constexpr Fq2 kPsiY{Fq::from_hex("135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e"
                                 "304466cf3e67fa0af1ee7b04121bdea2"),
                    Fq::from_hex("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5"
                                 "ee67992f72ec05f4c81084fbede3cc09")};

}  // namespace

std::optional<Fq2> sqrt(const Fq2& a) {
  // The "complex method": a = a0 + a1 u is a square iff its norm a0^2 + a1^2 is a square in Fq;
  // then with s = sqrt(norm), one of (a0 +- s) / 2 is a square x0^2 and x = x0 + a1 / (2 x0) u.
  // Two or three exponentiations in Fq cost less than two in Fq2, and the last one also yields
  // 1 / x0.
  if (a.c1.is_zero()) {
    if (const auto r = a.c0.sqrt()) return Fq2{*r, Fq::zero()};
    const auto r = (-a.c0).sqrt();  // -1 is not a square in Fq, so -a0 is
    if (!r) return std::nullopt;
    return Fq2{Fq::zero(), *r};
  }
  const auto s = (a.c0.sqr() + a.c1.sqr()).sqrt();
  if (!s) return std::nullopt;
  auto x0 = sqrt_and_inverse((a.c0 + *s) * kHalf);
  if (!x0) x0 = sqrt_and_inverse((a.c0 - *s) * kHalf);
  if (!x0) return std::nullopt;
  return Fq2{x0->root, a.c1 * x0->inverse * kHalf};  // x1 = a1 / (2 x0)
}

bool is_lexicographically_largest(const Fq2& a) {
  return a.c1.is_zero() ? a.c0.is_lexicographically_largest() : a.c1.is_lexicographically_largest();
}

bool sgn0(const Fq& a) { return a.to_limbs()[0] & 1; }
bool sgn0(const Fq2& a) { return sgn0(a.c0) || (a.c0.is_zero() && sgn0(a.c1)); }

Jacobian<Fq2> psi(const Jacobian<Fq2>& p) {
  return {p.x.conj() * kPsiX, p.y.conj() * kPsiY, p.z.conj()};
}

bool in_g2(const G2& p) {
  if (p.infinity) return true;
  const auto q = Jacobian<Fq2>::from(p);
  return psi(q) == -mul_by_abs_x(q);
}

Jacobian<Fq> clear_cofactor_g1(const Jacobian<Fq>& p) { return mul_by_abs_x(p) + p; }

Jacobian<Fq2> clear_cofactor_g2(const Jacobian<Fq2>& p) {
  const Jacobian<Fq2> t1 = -mul_by_abs_x(p);  // [x]P
  const Jacobian<Fq2> t2 = psi(p);
  const Jacobian<Fq2> t3 = psi(psi(p.dbl())) + -t2;
  const Jacobian<Fq2> t4 = -mul_by_abs_x(t1 + t2);  // [x](t1 + t2)
  return t3 + t4 + -t1 + -p;
}

}  // namespace plexus::curves::bls12_381
