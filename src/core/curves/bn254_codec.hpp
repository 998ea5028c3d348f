#pragma once
// Decoding of EIP-196/197 point encodings. Internal header.
#include "core/bytes.hpp"
#include "core/curves/bn254.hpp"
#include "core/error.hpp"

namespace plexus::curves::bn254 {

// 64 bytes x || y; all zero is infinity; coordinates must be below p and the point on the curve.
[[nodiscard]] Result<G1> decode_g1(const Byte* in);

// 128 bytes x.c1 || x.c0 || y.c1 || y.c0 (imaginary part first); all zero is infinity; the point
// must be on the twist and in the order-r subgroup.
[[nodiscard]] Result<G2> decode_g2(const Byte* in);

// Membership of a twist point in the order-r subgroup G2: psi(Q) == [6u^2]Q (El Housni, Guillevic
// and Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly curves"),
// half the work of checking [r]Q == O.
[[nodiscard]] bool in_g2(const G2& q);

}  // namespace plexus::curves::bn254
