#pragma once
// Building the next primary-network block from a pool of candidate operations: the ones that
// apply go in, in the pool's order (each checked after those kept before it); the others are
// dropped with the rule they break. The result applies with PlatformState::apply_block.
#include <span>

#include "platform/state.hpp"

namespace plexus::platform {

struct DroppedOperation {
  std::size_t index;  // into the candidates
  Error reason;
};

struct BuiltBlock {
  PlatformBlock block;
  std::vector<DroppedOperation> dropped;
};

// `timestamp` is raised to the head's if it is earlier (block timestamps never go back).
// `uptime` becomes the block's (block.hpp, UptimeRecord); a malformed one is a caller error:
// every candidate is then dropped with the reason and the block carries no uptime. The
// `evidence` reports that apply are carried (at most kMaxBlockEvidence), the others left out. Candidates beyond the configured maximum per block are dropped as kLimitExceeded.
[[nodiscard]] BuiltBlock build_block(const PlatformState& state,
                                     std::span<const SignedOperation> candidates,
                                     std::uint64_t timestamp, UptimeRecord uptime = {},
                                     std::span<const Bytes> evidence = {});
// The same on `parent`: the head, or blocks not written yet (PlatformState::run_pending).
[[nodiscard]] BuiltBlock build_block(const PlatformState& state, PendingState parent,
                                     std::span<const SignedOperation> candidates,
                                     std::uint64_t timestamp, UptimeRecord uptime = {},
                                     std::span<const Bytes> evidence = {});

}  // namespace plexus::platform
