#pragma once
// Ethereum transactions: legacy (type 0, with or without EIP-155 replay protection), EIP-2930
// access-list (type 1), EIP-1559 dynamic-fee (type 2) and EIP-4844 blob (type 3) transactions.
//
// decode() reads the signed canonical form (a legacy RLP list, or an EIP-2718 envelope
// `type || rlp(fields)`) with strict RLP and per-field size limits; validate() applies the
// stateless rules of a fork (types allowed, signature values, chain id, nonce and initcode limits,
// intrinsic gas) and recovers the sender. Rules that need state (balance, account nonce, base fee)
// belong to the state transition. The blob network form (with blobs, commitments and proofs) is
// a mempool concern and is rejected here.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/secp256k1.hpp"
#include "core/uint256.hpp"

namespace plexus::tx {

// The forks whose transaction rules differ, in activation order.
enum class Fork : std::uint8_t {
  kFrontier,
  kHomestead,         // contract creation costs 53000; low-s signatures (EIP-2)
  kTangerineWhistle,  // "EIP150"
  kSpuriousDragon,    // "EIP158": EIP-155 replay-protected signatures
  kByzantium,
  kConstantinople,
  kPetersburg,  // "ConstantinopleFix"
  kIstanbul,    // non-zero calldata byte costs 16 (EIP-2028)
  kBerlin,      // type 1 and access-list gas (EIP-2930)
  kLondon,      // type 2 (EIP-1559)
  kParis,
  kShanghai,  // initcode limit and word cost (EIP-3860)
  kCancun,    // type 3 (EIP-4844)
};

// Accepts the names of the Ethereum test suites too ("EIP150", "EIP158", "ConstantinopleFix").
[[nodiscard]] Result<Fork> parse_fork(std::string_view name);
[[nodiscard]] std::string_view fork_name(Fork fork) noexcept;

enum class Type : std::uint8_t { kLegacy = 0, kAccessList = 1, kDynamicFee = 2, kBlob = 3 };

struct AccessListEntry {
  Address address;
  std::vector<Hash256> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

inline constexpr std::size_t kMaxInitcodeSize = 49152;     // EIP-3860: 2 * max code size
inline constexpr std::size_t kMaxBlobsPerTransaction = 6;  // Cancun: max blob gas / gas per blob
inline constexpr Byte kBlobCommitmentVersionKzg = 0x01;
inline constexpr std::uint64_t kBlobGasPerBlob = 131072;  // EIP-4844: 2^17

struct Transaction {
  Type type = Type::kLegacy;
  // Typed: the chain id field. Legacy: the EIP-155 chain id, or 0 for an unprotected transaction
  // (derived from v on decode; sign() uses it to choose the signing scheme).
  uint256 chain_id = 0;
  std::uint64_t nonce = 0;
  uint256 gas_price = 0;                 // types 0 and 1
  uint256 max_priority_fee_per_gas = 0;  // types 2 and 3
  uint256 max_fee_per_gas = 0;           // types 2 and 3
  std::uint64_t gas_limit = 0;
  std::optional<Address> to;  // empty: contract creation (never for type 3)
  uint256 value = 0;
  Bytes data;
  std::vector<AccessListEntry> access_list;    // types 1..3
  uint256 max_fee_per_blob_gas = 0;            // type 3
  std::vector<Hash256> blob_versioned_hashes;  // type 3
  // Signature. Legacy: v is the raw value (27/28, or 35/36 + 2 * chain id). Typed: the y parity.
  uint256 v = 0;
  uint256 r = 0;
  uint256 s = 0;

  [[nodiscard]] bool is_create() const noexcept { return !to.has_value(); }
  // The most the sender pays per gas, and the most that goes to the block producer.
  [[nodiscard]] const uint256& fee_cap() const noexcept;
  [[nodiscard]] const uint256& tip_cap() const noexcept;

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// ---- encoding (transaction_codec.cpp) ----
[[nodiscard]] Result<Transaction> decode(BytesView raw);
// The signed canonical form: what decode() reads and what the transaction hash covers.
[[nodiscard]] Bytes encode(const Transaction& tx);
// The payload the signature covers (EIP-155 for protected legacy transactions).
[[nodiscard]] Bytes signing_payload(const Transaction& tx);

// ---- hashing, signing, validation (transaction.cpp) ----
[[nodiscard]] Hash256 hash(const Transaction& tx);
[[nodiscard]] Hash256 signing_hash(const Transaction& tx);
// Signs in place: legacy transactions with chain_id != 0 get EIP-155 signatures.
void sign(Transaction& tx, const secp256k1::PrivateKey& key);
// Checks v, r and s against the fork's rules (not the chain id) and recovers the signer.
[[nodiscard]] Result<Address> recover_sender(const Transaction& tx, Fork fork);
// Gas charged before execution: base cost, calldata, access list, initcode words.
[[nodiscard]] std::uint64_t intrinsic_gas(const Transaction& tx, Fork fork) noexcept;
// A legacy transaction signed without a chain id (pre-EIP-155): valid on any chain that takes it.
[[nodiscard]] inline bool is_unprotected(const Transaction& tx) noexcept {
  return tx.type == Type::kLegacy && tx.chain_id == 0;
}
// The most a transaction can take from its sender: gas limit * fee cap + value + blob gas * blob
// fee cap, or nullopt when that exceeds 2^256 - 1 (no balance can pay it). Admission, the pool
// and the state transition all decide affordability with this one function, so they never
// disagree on a transaction.
[[nodiscard]] std::optional<uint256> max_cost(const Transaction& tx) noexcept;
// Every stateless rule of `fork` for a chain; returns the sender.
[[nodiscard]] Result<Address> validate(const Transaction& tx, Fork fork, const uint256& chain_id);

}  // namespace plexus::tx
