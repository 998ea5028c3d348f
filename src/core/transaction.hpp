#pragma once
// Ethereum transactions: legacy (type 0, with or without EIP-155 replay protection), EIP-2930
// access-list (type 1), EIP-1559 dynamic-fee (type 2), EIP-4844 blob (type 3) and EIP-7702
// set-code (type 4) transactions.
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
  kPrague,    // calldata floor (EIP-7623)
  kOsaka,     // transaction gas cap 2^24 (EIP-7825)
};

// Accepts the names of the Ethereum test suites too ("EIP150", "EIP158", "ConstantinopleFix").
[[nodiscard]] Result<Fork> parse_fork(std::string_view name);
[[nodiscard]] std::string_view fork_name(Fork fork) noexcept;

enum class Type : std::uint8_t {
  kLegacy = 0,
  kAccessList = 1,
  kDynamicFee = 2,
  kBlob = 3,
  kSetCode = 4,
};

struct AccessListEntry {
  Address address;
  std::vector<Hash256> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

// EIP-7702: an authority's signed permission to set its code to a delegation to `address`.
// Invalid tuples do not make the transaction invalid; the state transition skips them.
struct Authorization {
  uint256 chain_id = 0;  // 0: valid on every chain
  Address address;
  std::uint64_t nonce = 0;
  uint256 y_parity = 0;
  uint256 r = 0;
  uint256 s = 0;
  friend bool operator==(const Authorization&, const Authorization&) = default;
};

inline constexpr std::size_t kMaxInitcodeSize = 49152;     // EIP-3860: 2 * max code size
inline constexpr std::size_t kMaxBlobsPerTransaction = 6;  // Cancun: max blob gas / gas per blob
inline constexpr Byte kBlobCommitmentVersionKzg = 0x01;
inline constexpr std::uint64_t kBlobGasPerBlob = 131072;                 // EIP-4844: 2^17
inline constexpr std::uint64_t kMaxTxGasOsaka = std::uint64_t{1} << 24;  // EIP-7825
inline constexpr std::uint64_t kPerEmptyAccountGas = 25000;  // EIP-7702, per authorization
inline constexpr std::uint64_t kPerAuthBaseGas = 12500;      // EIP-7702, for an existing authority

struct Transaction {
  Type type = Type::kLegacy;
  // Typed: the chain id field. Legacy: the EIP-155 chain id, or 0 for an unprotected transaction
  // (derived from v on decode; sign() uses it to choose the signing scheme).
  uint256 chain_id = 0;
  std::uint64_t nonce = 0;
  uint256 gas_price = 0;                 // types 0 and 1
  uint256 max_priority_fee_per_gas = 0;  // types 2 to 4
  uint256 max_fee_per_gas = 0;           // types 2 to 4
  std::uint64_t gas_limit = 0;
  std::optional<Address> to;  // empty: contract creation (never for types 3 and 4)
  uint256 value = 0;
  Bytes data;
  std::vector<AccessListEntry> access_list;       // types 1..4
  uint256 max_fee_per_blob_gas = 0;               // type 3
  std::vector<Hash256> blob_versioned_hashes;     // type 3
  std::vector<Authorization> authorization_list;  // type 4
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
// What an EIP-7702 authority signs: 0x05 || rlp([chain id, address, nonce]).
[[nodiscard]] Bytes authorization_signing_payload(const Authorization& auth);

// ---- hashing, signing, validation (transaction.cpp) ----
[[nodiscard]] Hash256 hash(const Transaction& tx);
[[nodiscard]] Hash256 signing_hash(const Transaction& tx);
// Signs in place: legacy transactions with chain_id != 0 get EIP-155 signatures.
void sign(Transaction& tx, const secp256k1::PrivateKey& key);
// Checks v, r and s against the fork's rules (not the chain id) and recovers the signer.
[[nodiscard]] Result<Address> recover_sender(const Transaction& tx, Fork fork);
// Gas charged before execution: base cost, calldata, access list, initcode words, authorizations.
[[nodiscard]] std::uint64_t intrinsic_gas(const Transaction& tx, Fork fork) noexcept;
// EIP-7623 (Prague): the least gas a transaction uses, 21000 + 10 per calldata token (a zero byte
// is one token, another byte four); 0 before Prague.
[[nodiscard]] std::uint64_t calldata_floor_gas(const Transaction& tx, Fork fork) noexcept;
// The EIP-7702 authority of a tuple: who signed keccak(0x05 || rlp([chain id, address, nonce]))
// with a low s; an error for a signature that recovers no one.
[[nodiscard]] Result<Address> recover_authority(const Authorization& auth);
// The delegation designator 0xef0100 || address that an authorization installs as code, and the
// address a code designates (nullopt for any other code).
[[nodiscard]] Bytes delegation_designator(const Address& target);
[[nodiscard]] std::optional<Address> delegation_target(BytesView code) noexcept;
// A legacy transaction signed without a chain id (pre-EIP-155): valid on any chain that takes it.
[[nodiscard]] inline bool is_unprotected(const Transaction& tx) noexcept {
  return tx.type == Type::kLegacy && tx.chain_id == 0;
}
// The most a transaction can take from its sender: gas limit * fee cap + value + blob gas * blob
// fee cap, or nullopt when that exceeds 2^256 - 1 (no balance can pay it). Admission, the pool
// and the state transition all decide affordability with this one function, so they never
// disagree on a transaction.
[[nodiscard]] std::optional<uint256> max_cost(const Transaction& tx) noexcept;
// Every stateless rule of `fork` for a chain; returns the sender. With `certified_sender`, the
// signature is not recovered and that sender is returned: for a block whose header (and so its
// senders digest) a quorum certificate vouches for, when the sender list came from a peer and
// matched that digest (chain/block_import.cpp). Every other rule still applies.
[[nodiscard]] Result<Address> validate(const Transaction& tx, Fork fork, const uint256& chain_id,
                                       const Address* certified_sender = nullptr);

}  // namespace plexus::tx
