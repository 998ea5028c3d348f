// EIP-197 pairing check on BN254.
#include "core/curves/bn254.hpp"
#include "core/curves/bn254_codec.hpp"
#include "core/curves/pairing.hpp"
#include "core/curves/precompiles.hpp"

namespace plexus::curves {
namespace {

struct Bn254Curve {
  using Fq = bn254::Fq;
  using Fq2 = bn254::Fq2;
  using Fq12 = bn254::Fq12;
  static constexpr bool kDTwist = true;
  static constexpr Limbs<2> kLoop = limbs_from_hex<2>("19d797039be763ba8");  // 6u + 2
  static constexpr bool kLoopNegative = false;
  static constexpr bool kBnTail = true;
  static const std::array<Fq2, 6>& gamma() { return bn254::kFrobeniusGamma; }
  static bn254::G2 twist_frobenius(const bn254::G2& q) { return bn254::twist_frobenius(q); }

  // (p^4 - p^2 + 1) / r = l0 + l1 p + l2 p^2 + l3 p^3 with l3 = 1, l2 = 6u^2 + 1,
  // l1 = -36u^3 - 18u^2 - 12u + 1, l0 = -36u^3 - 30u^2 - 18u - 2 (Devegili, Scott and Dahab),
  // so three exponentiations by u and small powers replace one by a 762-bit exponent.
  static Fq12 hard_part(const Fq12& g) {
    const Fq12 a = g.pow(kU);
    const Fq12 b = a.pow(kU);
    const Fq12 c = b.pow(kU);
    const Fq12 a6 = a.pow(6), a12 = a6.sqr(), a18 = a12 * a6;
    const Fq12 b6 = b.pow(6), b12 = b6.sqr(), b18 = b12 * b6, b30 = b18 * b12;
    const Fq12 c36 = c.pow(36);
    const Fq12 l0 = (c36 * b30 * a18 * g.sqr()).conj();
    const Fq12 l1 = (c36 * b18 * a12).conj() * g;
    const Fq12 l2 = b6 * g;
    const auto& frob = gamma();
    return l0 * l1.frobenius(frob) * l2.frobenius(frob).frobenius(frob) *
           g.frobenius(frob).frobenius(frob).frobenius(frob);
  }

 private:
  static constexpr std::uint64_t kU = 4965661367192848881;  // the BN parameter u
};

constexpr std::size_t kPairSize = 192;

}  // namespace

Result<Bytes> bn254_pairing_check(BytesView input) {
  if (input.size() % kPairSize != 0)
    return fail(Errc::kValidation, "bn254 pairing: input length is not a multiple of 192");
  using P = Pairing<Bn254Curve>;
  std::vector<P::Pair> pairs;
  for (std::size_t off = 0; off < input.size(); off += kPairSize) {
    PLEXUS_TRY(const bn254::G1 g1, bn254::decode_g1(input.data() + off));
    PLEXUS_TRY(const bn254::G2 g2, bn254::decode_g2(input.data() + off + 64));
    pairs.emplace_back(g1, g2);
  }
  Bytes out(32, 0);
  out[31] = P::product_is_one(pairs) ? 1 : 0;
  return out;
}

}  // namespace plexus::curves
