#pragma once
// The primary network's state as a node holds it: a PlatformState behind a lock, changed in one
// of two ways.
//  - Alone (plexus dev): apply() puts each submitted operation in a platform block of its own as
//    soon as it arrives. A submission that breaks a rule is refused with that rule.
//  - In a network: submit() checks an operation against the head and the pool and keeps it in
//    the pool; a consensus engine builds blocks from the pool on pending parents (build,
//    run_pending) and writes the final ones (apply_final), which also empties the pool of what
//    they included or made invalid.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/builder.hpp"
#include "platform/state.hpp"

namespace plexus::platform {

class PlatformRegistry {
 public:
  // `store` must outlive the registry (see PlatformState::open).
  [[nodiscard]] static Result<std::unique_ptr<PlatformRegistry>> open(
      kv::KvStore& store, const PlatformGenesis& genesis, PlatformConfig config = {});

  // Puts the operation in a platform block of its own and applies it; the broken rule
  // otherwise (nothing changes).
  [[nodiscard]] Result<void> apply(const SignedOperation& signed_op);

  // ---- in a network ----
  static constexpr std::size_t kMaxPool = 4096;
  // Keeps the operation for a later block if it applies after the pooled ones; its hash
  // (keccak256 of its wire form), or the broken rule. One already pooled is refused as such.
  [[nodiscard]] Result<Hash256> submit(const SignedOperation& signed_op);
  // Pooled operations in arrival order, at most `max`.
  [[nodiscard]] std::vector<SignedOperation> pooled(std::size_t max) const;
  [[nodiscard]] std::size_t pool_size() const;
  // The nonce the issuer's next operation should carry: past its final nonce and past every
  // operation of its that is pooled here (submit() checks a new one after those).
  [[nodiscard]] std::uint64_t pending_nonce(const Address& issuer) const;
  // Equivocation evidence for the blocks themselves to carry (block.hpp): kept if it applies on
  // the head; its hash (keccak256 of the report), or the broken rule. At most kMaxEvidence.
  static constexpr std::size_t kMaxEvidence = 256;
  [[nodiscard]] Result<Hash256> submit_evidence(const Bytes& report);
  [[nodiscard]] std::size_t evidence_pool_size() const;
  [[nodiscard]] PendingState head_state() const;
  [[nodiscard]] Result<PendingState> run_pending(PendingState parent,
                                                 const PlatformBlock& block) const;
  // A block on `parent` from the pooled operations and evidence not in `exclude` (hashes of
  // those in the pending blocks between the head and `parent`), carrying `uptime`.
  [[nodiscard]] BuiltBlock build(PendingState parent, const std::vector<Hash256>& exclude,
                                 std::uint64_t timestamp, UptimeRecord uptime = {}) const;
  // Writes a final block; the pool forgets what it included and what no longer applies.
  [[nodiscard]] Result<void> apply_final(const PlatformBlock& block);
  [[nodiscard]] Result<PlatformBlock> block_at(std::uint64_t height) const;
  // PlatformState::height_of_blobs: where a SubmitBlobs landed, nothing while pending.
  [[nodiscard]] Result<std::optional<std::uint64_t>> height_of_blobs(const Hash256& op_hash) const;
  [[nodiscard]] const PlatformParams& params() const noexcept { return state_->config(); }
  [[nodiscard]] Hash256 head_hash() const;
  // Told of every block written, after it is (on the writer's thread, without the lock held).
  void set_block_listener(std::function<void(const PlatformBlock&)> listener);

  [[nodiscard]] std::uint64_t network_id() const noexcept { return network_id_; }
  [[nodiscard]] std::uint64_t height() const;
  [[nodiscard]] Hash256 root() const;
  [[nodiscard]] uint256 balance(const Address& addr) const;
  [[nodiscard]] std::uint64_t nonce(const Address& addr) const;
  [[nodiscard]] std::vector<Validator> validators() const;
  [[nodiscard]] std::vector<Subnet> subnets() const;
  [[nodiscard]] std::optional<Subnet> subnet(std::string_view name) const;
  [[nodiscard]] std::optional<Proposal> proposal(std::string_view subnet,
                                                 std::uint64_t number) const;
  [[nodiscard]] Result<ValidatorSet> validator_set(std::string_view subnet,
                                                   std::uint64_t height) const;
  // The first platform height at which `subnet` had validators (its chain's P_0).
  [[nodiscard]] Result<std::optional<std::uint64_t>> first_active_height(
      std::string_view subnet) const;
  // The passed governance proposals of `subnet` (PlatformState::scheduled_changes).
  [[nodiscard]] std::vector<ScheduledChange> scheduled_changes(std::string_view subnet) const;
  [[nodiscard]] Result<std::vector<ScheduledChange>> scheduled_changes_at(
      std::string_view subnet, std::uint64_t height) const;

 private:
  explicit PlatformRegistry(std::unique_ptr<PlatformState> state)
      : network_id_(state->network_id()), state_(std::move(state)) {}

  // Drops the pooled operations that no longer apply on the head; under mutex_.
  void prune_pool();
  void notify(const PlatformBlock& block);

  const std::uint64_t network_id_;
  mutable std::mutex mutex_;
  std::unique_ptr<PlatformState> state_;
  std::vector<std::pair<Hash256, SignedOperation>> pool_;  // arrival order
  std::vector<std::pair<Hash256, Bytes>> evidence_pool_;   // arrival order
  std::function<void(const PlatformBlock&)> listener_;
};

}  // namespace plexus::platform
