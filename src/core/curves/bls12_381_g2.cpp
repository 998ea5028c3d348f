// BLS12-381: square roots and signs in Fq2, the endomorphism psi of the twist, the G2 subgroup
// check and cofactor clearing for both groups.
#include "core/curves/bls12_381.hpp"

namespace plexus::curves::bls12_381 {
namespace {

// (p - k) / 2^s, for the exponents of the square root.
constexpr Limbs<6> p_minus_shifted(std::uint64_t k, unsigned s) {
  Limbs<6> x = Fq::kP;
  limbs_sub(x, Limbs<6>{k});
  for (std::size_t i = 0; i < 6; ++i) x[i] = (x[i] >> s) | (i + 1 < 6 ? x[i + 1] << (64 - s) : 0);
  return x;
}
constexpr Limbs<6> kPMinus3Over4 = p_minus_shifted(3, 2);
constexpr Limbs<6> kPMinus1Over2 = p_minus_shifted(1, 1);

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
  const Fq2 a1 = pow_limbs(a, kPMinus3Over4);
  const Fq2 alpha = a1 * (a1 * a);  // a^((p - 1) / 2)
  const Fq2 minus_one = -Fq2::one();
  if (alpha.conj() * alpha == minus_one) return std::nullopt;  // the norm is not a square
  const Fq2 x0 = a1 * a;
  const Fq2 x = alpha == minus_one ? Fq2{-x0.c1, x0.c0}  // u x0
                                   : pow_limbs(Fq2::one() + alpha, kPMinus1Over2) * x0;
  if (x.sqr() != a) return std::nullopt;
  return x;
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
