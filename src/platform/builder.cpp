#include "platform/builder.hpp"

#include <algorithm>

#include "platform/blobs.hpp"

namespace plexus::platform {

BuiltBlock build_block(const PlatformState& state, std::span<const SignedOperation> candidates,
                       std::uint64_t timestamp, UptimeRecord uptime,
                       std::span<const Bytes> evidence) {
  return build_block(state, state.head_state(), candidates, timestamp, std::move(uptime), evidence);
}

BuiltBlock build_block(const PlatformState& state, PendingState parent,
                       std::span<const SignedOperation> candidates, std::uint64_t timestamp,
                       UptimeRecord uptime, std::span<const Bytes> evidence) {
  BuiltBlock out;
  out.block.height = parent.header.height + 1;
  out.block.parent_hash = parent.hash;
  out.block.timestamp = std::max(timestamp, parent.header.timestamp);
  // A refused operation changes nothing (Transition checks before it applies), so one copy of
  // the data serves the whole block.
  PlatformData& data = parent.data;
  Transition transition(data, state.config(), state.network_id(), out.block.height,
                        out.block.timestamp);
  if (auto begun = transition.begin_block(parent.header.timestamp, uptime); !begun) {
    for (std::size_t i = 0; i < candidates.size(); ++i) out.dropped.push_back({i, begun.error()});
    return out;  // empty and without uptime: it still applies
  }
  out.block.uptime = std::move(uptime);
  for (const Bytes& report : evidence) {
    if (out.block.evidence.size() == kMaxBlockEvidence) break;
    if (transition.apply_evidence(report)) out.block.evidence.push_back(report);
  }
  std::vector<BlobShape> shapes;  // of the blobs kept, in block order
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (out.block.ops.size() == state.config().max_block_operations) {
      out.dropped.push_back({i, Error{Errc::kLimitExceeded, "platform: the block is full"}});
      continue;
    }
    const auto* blobs = std::get_if<SubmitBlobs>(&candidates[i].operation);
    std::vector<BlobShape> with;
    if (blobs != nullptr && check_blobs(*blobs, state.config())) {
      with = shapes;
      const std::vector<BlobShape> more = shapes_of(*blobs);
      with.insert(with.end(), more.begin(), more.end());
      if (square_width_needed(with) > state.config().max_square_size) {
        out.dropped.push_back(
            {i, Error{Errc::kLimitExceeded, "platform: the block's data square is full"}});
        continue;
      }
    }
    if (auto applied = transition.apply(candidates[i]); !applied) {
      out.dropped.push_back({i, applied.error()});
      continue;
    }
    if (!with.empty()) shapes = std::move(with);
    out.block.ops.push_back(candidates[i]);
  }
  // The blobs kept fit (each was checked with those before it), so the root always exists.
  if (auto root = blob_data_root(blobs_of(out.block.ops), state.config().max_square_size))
    out.block.data_root = *root;
  return out;
}

}  // namespace plexus::platform
