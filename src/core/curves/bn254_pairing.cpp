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
  static const std::array<Fq2, 6>& gamma() {
    static constexpr std::array<Fq2, 6> kGamma{
        Fq2::one(),
        Fq2{Fq::from_hex("1284b71c2865a7dfe8b99fdd76e68b605c521e08292f2176d60b35dadcc9e470"),
            Fq::from_hex("246996f3b4fae7e6a6327cfe12150b8e747992778eeec7e5ca5cf05f80f362ac")},
        Fq2{Fq::from_hex("2fb347984f7911f74c0bec3cf559b143b78cc310c2c3330c99e39557176f553d"),
            Fq::from_hex("16c9e55061ebae204ba4cc8bd75a079432ae2a1d0b7c9dce1665d51c640fcba2")},
        Fq2{Fq::from_hex("063cf305489af5dcdc5ec698b6e2f9b9dbaae0eda9c95998dc54014671a0135a"),
            Fq::from_hex("07c03cbcac41049a0704b5a7ec796f2b21807dc98fa25bd282d37f632623b0e3")},
        Fq2{Fq::from_hex("05b54f5e64eea80180f3c0b75a181e84d33365f7be94ec72848a1f55921ea762"),
            Fq::from_hex("2c145edbe7fd8aee9f3a80b03b0b1c923685d2ea1bdec763c13b4711cd2b8126")},
        Fq2{Fq::from_hex("0183c1e74f798649e93a3661a4353ff4425c459b55aa1bd32ea2c810eab7692f"),
            Fq::from_hex("12acf2ca76fd0675a27fb246c7729f7db080cb99678e2ac024c6b8ee6e0c2c4b")}};
    return kGamma;
  }

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
