#pragma once
// A subnet's blocks on the primary network's data layer (docs/DA.md, Subnets on DA): the blob
// format its validators post, and the rebuild that imports blobs into a chain of its own.
//
// A blob is "PXS1" ‖ rlp([block, ...]): 1 to kMaxBlocksPerBlob whole blocks (header,
// transactions, withdrawals) in the chain's own encoding, at consecutive numbers. A reader
// trusts none of it: each block must extend its head and is verified and re-executed like any
// block from a peer (header rules, transactions root, state root), so a blob posted by anyone
// else in the namespace can only be skipped.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "storage/memory_store.hpp"

namespace plexus::node {

inline constexpr std::size_t kMaxBlocksPerBlob = 256;
inline constexpr std::string_view kSubnetBlobMagic = "PXS1";

[[nodiscard]] Result<Bytes> encode_subnet_blob(std::span<const chain::Block> blocks);
// Refused (naming the rule): no magic, not an RLP list, no block or more than kMaxBlocksPerBlob,
// a block that does not decode, numbers that are not consecutive.
[[nodiscard]] Result<std::vector<chain::Block>> decode_subnet_blob(BytesView blob);

// Rebuilds a subnet's chain from its blobs, offered in DA order (platform height, then square
// order). The chain is opened once a blob brings a block 0 that is the genesis the configuration
// makes. A network's genesis fixes the genesis time (config.genesis_timestamp); plexus dev leaves
// it to its first start (0 here), and then the first block 0 that the configuration makes at its
// own timestamp is taken. From then on each blob's blocks must extend the head.
class DaRebuild {
 public:
  // Opens the rebuilt chain with `config` and the given genesis timestamp (called once); the
  // store behind it must outlive the rebuild.
  using OpenChain =
      std::function<Result<std::unique_ptr<chain::SubnetChain>>(std::uint64_t genesis_timestamp)>;
  // What the platform state says about a block before it is verified (da_replay.hpp: its
  // platform height and epoch tag, the governance changes of a new epoch): an error, naming the
  // block, refuses it.
  using BeforeBlock = std::function<Result<void>(chain::SubnetChain&, const chain::Block&)>;
  DaRebuild(chain::ChainConfig config, OpenChain open, BeforeBlock before_block = {})
      : config_(std::move(config)),
        open_(std::move(open)),
        before_block_(std::move(before_block)) {}

  struct Outcome {
    std::size_t imported = 0;  // blocks added to the chain
    std::string skipped{};     // why (part of) the blob was not used; empty when it all was
  };
  static constexpr std::size_t kMaxHeld = 64;
  // Imports what the blob brings. A blob that is junk, a duplicate, on another parent or refused
  // by verification is skipped with the rule; one ahead of the head is held (at most kMaxHeld)
  // and tried again after each import. An error is the store failing, the only reason to stop.
  [[nodiscard]] Result<Outcome> offer(BytesView blob);

  [[nodiscard]] chain::SubnetChain* chain() const noexcept { return chain_.get(); }
  // The number of the next block the rebuild needs.
  [[nodiscard]] std::uint64_t next() const;
  // Blobs held ahead of the head, lowest first block first.
  [[nodiscard]] std::size_t held() const noexcept { return held_.size(); }

 private:
  [[nodiscard]] Result<Outcome> apply(std::vector<chain::Block> blocks);
  [[nodiscard]] Result<Outcome> start(std::vector<chain::Block> blocks);
  [[nodiscard]] Result<std::size_t> retry_held();

  chain::ChainConfig config_;
  OpenChain open_;
  BeforeBlock before_block_;
  std::unique_ptr<chain::SubnetChain> chain_;
  std::vector<std::vector<chain::Block>> held_;
};

}  // namespace plexus::node
