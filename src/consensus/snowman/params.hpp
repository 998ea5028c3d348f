#pragma once
// The snowman engine's parameters (docs/CONSENSUS.md, Snowman): the subnet's (platform::
// SnowmanSpec, validated when the subnet is created) and the node's timings.
//
// Small sets. Each poll samples k distinct validators by stake, without replacement, among the
// others (a node does not ask itself). Sampling with replacement would let one validator (an
// honest one that crashed, or a byzantine one) fill several places of a sample, and a set
// with k or fewer others cannot give k distinct answers. So when a node has m < k others to ask,
// every poll asks all of them, and each alpha becomes ceil(alpha * (m + 1) / k) - 1 of the m
// answers (the node's own preference standing for the missing one), never below a majority of
// m: with the defaults (k=20, alpha 15) four validators ask their three others and need two
// agreeing answers, which tolerates one of the four crashed or byzantine, as the bft engine
// does. A block said final by more answers than the m - alpha_confidence the set tolerates as
// byzantine is final (one honest node finalized it), so a node that fell behind a height
// catches up even when the nodes still deciding it hold out for another block. A validator
// alone decides its own blocks. for_set() gives those values; `plexus subnet
// create` warns when a set is not larger than k.
#include <chrono>
#include <cstddef>
#include <string>

#include "core/error.hpp"
#include "platform/operations.hpp"

namespace plexus::consensus::snowman {

using Nanos = std::chrono::nanoseconds;

struct Params {
  std::size_t k = 20;
  std::size_t alpha_preference = 15;
  std::size_t alpha_confidence = 15;
  std::size_t beta = 20;
  // Validators build in turn (a stake-weighted order drawn from the parent's hash): the i-th
  // may build once i windows have passed since this node reached the height.
  Nanos proposer_window = std::chrono::milliseconds(500);
  // A poll counts the answers it has after this long; the silent ones count for nothing.
  Nanos poll_timeout = std::chrono::milliseconds(400);
  // Polls in flight at once (each sampled afresh), so that confidence grows faster than one
  // round trip per poll.
  std::size_t concurrent_polls = 4;
  // A node with no block to prefer at its height polls this often, to learn the blocks it
  // missed and the final ones of the heights it is behind on.
  Nanos idle_poll = std::chrono::milliseconds(200);

  // Answers of one poll that must say a block is final for a node behind to take it at once;
  // 0: alpha_confidence. for_set() lowers it for small sets (below).
  std::size_t final_answers = 0;

  [[nodiscard]] static Params from_spec(const platform::SnowmanSpec& spec);
  // The ranges of platform::check_snowman_spec, and positive timings.
  [[nodiscard]] Result<void> check() const;
  // The values a node with `others` validators to ask runs with (see above).
  [[nodiscard]] Params for_set(std::size_t others) const;
};

// The warning for a set of `validators` with k or fewer others to ask, empty otherwise.
[[nodiscard]] std::string small_set_warning(const Params& params, std::size_t validators);

}  // namespace plexus::consensus::snowman
