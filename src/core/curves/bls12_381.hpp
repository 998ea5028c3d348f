#pragma once
// BLS12-381 parameters and types, as the EIP-4844 point evaluation and the BLS signatures
// (core/bls) need them: point encoding, subgroup checks, the endomorphism psi of the twist and
// cofactor clearing. Internal header: only src/core/curves/*.cpp, src/core/bls/*.cpp and their
// tests include it.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "core/bytes.hpp"
#include "core/curves/point.hpp"
#include "core/curves/tower.hpp"
#include "core/error.hpp"

namespace plexus::curves::bls12_381 {

struct FpParams {
  static constexpr std::size_t kN = 6;
  static constexpr Limbs<6> kModulus = limbs_from_hex<6>(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
      "1eabfffeb153ffffb9feffffffffaaab");
};
using Fq = Fp<FpParams>;
using Fq2 = Fp2<Fq, 1>;
using Fq6 = Fp6<Fq2>;
using Fq12 = Fp12<Fq6>;
using G1 = Affine<Fq>;
using G2 = Affine<Fq2>;

// Group order r, the BLS_MODULUS of EIP-4844.
inline constexpr Limbs<4> kOrder =
    limbs_from_hex<4>("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");

inline constexpr Fq kB = Fq::from_u64(4);
// E': y^2 = x^3 + 4 (1 + u) over Fq2, an M-type sextic twist.
inline constexpr Fq2 kTwistB{Fq::from_u64(4), Fq::from_u64(4)};

// The standard generators (as in the Zcash BLS12-381 specification).
inline constexpr G1 kG1Generator{
    Fq::from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac58"
                 "6c55e83ff97a1aeffb3af00adb22c6bb"),
    Fq::from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3ed"
                 "d03cc744a2888ae40caa232946c5e7e1"),
    false};
inline constexpr G2 kG2Generator{
    {Fq::from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d177"
                  "0bac0326a805bbefd48056c8c121bdb8"),
     Fq::from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049"
                  "334cf11213945d57e5ac7d055d042b7e")},
    {Fq::from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c"
                  "923ac9cc3baca289e193548608b82801"),
     Fq::from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab"
                  "3f370d275cec1da1aaa9075ff05f79be")},
    false};

// Frobenius constants xi^(i (p - 1) / 6), xi = 1 + u, for i = 0..5.
inline constexpr std::array<Fq2, 6> kFrobeniusGamma{
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

inline constexpr std::size_t kG1CompressedBytes = 48;
inline constexpr std::size_t kG2CompressedBytes = 96;

// Compressed encodings of the ZCash BLS12-381 serialization: x big-endian (for G2 the imaginary
// part first), the three top bits of the first byte being the flags compressed (always set),
// infinity (all other bits zero) and sign (y is the lexicographically larger root; for G2 the
// imaginary part decides unless it is zero). Decoding rejects non-canonical encodings, points off
// the curve and points outside the order-r subgroup; infinity decodes (callers apply their rules).
[[nodiscard]] Result<G1> decompress_g1(const Byte* in);
[[nodiscard]] Result<G2> decompress_g2(const Byte* in);
void compress_g1(const G1& p, Byte* out);
void compress_g2(const G2& p, Byte* out);

// Square root in Fq2 (p = 3 mod 4: Adj and Rodriguez-Henriquez, "Square root computation over
// even extension fields", algorithm 9); nullopt for a non-residue.
[[nodiscard]] std::optional<Fq2> sqrt(const Fq2& a);
[[nodiscard]] inline std::optional<Fq> sqrt(const Fq& a) { return a.sqrt(); }
// The larger-than-its-negation test of the compressed encoding, for Fq2.
[[nodiscard]] bool is_lexicographically_largest(const Fq2& a);
// sgn0 of RFC 9380 (section 4.1): the parity of the first nonzero coordinate.
[[nodiscard]] bool sgn0(const Fq& a);
[[nodiscard]] bool sgn0(const Fq2& a);

// [|x|]P for the curve parameter x = -0xd201000000010000 (so [x]P is its negation), by
// double-and-add over its five set bits.
template <class F>
Jacobian<F> mul_by_abs_x(const Jacobian<F>& p) {
  constexpr std::uint64_t kAbsX = 0xd201000000010000;
  Jacobian<F> acc = p;
  for (int i = 62; i >= 0; --i) {
    acc = acc.dbl();
    if ((kAbsX >> i) & 1) acc = acc + p;
  }
  return acc;
}

// The untwist-Frobenius-twist endomorphism of E': psi(x, y) = (conj(x) c1, conj(y) c2) with
// c1 = 1 / (1 + u)^((p - 1) / 3), c2 = 1 / (1 + u)^((p - 1) / 2). On G2 it acts as [x].
[[nodiscard]] Jacobian<Fq2> psi(const Jacobian<Fq2>& p);

// Membership in the order-r subgroup: phi(P) == [-x^2]P with phi(x, y) = (beta x, y) (M. Scott,
// "A note on group membership tests for G1, G2 and GT on BLS pairing-friendly curves"); half the
// work of checking [r]P == O.
[[nodiscard]] bool in_g1(const G1& p);
// Membership in G2: psi(P) == [x]P (same note).
[[nodiscard]] bool in_g2(const G2& p);

// Maps a point of E (resp. E') into G1 (resp. G2): [1 - x]P for G1, and for G2 the psi-based
// multiple [h_eff]P of RFC 9380 appendix G.3 (Budroni-Pintore).
[[nodiscard]] Jacobian<Fq> clear_cofactor_g1(const Jacobian<Fq>& p);
[[nodiscard]] Jacobian<Fq2> clear_cofactor_g2(const Jacobian<Fq2>& p);

// True when the product of the pairings e(P_i, Q_i) is one.
[[nodiscard]] bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs);

}  // namespace plexus::curves::bls12_381
