#include "core/curves/bn254_codec.hpp"

namespace plexus::curves::bn254 {
namespace {

Result<Fq> decode_fq(const Byte* in) {
  const auto v = Fq::from_be(in, 32);
  if (!v) return fail(Errc::kValidation, "bn254: coordinate not below the field modulus");
  return *v;
}

// 6u^2 = p - r.
constexpr Limbs<2> kSixUSquared = limbs_from_hex<2>("6f4d8248eeb859fbf83e9682e87cfd46");

}  // namespace

bool in_g2(const G2& q) {
  return Jacobian<Fq2>::from(twist_frobenius(q)) == Jacobian<Fq2>::from(q).mul(kSixUSquared);
}

Result<G1> decode_g1(const Byte* in) {
  PLEXUS_TRY(const Fq x, decode_fq(in));
  PLEXUS_TRY(const Fq y, decode_fq(in + 32));
  if (x.is_zero() && y.is_zero()) return G1{};
  const G1 p{x, y, false};
  if (!p.on_curve(kB)) return fail(Errc::kValidation, "bn254: G1 point not on the curve");
  return p;
}

Result<G2> decode_g2(const Byte* in) {
  PLEXUS_TRY(const Fq x1, decode_fq(in));
  PLEXUS_TRY(const Fq x0, decode_fq(in + 32));
  PLEXUS_TRY(const Fq y1, decode_fq(in + 64));
  PLEXUS_TRY(const Fq y0, decode_fq(in + 96));
  const G2 q{{x0, x1}, {y0, y1}, false};
  if (q.x.is_zero() && q.y.is_zero()) return G2{};
  if (!q.on_curve(kTwistB)) return fail(Errc::kValidation, "bn254: G2 point not on the twist");
  // The twist's group has a large cofactor; only the order-r subgroup is a valid pairing input.
  if (!in_g2(q))
    return fail(Errc::kValidation, "bn254: G2 point not in the order-r subgroup");
  return q;
}

}  // namespace plexus::curves::bn254
