#pragma once
// A subnet's blocks on the primary network's data layer (docs/DA.md, Subnets on DA): the blob
// format its validators post, and the rebuild that imports blobs into a chain of its own.
//
// A blob is "PXS1" ‖ rlp([block, ...]) (dev and snowman subnets) or, under bft,
// "PXS2" ‖ rlp([[block, finality], ...]), where finality is the block's bft final record as its
// node keeps it (consensus/bft/final_records.hpp: the round, its finalization certificate or
// none when a descendant's certifies it, and at an epoch's end the blocks past it), or "" for a
// block without one (block 0): 1 to kMaxBlocksPerBlob whole blocks (header, transactions,
// withdrawals) in the chain's own encoding, at consecutive numbers. A reader trusts none of it:
// each block must extend its head and is verified and re-executed like any block from a peer
// (header rules, transactions root, state root), and under bft its certificate is checked
// (da_finality.hpp), so a blob posted by anyone else in the namespace can only be skipped.
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
inline constexpr std::string_view kCertifiedSubnetBlobMagic = "PXS2";

// A block as a blob carries it: under bft with its final record (empty: none, or PXS1).
struct PostedBlock {
  chain::Block block;
  Bytes finality{};
  friend bool operator==(const PostedBlock&, const PostedBlock&) = default;
};

// PXS1: blocks alone.
[[nodiscard]] Result<Bytes> encode_subnet_blob(std::span<const chain::Block> blocks);
// PXS2: each block with its final record.
[[nodiscard]] Result<Bytes> encode_certified_subnet_blob(std::span<const PostedBlock> blocks);
// Either format. Refused (naming the rule): no magic, not an RLP list, no block or more than
// kMaxBlocksPerBlob, a block (or under PXS2 an entry) that does not decode, numbers that are
// not consecutive.
[[nodiscard]] Result<std::vector<PostedBlock>> read_subnet_blob(BytesView blob);
// The blocks of either format.
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
  // What the platform state says about block `run[i]` before it is verified (da_replay.hpp: its
  // platform height and epoch tag, under bft its finality certificate, which may be carried by
  // a later block of `run`, the blob's blocks from the first not yet imported; the governance
  // changes of a new epoch): an error, naming the block, refuses it.
  using BeforeBlock = std::function<Result<void>(chain::SubnetChain&,
                                                 std::span<const PostedBlock> run, std::size_t i)>;
  DaRebuild(chain::ChainConfig config, OpenChain open, BeforeBlock before_block = {})
      : config_(std::move(config)),
        open_(std::move(open)),
        before_block_(std::move(before_block)) {}

  struct Outcome {
    std::size_t imported = 0;  // blocks added to the chain
    std::string skipped{};     // why (part of) the blob was not used; empty when it all was
    // Why held blobs tried again after this one's blocks were not (all) used.
    std::vector<std::string> held_skipped{};
  };
  static constexpr std::size_t kMaxHeld = 64;
  // Adopts a chain rebuilt earlier (a rebuild resumed into its directory): opened with the
  // genesis timestamp its block 0 has.
  [[nodiscard]] Result<void> resume(std::uint64_t genesis_timestamp);
  // Imports what the blob brings. A blob that is junk, a duplicate, on another parent or refused
  // by verification is skipped with the rule; one ahead of the head is held (at most kMaxHeld)
  // and tried again after each import. An error is the store failing, the only reason to stop.
  [[nodiscard]] Result<Outcome> offer(BytesView blob);

  [[nodiscard]] chain::SubnetChain* chain() const noexcept { return chain_.get(); }
  // The number of the next block the rebuild needs.
  [[nodiscard]] std::uint64_t next() const;
  // Blobs held ahead of the head, lowest first block first.
  [[nodiscard]] std::size_t held() const noexcept { return held_.size(); }
  // The held blobs' blocks, re-encoded (a resumed rebuild offers them again).
  [[nodiscard]] Result<std::vector<Bytes>> held_blobs() const;

 private:
  [[nodiscard]] Result<Outcome> apply(std::vector<PostedBlock> blocks);
  [[nodiscard]] Result<Outcome> start(std::vector<PostedBlock> blocks);
  [[nodiscard]] Result<void> retry_held(Outcome& outcome);

  chain::ChainConfig config_;
  OpenChain open_;
  BeforeBlock before_block_;
  std::unique_ptr<chain::SubnetChain> chain_;
  std::vector<std::vector<PostedBlock>> held_;
};

}  // namespace plexus::node
