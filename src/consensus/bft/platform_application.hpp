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
  // Hashes of the operations in the pending blocks from `parent` back to the head.
  [[nodiscard]] std::vector<Hash256> pending_operations(Hash256 parent) const;

  platform::PlatformRegistry& registry_;
  FinalRecords& records_;
  EpochInfo epoch_;
  std::function<std::uint64_t()> now_seconds_;
  std::map<Hash256, Pending> pending_;  // by block hash
  EpochTail tail_;
};

}  // namespace plexus::consensus::bft
