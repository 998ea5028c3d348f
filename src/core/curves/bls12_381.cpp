// BLS12-381 G1 subgroup check and pairing.
#include "core/curves/bls12_381.hpp"

#include "core/curves/pairing.hpp"

namespace plexus::curves::bls12_381 {
namespace {

struct Bls12381Curve {
  using Fq = bls12_381::Fq;
  using Fq2 = bls12_381::Fq2;
  using Fq12 = bls12_381::Fq12;
  static constexpr bool kDTwist = false;
  static constexpr Limbs<1> kLoop{0xd201000000010000};  // |x|; the parameter x is negative
  static constexpr bool kLoopNegative = true;
  static constexpr bool kBnTail = false;
  static const std::array<Fq2, 6>& gamma() { return kFrobeniusGamma; }

  // 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3; the factor 3 is coprime to r.
  static Fq12 hard_part(const Fq12& g) {
    const auto& frob = gamma();
    const Fq12 a1 = pow_x(g) * g.conj();     // g^(x - 1)
    const Fq12 a2 = pow_x(a1) * a1.conj();   // g^((x - 1)^2)
    const Fq12 b = pow_x(a2) * a2.frobenius(frob);  // ^(x + p)
    const Fq12 c = pow_x(pow_x(b)) * b.frobenius(frob).frobenius(frob) * b.conj();  // ^(x^2+p^2-1)
    return c * g.cyclotomic_sqr() * g;
  }

 private:
  static constexpr std::uint64_t kAbsX = 0xd201000000010000;
  // g^x for the negative curve parameter x; g is cyclotomic, so the inverse is the conjugate.
  static Fq12 pow_x(const Fq12& g) { return g.cyclotomic_pow(kAbsX).conj(); }
};

// x^2 for the curve parameter x, and the cube root of unity beta whose endomorphism acts on G1
// as multiplication by -x^2.
constexpr Limbs<2> kXSquared = limbs_from_hex<2>("ac45a4010001a4020000000100000000");
constexpr Fq kBeta = Fq::from_hex(
    "5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");

}  // namespace

bool in_g1(const G1& p) {
  if (p.infinity) return true;
  return Jacobian<Fq>::from({p.x * kBeta, p.y, false}) == -Jacobian<Fq>::from(p).mul(kXSquared);
}

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) {
  return Pairing<Bls12381Curve>::product_is_one(pairs);
}

}  // namespace plexus::curves::bls12_381
