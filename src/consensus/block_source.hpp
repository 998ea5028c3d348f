#pragma once
// What a consensus engine needs of the chain it decides for, and nothing more: build a block from
// the pool, verify one received from a peer, accept (write) a block, mark blocks final, and read
// accepted blocks back to serve peers that are catching up. Engines whose blocks become final
// only later (BFT, snowman) keep them pending instead: executed and verified, possibly several in
// a row and on competing branches, until they commit one (in order from the head) or drop it
// (chain/subnet_chain.hpp describes the semantics). An engine uses either build/verify/accept or
// the pending calls. Engines see only this interface, so the same engine runs any subnet (any VM
// set) and, later, the primary network's chain.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "chain/subnet_chain.hpp"
#include "core/error.hpp"

namespace plexus::consensus {

class BlockSource {
 public:
  virtual ~BlockSource() = default;

  [[nodiscard]] virtual chain::ChainHeads heads() const = 0;
  // Transactions waiting in the pool.
  [[nodiscard]] virtual std::size_t pending_count() const = 0;
  // A new block on the last built or verified one, from the pool; nullopt when there is nothing
  // to include and options.allow_empty is false.
  [[nodiscard]] virtual Result<std::optional<chain::PreparedBlock>> build(
      const chain::BlockOptions& options) = 0;
  // A block built elsewhere, checked and staged (kValidation with the reason; nothing kept).
  [[nodiscard]] virtual Result<chain::PreparedBlock> verify(const chain::Block& block,
                                                            const chain::BlockOptions& options) = 0;
  // Writes a built or verified block; they are accepted in the order they were prepared.
  [[nodiscard]] virtual Result<chain::BlockRecord> accept(chain::PreparedBlock block) = 0;
  // Block `number` and every one before it are final.
  [[nodiscard]] virtual Result<void> finalize(std::uint64_t number) = 0;

  // ---- pending blocks ----
  // A block received from a peer, verified on its parent (the head or a pending block) and kept
  // pending; kValidation with the reason (nothing kept), "unknown parent" for any other parent.
  // With `certified_senders` (from a peer, for a block a checked certificate covers), the senders
  // are checked against the block's senders digest rather than recovered (SubnetChain).
  [[nodiscard]] virtual Result<chain::ChainHead> add_pending(
      const chain::Block& block, std::span<const Address> certified_senders) = 0;
  [[nodiscard]] Result<chain::ChainHead> add_pending(const chain::Block& block) {
    return add_pending(block, {});
  }
  // A new block from the pool on `parent` (the head or a pending block), kept pending; nullopt
  // when there is nothing to include and options.allow_empty is false.
  [[nodiscard]] virtual Result<std::optional<chain::Block>> build_pending(
      const Hash256& parent, const chain::BlockOptions& options) = 0;
  // Writes pending block `hash`, whose parent must be the head; drops the pending blocks that do
  // not descend from it.
  [[nodiscard]] virtual Result<chain::BlockRecord> commit_pending(const Hash256& hash) = 0;
  // Drops pending block `hash` and its descendants.
  [[nodiscard]] virtual Result<void> drop_pending(const Hash256& hash) = 0;
  // An accepted block, for peers that sync.
  [[nodiscard]] virtual Result<std::optional<chain::Block>> block_at(
      std::uint64_t number) const = 0;
  // An accepted block with its receipts and senders (chain::TxMeta), for peers that sync.
  [[nodiscard]] virtual Result<std::optional<chain::BlockRecord>> record_at(
      std::uint64_t number) const = 0;
};

// A subnet's chain as a block source.
class SubnetBlockSource final : public BlockSource {
 public:
  explicit SubnetBlockSource(chain::SubnetChain& chain) : chain_(chain) {}
  using BlockSource::add_pending;

  [[nodiscard]] chain::ChainHeads heads() const override { return chain_.heads(); }
  [[nodiscard]] std::size_t pending_count() const override { return chain_.pending_count(); }
  [[nodiscard]] Result<std::optional<chain::PreparedBlock>> build(
      const chain::BlockOptions& options) override {
    return chain_.prepare_block(options);
  }
  [[nodiscard]] Result<chain::PreparedBlock> verify(const chain::Block& block,
                                                    const chain::BlockOptions& options) override {
    return chain_.verify_block(block, options);
  }
  [[nodiscard]] Result<chain::BlockRecord> accept(chain::PreparedBlock block) override {
    return chain_.commit_block(std::move(block));
  }
  [[nodiscard]] Result<void> finalize(std::uint64_t number) override {
    return chain_.mark_finalized(number);
  }
  [[nodiscard]] Result<chain::ChainHead> add_pending(
      const chain::Block& block, std::span<const Address> certified_senders) override {
    return chain_.add_pending(block, certified_senders);
  }
  [[nodiscard]] Result<std::optional<chain::Block>> build_pending(
      const Hash256& parent, const chain::BlockOptions& options) override {
    return chain_.build_pending(parent, options);
  }
  [[nodiscard]] Result<chain::BlockRecord> commit_pending(const Hash256& hash) override {
    return chain_.commit_pending(hash);
  }
  [[nodiscard]] Result<void> drop_pending(const Hash256& hash) override {
    return chain_.drop_pending(hash);
  }
  [[nodiscard]] Result<std::optional<chain::Block>> block_at(std::uint64_t number) const override {
    PLEXUS_TRY(auto record, chain_.blocks().by_number(number));
    if (!record) return std::optional<chain::Block>{};
    return std::optional<chain::Block>{std::move(record->block)};
  }
  [[nodiscard]] Result<std::optional<chain::BlockRecord>> record_at(
      std::uint64_t number) const override {
    return chain_.blocks().by_number(number);
  }

 private:
  chain::SubnetChain& chain_;
};

}  // namespace plexus::consensus
