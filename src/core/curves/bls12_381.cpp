// BLS12-381 point decoding and pairing.
#include "core/curves/bls12_381.hpp"

#include <algorithm>

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
  static const std::array<Fq2, 6>& gamma() {
    static constexpr std::array<Fq2, 6> kGamma{
        Fq2::one(),
        Fq2{Fq::from_hex("1904d3bf02bb0667c231beb4202c0d1f0fd603fd3cbd5f4f7b2443d784bab9c4"
                         "f67ea53d63e7813d8d0775ed92235fb8"),
            Fq::from_hex("00fc3e2b36c4e03288e9e902231f9fb854a14787b6c7b36fec0c8ec971f63c5f"
                         "282d5ac14d6c7ec22cf78a126ddc4af3")},
        Fq2{Fq::zero(),
            Fq::from_hex("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b"
                         "409427eb4f49fffd8bfd00000000aaac")},
        Fq2{Fq::from_hex("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5"
                         "ee67992f72ec05f4c81084fbede3cc09"),
            Fq::from_hex("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5"
                         "ee67992f72ec05f4c81084fbede3cc09")},
        Fq2{Fq::from_hex("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b"
                         "409427eb4f49fffd8bfd00000000aaad"),
            Fq::zero()},
        Fq2{Fq::from_hex("05b2cfd9013a5fd8df47fa6b48b1e045f39816240c0b8fee8beadf4d8e9c0566"
                         "c63a3e6e257f87329b18fae980078116"),
            Fq::from_hex("144e4211384586c16bd3ad4afa99cc9170df3560e77982d0db45f3536814f0bd"
                         "5871c1908bd478cd1ee605167ff82995")}};
    return kGamma;
  }

  // 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3; the factor 3 is coprime to r.
  static Fq12 hard_part(const Fq12& g) {
    const auto& frob = gamma();
    const Fq12 a1 = pow_x(g) * g.conj();     // g^(x - 1)
    const Fq12 a2 = pow_x(a1) * a1.conj();   // g^((x - 1)^2)
    const Fq12 b = pow_x(a2) * a2.frobenius(frob);  // ^(x + p)
    const Fq12 c = pow_x(pow_x(b)) * b.frobenius(frob).frobenius(frob) * b.conj();  // ^(x^2+p^2-1)
    return c * g.sqr() * g;
  }

 private:
  static constexpr std::uint64_t kAbsX = 0xd201000000010000;
  // g^x for the negative curve parameter x; g is cyclotomic, so the inverse is the conjugate.
  static Fq12 pow_x(const Fq12& g) { return g.pow(kAbsX).conj(); }
};

constexpr std::size_t kG1Bytes = 48;
// x^2 for the curve parameter x, and the cube root of unity beta whose endomorphism acts on G1
// as multiplication by -x^2.
constexpr Limbs<2> kXSquared = limbs_from_hex<2>("ac45a4010001a4020000000100000000");
constexpr Fq kBeta = Fq::from_hex(
    "5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");

}  // namespace

Result<G1> decompress_g1(const Byte* in) {
  const Byte flags = in[0];
  if (!(flags & 0x80)) return fail(Errc::kValidation, "bls12-381: G1 point is not compressed");
  const bool infinity = flags & 0x40;
  const bool sign = flags & 0x20;
  std::array<Byte, kG1Bytes> x_bytes;
  std::copy_n(in, kG1Bytes, x_bytes.begin());
  x_bytes[0] &= 0x1f;
  if (infinity) {
    if (sign || std::any_of(x_bytes.begin(), x_bytes.end(), [](Byte b) { return b != 0; }))
      return fail(Errc::kValidation, "bls12-381: non-canonical encoding of infinity");
    return G1{};
  }
  const auto x = Fq::from_be(x_bytes.data(), kG1Bytes);
  if (!x) return fail(Errc::kValidation, "bls12-381: G1 x coordinate not below the modulus");
  const auto y = (x->sqr() * *x + kB).sqrt();
  if (!y) return fail(Errc::kValidation, "bls12-381: G1 x coordinate not on the curve");
  const G1 p{*x, y->is_lexicographically_largest() == sign ? *y : -*y, false};
  // G1 has cofactor > 1; only the order-r subgroup is valid.
  if (!in_g1(p))
    return fail(Errc::kValidation, "bls12-381: G1 point not in the order-r subgroup");
  return p;
}

bool in_g1(const G1& p) {
  if (p.infinity) return true;
  return Jacobian<Fq>::from({p.x * kBeta, p.y, false}) == -Jacobian<Fq>::from(p).mul(kXSquared);
}

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) {
  return Pairing<Bls12381Curve>::product_is_one(pairs);
}

}  // namespace plexus::curves::bls12_381
