#pragma once
// BLS signatures on BLS12-381 with Ethereum's ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_
// (draft-irtf-cfrg-bls-signature-05, proof-of-possession scheme): public keys in G1 (48-byte
// compressed), signatures in G2 (96-byte compressed), messages hashed to G2 by RFC 9380.
//
// Hand-written on the project's own curve code (src/core/curves): Debian packages no BLS12-381
// library (no blst, mcl, relic or herumi bls), so nothing here wraps a third-party implementation.
// Conformance: the Ethereum consensus BLS vectors and the RFC 9380 vectors
// (tests/core/bls; the data lives outside the repository, see tests/support/testdata.hpp).
//
// Validity rules, as the Ethereum consensus specification expects them:
//  - a PublicKey exists only for a point of G1 other than infinity (KeyValidate at decoding);
//  - a Signature may be infinity (it decodes; it verifies against nothing);
//  - every decoding rejects non-canonical flag bits, coordinates >= p, points off the curve and
//    points outside the order-r subgroup.
// Signing and public-key derivation take no branch and read no address that depends on the
// secret key (points.hpp says how, and what is left).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::bls {

inline constexpr std::string_view kSignatureDst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
inline constexpr std::string_view kPopDst = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

using SecretKeyBytes = FixedBytes<32>;
using PublicKeyBytes = FixedBytes<48>;
using SignatureBytes = FixedBytes<96>;

namespace detail {
struct Access;  // converts between these types and the curve code's points (bls/*.cpp only)
}

class PublicKey {
 public:
  // 48-byte compressed G1 point; rejects infinity and anything outside G1.
  [[nodiscard]] static Result<PublicKey> from_bytes(BytesView bytes);
  [[nodiscard]] const PublicKeyBytes& to_bytes() const { return bytes_; }
  friend bool operator==(const PublicKey& a, const PublicKey& b) { return a.bytes_ == b.bytes_; }

 private:
  friend struct detail::Access;
  PublicKey() = default;
  PublicKeyBytes bytes_;
  alignas(8) std::array<std::byte, 104> point_{};  // the decoded affine point
};

class Signature {
 public:
  // 96-byte compressed G2 point; infinity is accepted, anything outside G2 is not.
  [[nodiscard]] static Result<Signature> from_bytes(BytesView bytes);
  [[nodiscard]] const SignatureBytes& to_bytes() const { return bytes_; }
  [[nodiscard]] bool is_infinity() const;
  friend bool operator==(const Signature& a, const Signature& b) { return a.bytes_ == b.bytes_; }

 private:
  friend struct detail::Access;
  Signature() = default;
  SignatureBytes bytes_;
  alignas(8) std::array<std::byte, 200> point_{};
};

class SecretKey {
 public:
  // 32 big-endian bytes, 0 < sk < r.
  [[nodiscard]] static Result<SecretKey> from_bytes(BytesView bytes);
  // KeyGen(IKM, key_info) of the IETF draft as Ethereum uses it (EIP-2333's HKDF_mod_r: the salt
  // "BLS-SIG-KEYGEN-SALT-" hashed before each attempt); IKM must hold at least 32 bytes.
  [[nodiscard]] static Result<SecretKey> key_gen(BytesView ikm, BytesView key_info = {});
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();  // wipes the scalar

  [[nodiscard]] SecretKeyBytes to_bytes() const;
  [[nodiscard]] PublicKey public_key() const;

 private:
  friend struct detail::Access;
  SecretKey() = default;
  std::array<std::uint64_t, 4> scalar_{};  // little-endian limbs
};

// Sign(SK, message) and Verify(PK, message, signature) with kSignatureDst.
[[nodiscard]] Signature sign(const SecretKey& sk, BytesView message);
[[nodiscard]] bool verify(const PublicKey& pk, BytesView message, const Signature& signature);

// The sum of the signatures (resp. keys); fails on an empty list (and, for keys, when the sum is
// infinity, which no valid key is).
[[nodiscard]] Result<Signature> aggregate(std::span<const Signature> signatures);
[[nodiscard]] Result<PublicKey> aggregate_public_keys(std::span<const PublicKey> keys);

// All signers signed the same message (safe with proof of possession only). False when empty.
[[nodiscard]] bool fast_aggregate_verify(std::span<const PublicKey> keys, BytesView message,
                                         const Signature& signature);
// Signer i signed message i (one multi-pairing). The POP scheme does not require the messages to
// be distinct. False when empty or when the lengths differ.
[[nodiscard]] bool aggregate_verify(std::span<const PublicKey> keys,
                                    std::span<const BytesView> messages,
                                    const Signature& signature);

// Independent (key, message, signature) triples checked at once with random linear combination:
// prod e(r_i PK_i, H(m_i)) == e(G1, sum r_i sig_i), the 64-bit r_i derived by SHA-256 from every
// input (so the result is deterministic). True only if every triple verifies, except with
// probability about 2^-64. False when empty.
struct SignatureSet {
  const PublicKey* key;
  BytesView message;
  const Signature* signature;
};
[[nodiscard]] bool batch_verify(std::span<const SignatureSet> sets);

// PopProve / PopVerify: a signature over the compressed public key with kPopDst.
[[nodiscard]] Signature pop_prove(const SecretKey& sk);
[[nodiscard]] bool pop_verify(const PublicKey& pk, const Signature& proof);

}  // namespace plexus::bls
