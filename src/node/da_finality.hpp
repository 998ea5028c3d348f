#pragma once
// Finality of a bft subnet's blocks on DA (docs/DA.md, Subnets on DA). A PXS2 blob carries each
// block's bft final record (da_blocks.hpp); a block is final when a finalization certificate of
// its epoch names it or a descendant it is linked to by parent hashes:
//  - its own record's certificate, naming the block itself;
//  - a later block of the same blob whose record holds a certificate (Simplex finalizes
//    ancestors: a block finalized through a descendant keeps no certificate of its own);
//  - at an epoch's end, the blocks past it that the last block's record keeps (its tail),
//    the certificate naming the last of them.
// The certificate is checked as a live node checks one (consensus::bft::Committee::check): a
// finalize vote of the block's epoch, signed by more than 2/3 of the weight of the set the
// platform held at the epoch's P_e, with an aggregate BLS signature that verifies. So a block
// that re-executes correctly but that the validators did not finalize is refused, whoever
// posted it first.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "consensus/bft/committee.hpp"
#include "node/da_blocks.hpp"
#include "platform/history.hpp"

namespace plexus::node {

class FinalityCheck {
 public:
  // The subnet's validator set at a platform height (the replayed or the node's platform state).
  using SetAt = std::function<Result<platform::ValidatorSet>(std::uint64_t platform_height)>;
  FinalityCheck(const std::string& subnet, SetAt set_at);

  // That `run[i]` is final in `epoch`, whose set is read at `platform_height`; kValidation
  // naming the rule ("block 7 has no finality certificate", "... is for block 7 0x…, not …",
  // "... its signers hold 1 of 3 weight, not a quorum").
  [[nodiscard]] Result<void> check(std::span<const PostedBlock> run, std::size_t i,
                                   std::uint64_t epoch, std::uint64_t platform_height);

 private:
  [[nodiscard]] Result<const consensus::bft::Committee*> committee_at(
      std::uint64_t platform_height);

  Hash256 chain_;
  SetAt set_at_;
  std::map<std::uint64_t, consensus::bft::Committee> committees_;  // by P_e, the last few
  // The last certificate whose signature verified: the blocks it covers are not checked again.
  std::optional<std::pair<std::uint64_t, consensus::bft::QuorumCert>> verified_;  // P_e, cert
};

}  // namespace plexus::node
