// EIP-4844 point evaluation precompile: verifies a KZG proof that the polynomial committed to
// evaluates to y at z, via e(C - [y]G1, -G2) * e(proof, [tau]G2 - [z]G2) == 1.
#include <algorithm>

#include "core/curves/bls12_381.hpp"
#include "core/curves/precompiles.hpp"
#include "core/hash.hpp"

namespace plexus::curves {
namespace {

using bls12_381::Fq;
using bls12_381::Fq2;

// [tau]G2 of the Ethereum mainnet KZG ceremony: g2_monomial[1] of c-kzg-4844's
// src/trusted_setup.txt (KZG_SETUP_G2_MONOMIAL_1 in the execution specs), compressed
//   b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d
//   2914e5870cb452d2afaaab24f3499f72185cbfee53492714734429b7b38608e2
//   3926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2
// stored here decompressed (x = c0 + c1 u, y = c0 + c1 u).
constexpr bls12_381::G2 kTauG2{
    {Fq::from_hex("185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b"
                  "087041de621000edc98edada20c1def2"),
     Fq::from_hex("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d"
                  "2914e5870cb452d2afaaab24f3499f72")},
    {Fq::from_hex("014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c979"
                  "4ce26d105941f383ee689bfbbb832a99"),
     Fq::from_hex("1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa0789"
                  "9495346f3d7ac9cd23048ef30d0a154f")},
    false};

constexpr std::size_t kInputSize = 192;
constexpr Byte kVersionedHashVersionKzg = 0x01;
constexpr std::uint64_t kFieldElementsPerBlob = 4096;

Result<Limbs<4>> decode_scalar(const Byte* in, const char* what) {
  const Limbs<4> v = limbs_from_be<4>(in);
  if (limbs_geq(v, bls12_381::kOrder))
    return fail(Errc::kValidation, std::string("kzg: ") + what + " not below BLS_MODULUS");
  return v;
}

}  // namespace

Result<Bytes> kzg_point_evaluation(BytesView input) {
  if (input.size() != kInputSize)
    return fail(Errc::kValidation, "kzg: input must be exactly 192 bytes");
  const Byte* in = input.data();
  Hash256 versioned = sha256(input.subspan(96, 48));
  versioned[0] = kVersionedHashVersionKzg;
  if (!std::equal(versioned.bytes.begin(), versioned.bytes.end(), in))
    return fail(Errc::kValidation, "kzg: versioned hash does not match the commitment");
  PLEXUS_TRY(const Limbs<4> z, decode_scalar(in + 32, "z"));
  PLEXUS_TRY(const Limbs<4> y, decode_scalar(in + 64, "y"));
  PLEXUS_TRY(const bls12_381::G1 commitment, bls12_381::decompress_g1(in + 96));
  PLEXUS_TRY(const bls12_381::G1 proof, bls12_381::decompress_g1(in + 144));

  const auto g1 = Jacobian<Fq>::from(bls12_381::kG1Generator);
  const auto g2 = Jacobian<Fq2>::from(bls12_381::kG2Generator);
  const bls12_381::G1 c_minus_y = (Jacobian<Fq>::from(commitment) + -g1.mul(y)).to_affine();
  const bls12_381::G2 tau_minus_z = (Jacobian<Fq2>::from(kTauG2) + -g2.mul(z)).to_affine();
  const std::pair<bls12_381::G1, bls12_381::G2> pairs[] = {
      {c_minus_y, -bls12_381::kG2Generator}, {proof, tau_minus_z}};
  if (!bls12_381::pairing_product_is_one(pairs))
    return fail(Errc::kValidation, "kzg: proof does not verify");

  Bytes out(64, 0);
  out[30] = static_cast<Byte>(kFieldElementsPerBlob >> 8);
  out[31] = static_cast<Byte>(kFieldElementsPerBlob & 0xff);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t b = 0; b < 8; ++b)
      out[32 + 31 - (8 * i + b)] = static_cast<Byte>(bls12_381::kOrder[i] >> (8 * b));
  return out;
}

}  // namespace plexus::curves
