#pragma once
// RFC 9380 hashing to BLS12-381 G1 and G2 with the suites BLS12381G1_XMD:SHA-256_SSWU_{RO,NU}_ and
// BLS12381G2_XMD:SHA-256_SSWU_{RO,NU}_: expand_message_xmd, hash_to_field, the simplified SWU map
// onto an isogenous curve (11-isogenous for G1, 3-isogenous for G2), the isogeny map and cofactor
// clearing. Hand-written on the project's own curve code (see field.hpp: Debian packages no
// BLS12-381 library). Not constant time. Internal header (src/core/curves, src/core/bls, tests).
#include <cstddef>
#include <vector>

#include "core/bytes.hpp"
#include "core/curves/bls12_381.hpp"
#include "core/error.hpp"

namespace plexus::curves::bls12_381 {

// expand_message_xmd with SHA-256 (RFC 9380 section 5.3.1); a DST longer than 255 bytes is first
// reduced to SHA-256("H2C-OVERSIZE-DST-" || DST) (section 5.3.3). Fails for len > 8160.
[[nodiscard]] Result<Bytes> expand_message_xmd(BytesView msg, BytesView dst, std::size_t len);

// hash_to_field with L = 64 bytes per base-field element (section 5.2).
[[nodiscard]] std::vector<Fq> hash_to_fq(BytesView msg, BytesView dst, std::size_t count);
[[nodiscard]] std::vector<Fq2> hash_to_fq2(BytesView msg, BytesView dst, std::size_t count);

// map_to_curve: simplified SWU onto the isogenous curve, then the isogeny map; the result is on
// E (resp. E') but not yet in the subgroup.
[[nodiscard]] G1 map_to_curve_g1(const Fq& u);
[[nodiscard]] G2 map_to_curve_g2(const Fq2& u);
[[nodiscard]] Jacobian<Fq> map_to_curve_g1_jacobian(const Fq& u);  // the same, no inversion
[[nodiscard]] Jacobian<Fq2> map_to_curve_g2_jacobian(const Fq2& u);

// hash_to_curve (random oracle, "RO") and encode_to_curve ("NU").
[[nodiscard]] G1 hash_to_g1(BytesView msg, BytesView dst);
[[nodiscard]] G1 encode_to_g1(BytesView msg, BytesView dst);
[[nodiscard]] G2 hash_to_g2(BytesView msg, BytesView dst);
[[nodiscard]] G2 encode_to_g2(BytesView msg, BytesView dst);

}  // namespace plexus::curves::bls12_381
