#pragma once
// The bft protocol's Application over a subnet's chain (consensus::BlockSource) for one epoch
// (epoch.hpp): blocks are the chain's blocks, named by their header hash, verified and built as
// pending blocks (executed, not written) and written only when final, each after its
// FinalRecords entry. Every block records its epoch tag in its header's extra data; the epoch's
// last block also names the platform height of the next epoch's set (the latest final one
// here when it is built; one a validator does not hold yet makes the block wait, kNotFound).
#include <functional>

#include "consensus/bft/epoch.hpp"
#include "consensus/block_source.hpp"

namespace plexus::consensus::bft {

class ChainApplication final : public EpochApplication {
 public:
  // `on_final` is told of each block written (in order); `final_platform_height` reads the
  // node's final platform height.
  ChainApplication(BlockSource& blocks, FinalRecords& records, Address proposer, EpochInfo epoch,
                   std::function<std::uint64_t()> final_platform_height,
                   std::function<void(const chain::BlockRecord&)> on_final);

  [[nodiscard]] BlockInfo head() const override;
  [[nodiscard]] Result<BlockInfo> describe(BytesView block) const override;
  [[nodiscard]] Result<void> verify(BytesView block) override;
  [[nodiscard]] Result<void> verify_certified(BytesView block, BytesView senders) override;
  [[nodiscard]] Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                   bool allow_empty) override;
  [[nodiscard]] Result<void> commit(const Hash256& digest, std::uint64_t round,
                                    const std::optional<QuorumCert>& certificate) override;
  void drop(const Hash256& digest) override;
  [[nodiscard]] Result<std::optional<FinalBlock>> final_block(std::uint64_t height) const override;

  [[nodiscard]] const EpochInfo& epoch() const override { return epoch_; }
  [[nodiscard]] std::optional<std::uint64_t> next_platform_height() const override {
    return tail_.next();
  }
  [[nodiscard]] Result<std::uint64_t> platform_height_at(std::uint64_t height) const override;
  // The platform height the epoch's last block names when this node builds it: by default the
  // node's final platform height (the most recent set). Verification still accepts any height
  // from P_e up to the final one.
  void name_next_platform_height(std::function<std::uint64_t()> choose) {
    height_to_name_ = std::move(choose);
  }

  // The epoch a chain whose final head is `head` is in, from the head's tag: the next one after
  // an epoch's last block, P_0 = `first_platform_height` before any block.
  [[nodiscard]] static Result<EpochInfo> current_epoch(const chain::Block& head,
                                                       std::uint64_t length,
                                                       std::uint64_t first_platform_height);
  // The tag rules of a block of `epoch` written to the chain (not one past the epoch's end):
  // its tag names that epoch and its P_e; only the epoch's last block names P_{e+1}, which does
  // not go back and is at most `final_platform_height` (kNotFound otherwise: not final here yet).
  // A rebuild from DA checks the blocks it imports by the same rules.
  [[nodiscard]] static Result<void> check_epoch_tag(const chain::Block& block,
                                                    const EpochInfo& epoch,
                                                    std::uint64_t final_platform_height);

 private:
  // The tag a block at `height` of this epoch carries.
  [[nodiscard]] EpochTag tag_for(std::uint64_t height) const;
  [[nodiscard]] Result<void> check_tag(const chain::Block& block) const;
  [[nodiscard]] Result<void> verify_decoded(BytesView block, std::span<const Address> senders);

  BlockSource& blocks_;
  FinalRecords& records_;
  Address proposer_;
  EpochInfo epoch_;
  std::function<std::uint64_t()> final_platform_height_;
  std::function<void(const chain::BlockRecord&)> on_final_;
  std::function<std::uint64_t()> height_to_name_;
  EpochTail tail_;
};

}  // namespace plexus::consensus::bft
