#pragma once
// One height's decision: Snowball over the blocks known at the height (Avalanche's n-ary
// snowball with two alphas). Each poll's outcome is the block most answers named and how many
// named it:
//   - fewer than alpha_preference: the poll failed; confidence starts again;
//   - at least alpha_preference: the block gains a success; the block with the most successes
//     is the preference, the lowest hash among equals. Not the first one seen: a byzantine
//     proposer that shows each half of the validators another block would otherwise split
//     them evenly, and a small set, whose polls ask everyone and so never vary, would stay
//     split; every node learns every block from the chits, and so comes to the same one;
//   - at least alpha_confidence as well: confidence grows if the block is the one the last
//     confident poll named, else starts at 1 for it; below alpha_confidence it starts again;
//   - confidence beta finalizes the last confident block;
//   - beta failed polls in a row clear every block's successes but one for the block most
//     answers of the last failed poll named, when its lead is more than faulty answers could
//     make up (else none: the lowest hash again). Polls of a
//     small set ask every validator and so never vary: validators split between blocks by a
//     byzantine proposer and voter would stay split, each half's polls failing. Cleared, they
//     come to the same block. Not simply the lowest hash: a validator may have finalized the
//     block most others prefer while the rest fail for want of answers (a crash beyond the
//     set's tolerance); falling back to the lowest hash then turns them to another block.
//     Successes only steer the preference; finality still takes beta confident polls in a row.
// Pure bookkeeping: the caller polls, counts and decides which blocks may take part (verified
// ones only).
#include <cstddef>
#include <functional>
#include <map>
#include <optional>

#include "core/bytes.hpp"

namespace plexus::consensus::snowman {

class Snowball {
 public:
  Snowball(std::size_t alpha_preference, std::size_t alpha_confidence, std::size_t beta)
      : alpha_preference_(alpha_preference), alpha_confidence_(alpha_confidence), beta_(beta) {}

  // A block that may be preferred.
  void add(const Hash256& block);
  [[nodiscard]] bool knows(const Hash256& block) const { return successes_.contains(block); }
  [[nodiscard]] std::optional<Hash256> preference() const;
  // The same among the blocks `eligible` accepts, and those with a success: a block a node may
  // not vote for yet (its proposer's window has not opened there) until others voted for it.
  [[nodiscard]] std::optional<Hash256> preference(
      const std::function<bool(const Hash256&)>& eligible) const;
  // A poll in which `votes` answers named `block` (a known block) and no block had more.
  void record_poll(std::size_t votes, const Hash256& block);
  // A poll in which no block reached alpha_preference; `most` the block named most in it, if
  // one was named more than any other.
  void record_failure(const std::optional<Hash256>& most = std::nullopt);
  [[nodiscard]] std::optional<Hash256> decided() const;
  [[nodiscard]] std::size_t confidence() const { return confidence_; }

 private:
  std::size_t alpha_preference_;
  std::size_t alpha_confidence_;
  std::size_t beta_;
  std::map<Hash256, std::size_t> successes_;
  std::optional<Hash256> last_;  // the block of the running confident streak
  std::size_t confidence_ = 0;
  std::size_t failures_ = 0;  // in a row
  bool decided_ = false;
};

}  // namespace plexus::consensus::snowman
