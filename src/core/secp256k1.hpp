#pragma once
// ECDSA over secp256k1 as Ethereum uses it, on top of libsecp256k1 and its recovery module:
// keys, addresses, recoverable signatures (r, s, recovery id) and public-key recovery.
//
// Ethereum applies two different rules to s: transactions since Homestead must have a "low" s
// (s <= n/2, EIP-2), while the ecrecover precompile accepts any s in [1, n-1]. Callers choose with
// SRule; signatures produced here are always low-s.
#include <cstdint>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::secp256k1 {

using Bytes32 = FixedBytes<32>;
// The uncompressed public key without its 0x04 prefix: x || y, big-endian.
using PublicKey = FixedBytes<64>;

// The curve order n and n/2, big-endian.
extern const Bytes32 kCurveOrder;
extern const Bytes32 kHalfCurveOrder;

class PrivateKey {
 public:
  // The secret must lie in [1, n-1].
  [[nodiscard]] static Result<PrivateKey> from_secret(const Bytes32& secret);
  // Deterministic key from arbitrary seed bytes: keccak256(seed), re-hashed in the (~2^-128
  // likely) case it falls outside [1, n-1].
  [[nodiscard]] static PrivateKey from_seed(BytesView seed);

  [[nodiscard]] const Bytes32& secret() const noexcept { return secret_; }
  [[nodiscard]] PublicKey public_key() const;
  [[nodiscard]] Address address() const;

 private:
  explicit PrivateKey(const Bytes32& secret) : secret_(secret) {}
  Bytes32 secret_;
};

struct RecoverableSignature {
  Bytes32 r;
  Bytes32 s;
  std::uint8_t recovery_id = 0;  // 0 or 1: the parity of the ephemeral point's y coordinate
  friend bool operator==(const RecoverableSignature&, const RecoverableSignature&) = default;
};

enum class SRule : std::uint8_t {
  kAnyS,  // s in [1, n-1] (Frontier transactions, the ecrecover precompile)
  kLowS,  // s in [1, n/2] (transactions since Homestead, EIP-2)
};

// Ethereum address of a public key: the last 20 bytes of keccak256(x || y).
[[nodiscard]] Address address_from_public_key(const PublicKey& key) noexcept;

// Deterministic (RFC 6979) signature of a 32-byte message hash; s is always low.
[[nodiscard]] RecoverableSignature sign(const Hash256& hash, const PrivateKey& key);

// True if r is in [1, n-1] and s satisfies `rule`.
[[nodiscard]] bool signature_values_valid(const Bytes32& r, const Bytes32& s, SRule rule) noexcept;

// Recovers the signer's public key. Fails (Errc::kValidation) if r or s is out of range, the
// recovery id is not 0 or 1, or no curve point matches.
[[nodiscard]] Result<PublicKey> recover_public_key(const Hash256& hash,
                                                   const RecoverableSignature& sig, SRule rule);
[[nodiscard]] Result<Address> recover_address(const Hash256& hash, const RecoverableSignature& sig,
                                              SRule rule);

}  // namespace plexus::secp256k1
