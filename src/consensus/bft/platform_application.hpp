#pragma once
// The bft protocol's Application over the primary network's chain for one epoch (epoch.hpp):
// blocks are platform blocks
// (platform/block.hpp), named by their hash, built from the node's operation pool and verified
// by running them on their parent's state, which for a pending parent is kept in memory beside
// it (platform state is small: balances, validators, subnets). Only final blocks are written,
// each after its FinalRecords entry.
//
// Epochs: the set of epoch e is the primary network's at the last block of epoch e-1
// (P_e = e * length), so platform blocks carry no epoch tag.
//
// Uptime (docs/PLATFORM.md, Uptime): block h carries the attestation of its ancestor at
// h - kAttestationDistance: its notarization and finalization certificates (one or both) with
// every vote the proposer received for that block by the time the next one was final (late
// votes included, so a validator that was up is not left out because others were quicker), and
// the bitsets that follow from them: a validator signed if either certificate has it. Blocks
// verify the attestation against the epoch's committee and refuse bitsets that do not follow
// from it. The first blocks of an epoch, whose attested block would lie in the previous epoch,
// carry none. The distance is 3 because a leader builds h once h-1 is notarized, when h-2 is
// usually final and the attestation of h-3 made.
//
// Timestamps: a block is dated by its builder's clock; a block dated more than
// kMaxFutureSeconds after this node's clock is refused (the platform rules themselves never read
// a clock, only block timestamps, which must not go back).
#include <functional>
#include <map>

#include "consensus/bft/epoch.hpp"
#include "platform/registry.hpp"

namespace plexus::consensus::bft {

class PlatformApplication final : public EpochApplication {
 public:
  static constexpr std::uint64_t kMaxFutureSeconds = 10;
  static constexpr std::uint64_t kAttestationDistance = 3;

  PlatformApplication(platform::PlatformRegistry& registry, FinalRecords& records,
                      EpochInfo epoch, std::function<std::uint64_t()> now_seconds);
  // The epoch after the registry's head.
  [[nodiscard]] static EpochInfo current_epoch(std::uint64_t head_height, std::uint64_t length) {
    const std::uint64_t epoch = epoch_after(head_height, length);
    return epoch_info(epoch, epoch * length, length);
  }

  [[nodiscard]] BlockInfo head() const override;
  [[nodiscard]] Result<BlockInfo> describe(BytesView block) const override;
  [[nodiscard]] Result<void> verify(BytesView block) override;
  [[nodiscard]] Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                   bool allow_empty) override;
  [[nodiscard]] Result<void> commit(const Hash256& digest, std::uint64_t round,
                                    const std::optional<QuorumCert>& certificate) override;
  void drop(const Hash256& digest) override;
  [[nodiscard]] Result<std::optional<FinalBlock>> final_block(std::uint64_t height) const override;

  [[nodiscard]] bool wants_attestations() const override { return true; }
  void note_attestation(const std::vector<QuorumCert>& certs) override;
  void enter_committee(const Committee& committee, std::vector<Address> ids) override {
    committee_ = &committee;
    committee_ids_ = std::move(ids);
  }

  [[nodiscard]] std::size_t pending_count() const noexcept { return pending_.size(); }

  [[nodiscard]] const EpochInfo& epoch() const override { return epoch_; }
  [[nodiscard]] std::optional<std::uint64_t> next_platform_height() const override {
    return tail_.next();
  }
  [[nodiscard]] Result<std::uint64_t> platform_height_at(std::uint64_t height) const override {
    return height == 0 ? 0 : (height - 1) / epoch_.length * epoch_.length;
  }

 private:
  struct Pending {
    platform::PlatformBlock block;
    platform::PendingState state;  // after the block
  };
  // The state after `parent`: the head's, or a pending block's; "unknown parent" otherwise.
  [[nodiscard]] Result<platform::PendingState> state_after(const Hash256& parent) const;
  // The hash of the block at `height` on the chain through `parent`: pending or final.
  [[nodiscard]] Result<Hash256> ancestor(Hash256 parent, std::uint64_t height) const;
  // The uptime record a block on `parent` carries with `attestation`.
  [[nodiscard]] platform::UptimeRecord uptime_from(const std::vector<QuorumCert>& attestation,
                                                   const platform::PendingState& parent) const;
  // What this node can attest for a new block at `height` on `parent`; empty if nothing.
  [[nodiscard]] platform::UptimeRecord uptime_for(const BlockInfo& parent,
                                                  const platform::PendingState& state) const;
  // kValidation unless the block's uptime record is empty or follows from a valid attestation.
  [[nodiscard]] Result<void> check_uptime(const platform::PlatformBlock& block,
                                          const platform::PendingState& parent) const;
  [[nodiscard]] bool may_attest(std::uint64_t height) const {
    return height >= kAttestationDistance &&
           height - kAttestationDistance > epoch_.epoch * epoch_.length;
  }
  // Hashes of the operations in the pending blocks from `parent` back to the head.
  [[nodiscard]] std::vector<Hash256> pending_operations(Hash256 parent) const;

  platform::PlatformRegistry& registry_;
  FinalRecords& records_;
  EpochInfo epoch_;
  std::function<std::uint64_t()> now_seconds_;
  std::map<Hash256, Pending> pending_;  // by block hash
  const Committee* committee_ = nullptr;
  std::vector<Address> committee_ids_;
  // By height, of the last few final blocks.
  std::map<std::uint64_t, std::vector<QuorumCert>> attestations_;
  EpochTail tail_;
};

}  // namespace plexus::consensus::bft
