#pragma once
// Elliptic-curve precompiles of the EVM: BN254 (alt_bn128) addition, scalar multiplication and
// pairing check (EIP-196/197), the KZG point evaluation over BLS12-381 (EIP-4844) and the
// BLS12-381 operations of EIP-2537 (Prague). Pure functions of the call input; an error means
// invalid input, which the EVM turns into a failed call that consumes all gas. Gas pricing stays
// with the caller.
//
// The curve arithmetic is hand-written (src/core/curves/): no Debian library implements BN254 or
// BLS12-381 pairings (no packaged blst, mcl, relic or libff).
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::curves {

// 0x06 ECADD: input right-padded/truncated to 128 bytes (two points, (0,0) is infinity);
// 64-byte output.
[[nodiscard]] Result<Bytes> bn254_add(BytesView input);

// 0x07 ECMUL: input right-padded/truncated to 96 bytes (point, 256-bit scalar); 64-byte output.
[[nodiscard]] Result<Bytes> bn254_mul(BytesView input);

// 0x08 pairing check: k * 192 bytes of (G1 point, G2 point with Fp2 coordinates given imaginary
// part first); 32-byte 1 when the product of pairings is one (also for empty input), else 0.
[[nodiscard]] Result<Bytes> bn254_pairing_check(BytesView input);

// 0x0a point evaluation: exactly 192 bytes (versioned hash, z, y, commitment, proof); on a valid
// proof returns FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte big-endian words.
[[nodiscard]] Result<Bytes> kzg_point_evaluation(BytesView input);

// EIP-2537 (bls12_381_precompiles.cpp): field elements are 64 bytes (16 zero bytes, then below
// p), points uncompressed (all zeros: infinity), scalars 32 bytes. 0x0b G1ADD and 0x0d G2ADD take
// two points on the curve; 0x0c G1MSM and 0x0e G2MSM take k >= 1 (point, scalar) pairs with
// points in the subgroup; 0x0f answers 32-byte 1 when the product of the k >= 1 pairings is one;
// 0x10 and 0x11 map a field element to the group (SSWU, isogeny, cofactor clearing).
[[nodiscard]] Result<Bytes> bls12_g1_add(BytesView input);
[[nodiscard]] Result<Bytes> bls12_g1_msm(BytesView input);
[[nodiscard]] Result<Bytes> bls12_g2_add(BytesView input);
[[nodiscard]] Result<Bytes> bls12_g2_msm(BytesView input);
[[nodiscard]] Result<Bytes> bls12_pairing_check(BytesView input);
[[nodiscard]] Result<Bytes> bls12_map_fp_to_g1(BytesView input);
[[nodiscard]] Result<Bytes> bls12_map_fp2_to_g2(BytesView input);

}  // namespace plexus::curves
