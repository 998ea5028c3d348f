#pragma once
// The bft protocol's Application over the primary network's chain: blocks are platform blocks
// (platform/block.hpp), named by their hash, built from the node's operation pool and verified
// by running them on their parent's state, which for a pending parent is kept in memory beside
// it (platform state is small: balances, validators, subnets). Only final blocks are written,
// each after its FinalRecords entry.
//
// Timestamps: a block is dated by its builder's clock; a block dated more than
// kMaxFutureSeconds after this node's clock is refused (the platform rules themselves never read
// a clock, only block timestamps, which must not go back).
#include <functional>
#include <map>

#include "consensus/bft/application.hpp"
#include "consensus/bft/final_records.hpp"
#include "platform/registry.hpp"

namespace plexus::consensus::bft {

class PlatformApplication final : public Application {
 public:
  static constexpr std::uint64_t kMaxFutureSeconds = 10;

  PlatformApplication(platform::PlatformRegistry& registry, FinalRecords& records,
                      std::function<std::uint64_t()> now_seconds);

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
  std::function<std::uint64_t()> now_seconds_;
  std::map<Hash256, Pending> pending_;  // by block hash
};

}  // namespace plexus::consensus::bft
