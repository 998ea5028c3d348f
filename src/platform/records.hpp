#pragma once
// The primary network's state as plain data, and how each record is laid out in the state trie.
//
// Trie keys (hashed with keccak256, the trie uses secure keys):
//   'a' ++ address  -> rlp([key, balance, nonce])                      accounts
//   'v' ++ node id  -> rlp([key, stake, start, end, bls_key, bls_pop])  primary validators
//   's' ++ name     -> rlp([key, create-subnet operation, [[node id, weight], ...]])  subnets
// Each value repeats its key because a secure trie only knows the hashes of its keys, and a
// restart rebuilds this data from the trie alone.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "platform/operations.hpp"

namespace plexus::platform {

// The primary network appears as a subnet of this reserved name wherever validator sets are
// asked for by subnet (validator_set("primary", height)); no subnet can be created with it.
inline constexpr std::string_view kPrimaryNetwork = "primary";

struct Account {
  uint256 balance = 0;
  std::uint64_t nonce = 0;
  [[nodiscard]] bool empty() const { return balance == 0 && nonce == 0; }
  friend bool operator==(const Account&, const Account&) = default;
};

struct Validator {
  Address node_id{};
  uint256 stake = 0;
  std::uint64_t start_height = 0;  // validates primary heights [start_height, end_height)
  std::uint64_t end_height = kNoEnd;
  Bytes bls_key{};
  Bytes bls_pop{};
  Address owner{};  // who staked: the stake returns to it
  friend bool operator==(const Validator&, const Validator&) = default;
};

struct Subnet {
  CreateSubnet spec{};
  std::map<Address, std::uint64_t> validators{};  // node id -> weight
  friend bool operator==(const Subnet&, const Subnet&) = default;
};

struct PlatformData {
  std::map<Address, Account> accounts;
  std::map<Address, Validator> validators;
  std::map<std::string, Subnet, std::less<>> subnets;
};

// A primary validator's weight in the primary network's set: its stake in whole PLX (at least
// 2,000 by the stake rule), saturating at 2^64-1.
[[nodiscard]] std::uint64_t primary_weight(const uint256& stake);

[[nodiscard]] Bytes account_key(const Address& address);
[[nodiscard]] Bytes validator_key(const Address& node_id);
[[nodiscard]] Bytes subnet_key(std::string_view name);

// The trie value of the record under `key` in `data`, or nullopt if there is none (then the key
// is erased from the trie; an empty account counts as none).
[[nodiscard]] std::optional<Bytes> encode_record(const PlatformData& data, BytesView key);
// Decodes one trie value into `data`; kCorruption if it does not decode.
[[nodiscard]] Result<void> load_record(BytesView value, PlatformData& data);

}  // namespace plexus::platform
