#pragma once
// The primary network's state: accounts (PLX balance and nonce), validators and subnets in a
// Merkle Patricia trie with a root, changed only block by block (see docs/PLATFORM.md).
//
// apply_block either applies every operation of a block and returns the new root, or refuses
// the block with the first broken rule ("block 7, op 2: platform: nonce 3, expected 2") and
// changes nothing, in memory or in the store. A block is written in one synced batch: its trie
// nodes, the block itself (by height and hash), the head and the snapshots of the validator sets
// it changed. Re-opening the store resumes at the last block.
//
// Store layout besides the trie nodes ('t' ++ node hash):
//   'g'               -> network id
//   'p'               -> the network's parameters (encode_params)
//   'h'               -> head height (big-endian)
//   'B' ++ height(be) -> rlp([block, state root])
//   'H' ++ hash       -> height (big-endian)
//   'S' ...           -> validator set snapshots (history.hpp)
//   'O' ++ op hash    -> height of the block holding that SubmitBlobs (keccak256 of its wire form)
//
// Not safe for concurrent use (the trie fills caches even when read); PlatformRegistry adds a
// lock for the node.
#include <memory>
#include <optional>

#include "platform/block.hpp"
#include "platform/config.hpp"
#include "platform/history.hpp"
#include "platform/transition.hpp"
#include "storage/trie.hpp"

namespace plexus::platform {

// A passed proposal: its action takes effect at the subnet's block `effective_height`. A node
// whose subnet chain is already past that height when the proposal passes treats it as expired.
struct ScheduledChange {
  std::uint64_t proposal = 0;  // the number within the subnet
  std::uint64_t effective_height = 0;
  GovernanceAction action{};
  friend bool operator==(const ScheduledChange&, const ScheduledChange&) = default;
};

// The state after blocks that are not written yet (pending under a consensus engine): what the
// next of them is checked against and built on.
struct PendingState {
  PlatformData data;
  PlatformBlock header;  // the last block's, without its operations
  Hash256 hash{};        // the last block's
};

struct StateProof {
  Hash256 root;
  Bytes key;                 // the trie key (account_key, validator_key, subnet_key)
  std::vector<Bytes> nodes;  // verify with verify_proof(root, key, nodes, /*secure_keys=*/true)
};

class PlatformState {
 public:
  // `store` must outlive the state. An empty store gets block 0 from `genesis`; otherwise the
  // state resumes at its last block (and fails if the store belongs to another network id).
  [[nodiscard]] static Result<std::unique_ptr<PlatformState>> open(kv::KvStore& store,
                                                                   const PlatformGenesis& genesis,
                                                                   PlatformConfig config = {});

  // Checks the header (height, parent, timestamp, operation count, signer bitset), counts
  // uptime, ends and starts staking periods, tallies proposals, then applies the operations.
  [[nodiscard]] Result<Hash256> apply_block(const PlatformBlock& block);
  // The head as a PendingState (a copy of the data).
  [[nodiscard]] PendingState head_state() const;
  // Runs `block` on `parent` (the head, or pending blocks on it) with every rule apply_block
  // checks; the broken rule, or the state after it. Nothing is written.
  [[nodiscard]] Result<PendingState> run_pending(PendingState parent,
                                                 const PlatformBlock& block) const;

  [[nodiscard]] std::uint64_t network_id() const noexcept { return network_id_; }
  [[nodiscard]] const PlatformConfig& config() const noexcept { return config_; }
  [[nodiscard]] std::uint64_t height() const noexcept { return head_.height; }
  [[nodiscard]] Hash256 head_hash() const noexcept { return head_hash_; }
  [[nodiscard]] std::uint64_t head_timestamp() const noexcept { return head_.timestamp; }
  [[nodiscard]] Hash256 root() const { return trie_.root_hash(); }
  // The current state; PlatformData's ordered maps are also what a block builder works on.
  [[nodiscard]] const PlatformData& data() const noexcept { return data_; }
  [[nodiscard]] Account account(const Address& address) const;
  // The passed proposals of `subnet`, by effective height (then number).
  [[nodiscard]] std::vector<ScheduledChange> scheduled_changes(std::string_view subnet) const;
  // The same as they stood after block `height` (read from that block's trie).
  [[nodiscard]] Result<std::vector<ScheduledChange>> scheduled_changes_at(
      std::string_view subnet, std::uint64_t height) const;
  // The primary validators active at the head, in certificate order: what the next block's
  // `signers` bitset indexes into.
  [[nodiscard]] Result<ValidatorSet> signer_order() const;

  // History.
  [[nodiscard]] Result<ValidatorSet> validator_set(std::string_view subnet,
                                                   std::uint64_t height) const;
  // The first height at which the subnet's set had a member (its chain's first epoch's).
  [[nodiscard]] Result<std::optional<std::uint64_t>> first_active_height(
      std::string_view subnet) const {
    return history_.first_active(store_, subnet);
  }
  [[nodiscard]] Result<Hash256> root_at(std::uint64_t height) const;
  [[nodiscard]] Result<PlatformBlock> block_at(std::uint64_t height) const;
  [[nodiscard]] Result<std::uint64_t> height_of(const Hash256& block_hash) const;
  // The height of the block that included the SubmitBlobs with this hash (keccak256 of
  // encode_signed), or nothing while none has.
  [[nodiscard]] Result<std::optional<std::uint64_t>> height_of_blobs(
      const Hash256& operation_hash) const;

  // A Merkle proof of a trie key (account_key(...), validator_key(...), subnet_key(...)) at the
  // current height, or at an earlier one.
  [[nodiscard]] Result<StateProof> prove(BytesView key) const;
  [[nodiscard]] Result<StateProof> prove(BytesView key, std::uint64_t height) const;

 private:
  PlatformState(kv::KvStore& store, std::uint64_t network_id, PlatformConfig config);
  [[nodiscard]] Result<void> load();
  [[nodiscard]] Result<Hash256> create_genesis(const PlatformGenesis& genesis);
  [[nodiscard]] Result<void> check_header(const PlatformBlock& parent, const Hash256& parent_hash,
                                          const PlatformBlock& block) const;
  // The header rules, the block's start (uptime, periods, tallies), then its operations, on
  // `transition`'s data.
  [[nodiscard]] Result<void> run_block(const PlatformBlock& parent, const Hash256& parent_hash,
                                       const PlatformBlock& block, Transition& transition) const;
  // Writes the block's changes (`next`, as `transition` made it from data_) with `batch`, then
  // makes them current; on a failed write nothing changes.
  [[nodiscard]] Result<Hash256> commit(const PlatformBlock& block, PlatformData& next,
                                       const Transition& transition, kv::WriteBatch batch);
  [[nodiscard]] Result<Hash256> stage_trie(const PlatformData& next, const Transition& transition,
                                           kv::WriteBatch& batch);
  [[nodiscard]] Result<std::pair<PlatformBlock, Hash256>> read_block(std::uint64_t height) const;

  kv::KvStore& store_;
  const std::uint64_t network_id_;
  const PlatformConfig config_;
  PlatformData data_;
  Trie trie_;
  ValidatorHistory history_;
  PlatformBlock head_;  // without its operations
  Hash256 head_hash_;
};

}  // namespace plexus::platform
