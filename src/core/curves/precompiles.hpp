#pragma once
// Elliptic-curve precompiles of the EVM (Cancun): BN254 (alt_bn128) addition, scalar
// multiplication and pairing check (EIP-196/197), and the KZG point evaluation over BLS12-381
// (EIP-4844). Pure functions of the call input; an error means invalid input, which the EVM turns
// into a failed call that consumes all gas. Gas pricing stays with the caller.
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

}  // namespace plexus::curves
