#pragma once
// What the bft protocol needs of the chain it orders: blocks named by hash with a parent and a
// height, verified and kept pending until final, then written in order. The engine implements it
// over a subnet's chain (bft_engine.cpp); the simulation implements it over a toy chain.
#include <optional>

#include "consensus/bft/vote.hpp"

namespace plexus::consensus::bft {

struct BlockInfo {
  Hash256 digest{};
  Hash256 parent{};
  std::uint64_t height = 0;
  friend bool operator==(const BlockInfo&, const BlockInfo&) = default;
};

// A final block as kept: the round it was notarized in, and its own finalization certificate
// when it has one (a block finalized through a descendant's certificate has none). The last
// block of an epoch finalized through blocks past the epoch's end, which are never written,
// keeps those blocks as its tail, and the certificate of the last of them.
// `senders` are the block's transactions' senders, 20 bytes each, when the application knows
// them: a peer that syncs it under a certificate can then skip recovering them.
struct FinalBlock {
  Bytes block;
  std::uint64_t round = 0;
  std::optional<QuorumCert> certificate;
  std::vector<std::pair<std::uint64_t, Bytes>> tail{};
  Bytes senders{};
};

class Application {
 public:
  virtual ~Application() = default;
  // The last final block: genesis at first.
  [[nodiscard]] virtual BlockInfo head() const = 0;
  // Names a block without executing it; kDecode or kValidation if it is not one.
  [[nodiscard]] virtual Result<BlockInfo> describe(BytesView block) const = 0;
  // Executes `block` on its parent (the head or a pending block) with every rule of the chain,
  // and keeps it pending; kValidation with the rule it breaks, leaving nothing behind.
  [[nodiscard]] virtual Result<void> verify(BytesView block) = 0;
  // verify() for a block a checked certificate covers, with its senders from the peer that sent
  // it (FinalBlock::senders): an application that can may check them against the block instead
  // of recovering each signature; any that do not match fail it as verify() would.
  [[nodiscard]] virtual Result<void> verify_certified(BytesView block, BytesView /*senders*/) {
    return verify(block);
  }
  // A new pending block on `parent` (the head or a pending block); nullopt when there is
  // nothing to include and `allow_empty` is false.
  [[nodiscard]] virtual Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                           bool allow_empty) = 0;
  // Writes pending block `digest`, whose parent is the head, and makes it the head.
  [[nodiscard]] virtual Result<void> commit(const Hash256& digest, std::uint64_t round,
                                            const std::optional<QuorumCert>& certificate) = 0;
  // Forgets a pending block and its descendants: they lost.
  virtual void drop(const Hash256& digest) = 0;
  // Attestations (the platform chain counts uptime with them, docs/PLATFORM.md): when the block
  // after a final one becomes final, a replica of an application that wants them certifies the
  // first again with every notarize vote and every finalize vote it received for it, the
  // quorum's and the late ones (a validator that got the notarization before the proposal
  // votes only to finalize), and hands over those of the two certificates that hold a quorum.
  [[nodiscard]] virtual bool wants_attestations() const { return false; }
  virtual void note_attestation(const std::vector<QuorumCert>& /*certs*/) {}
  // A final block by height, for peers that sync; nullopt above the head.
  [[nodiscard]] virtual Result<std::optional<FinalBlock>> final_block(
      std::uint64_t height) const = 0;
};

}  // namespace plexus::consensus::bft
