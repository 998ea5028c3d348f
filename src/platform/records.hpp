#pragma once
// The primary network's state as plain data, and how each record is laid out in the state trie.
//
// Trie keys (hashed with keccak256, the trie uses secure keys):
//   'a' ++ address       -> rlp([key, balance, nonce])                                accounts
//   'v' ++ node id       -> rlp([key, owner, stake, start, end, bls_key, bls_pop, delegated,
//                                observed, signed])                           primary validators
//   's' ++ name          -> rlp([key, create-subnet operation, [[node id, weight, start, end],
//                                ...], next proposal number])                          subnets
//   'd' ++ node id ++ delegator ++ nonce(be8) -> rlp([key, amount, start, end])    delegations
//   'p' ++ name ++ 0x00 ++ number(be8)        -> rlp([key, proposal fields...])      proposals
//   'e' ++ evidence id   -> rlp([key])                               evidence already slashed
//   'T'                  -> rlp([key, burned, minted])                                  totals
// Each value repeats its key because a secure trie only knows the hashes of its keys, and a
// restart rebuilds this data from the trie alone.
#include <map>
#include <optional>
#include <set>
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
  Address owner{};  // who staked: the stake, the rewards and a slashed remainder return to it
  uint256 stake = 0;
  std::uint64_t start_time = 0;  // validates while start_time <= block time < end_time
  std::uint64_t end_time = kNoEnd;
  Bytes bls_key{};
  Bytes bls_pop{};
  uint256 delegated = 0;  // the sum of its delegations' amounts
  // Uptime: blocks whose signer bitset covered it, and those in which it signed (docs).
  std::uint64_t observed = 0;
  std::uint64_t signed_blocks = 0;
  friend bool operator==(const Validator&, const Validator&) = default;
};

struct SubnetMember {
  std::uint64_t weight = 1;
  std::uint64_t start_time = 0;  // inside the member's primary staking period
  std::uint64_t end_time = kNoEnd;
  friend bool operator==(const SubnetMember&, const SubnetMember&) = default;
};

struct Subnet {
  CreateSubnet spec{};  // governance is the current one, after executed proposals
  std::map<Address, SubnetMember> validators{};  // node id -> membership
  std::uint64_t next_proposal = 0;
  friend bool operator==(const Subnet&, const Subnet&) = default;
};

struct DelegationId {
  Address node_id{};
  Address delegator{};
  std::uint64_t nonce = 0;  // the delegator's nonce of the Delegate operation: unique
  friend auto operator<=>(const DelegationId&, const DelegationId&) = default;
  friend bool operator==(const DelegationId&, const DelegationId&) = default;
};

struct Delegation {
  uint256 amount = 0;
  std::uint64_t start_time = 0;
  std::uint64_t end_time = 0;
  friend bool operator==(const Delegation&, const Delegation&) = default;
};

enum class ProposalStatus : std::uint8_t {
  kVoting = 0,
  kScheduled = 1,  // passed: takes effect at effective_height of the subnet chain
  kRejectedNoQuorum = 2,
  kRejectedThreshold = 3,
};

struct Proposal {
  Address proposer{};
  GovernanceAction action{};
  std::uint64_t effective_height = 0;
  std::uint64_t voting_end = 0;  // block time; the tally runs at the first block at or after it
  std::uint64_t executes_at = 0;  // tally time + timelock (set by the tally)
  std::map<Address, std::uint64_t> voters{};  // weights, fixed when proposed
  std::map<Address, bool> votes{};
  ProposalStatus status = ProposalStatus::kVoting;
  bool executed = false;  // a platform-side action (validator requirements) has been applied
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

// "voting", "scheduled at height N", "rejected: no quorum (x of y)", "rejected: threshold
// (x yes of y)".
[[nodiscard]] std::string status_text(const Proposal& proposal);

using ProposalId = std::pair<std::string, std::uint64_t>;  // subnet, number

struct Totals {
  uint256 burned = 0;  // fees and slashed stake
  uint256 minted = 0;  // rewards
  friend bool operator==(const Totals&, const Totals&) = default;
};

struct PlatformData {
  std::map<Address, Account> accounts;
  std::map<Address, Validator> validators;
  std::map<std::string, Subnet, std::less<>> subnets;
  std::map<DelegationId, Delegation> delegations;
  std::map<ProposalId, Proposal> proposals;
  std::set<Hash256> used_evidence;
  Totals totals;
  friend bool operator==(const PlatformData&, const PlatformData&) = default;
};

// A primary validator's weight in the primary network's set: its stake plus what is delegated
// to it, in whole PLX (at least 2,000 by the stake rule), saturating at 2^64-1.
[[nodiscard]] std::uint64_t primary_weight(const Validator& validator);

[[nodiscard]] Bytes account_key(const Address& address);
[[nodiscard]] Bytes validator_key(const Address& node_id);
[[nodiscard]] Bytes subnet_key(std::string_view name);
[[nodiscard]] Bytes delegation_key(const DelegationId& id);
[[nodiscard]] Bytes proposal_key(const ProposalId& id);
[[nodiscard]] Bytes evidence_key(const Hash256& id);
[[nodiscard]] Bytes totals_key();

// The trie value of the record under `key` in `data`, or nullopt if there is none (then the key
// is erased from the trie; an empty account counts as none).
[[nodiscard]] std::optional<Bytes> encode_record(const PlatformData& data, BytesView key);
// Decodes one trie value into `data`; kCorruption if it does not decode.
[[nodiscard]] Result<void> load_record(BytesView value, PlatformData& data);

}  // namespace plexus::platform
