#include "consensus/bft/platform_application.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::bft {

PlatformApplication::PlatformApplication(platform::PlatformRegistry& registry,
                                         FinalRecords& records, EpochInfo epoch,
                                         std::function<std::uint64_t()> now_seconds)
    : registry_(registry),
      records_(records),
      epoch_(epoch),
      now_seconds_(std::move(now_seconds)),
      tail_(epoch_, records) {}

BlockInfo PlatformApplication::head() const {
  return BlockInfo{registry_.head_hash(), {}, registry_.height()};
}

Result<BlockInfo> PlatformApplication::describe(BytesView block) const {
  PLEXUS_TRY(const platform::PlatformBlock decoded, platform::decode_block(block));
  return BlockInfo{decoded.hash(), decoded.parent_hash, decoded.height};
}

Result<platform::PendingState> PlatformApplication::state_after(const Hash256& parent) const {
  if (const auto it = pending_.find(parent); it != pending_.end()) return it->second.state;
  platform::PendingState head = registry_.head_state();
  if (head.hash != parent)
    return fail(Errc::kValidation, "platform block: unknown parent " + to_hex(parent));
  return head;
}

std::vector<Hash256> PlatformApplication::pending_operations(Hash256 parent) const {
  std::vector<Hash256> out;
  for (auto it = pending_.find(parent); it != pending_.end();
       it = pending_.find(it->second.block.parent_hash)) {
    for (const platform::SignedOperation& op : it->second.block.ops)
      out.push_back(keccak256(platform::encode_signed(op)));
    for (const Bytes& report : it->second.block.evidence) out.push_back(keccak256(report));
  }
  return out;
}

Result<void> PlatformApplication::verify(BytesView block) {
  PLEXUS_CHECK(tail_.check_open());
  PLEXUS_TRY(platform::PlatformBlock decoded, platform::decode_block(block));
  const bool past_end = tail_.past_end(decoded.height);
  if (past_end && (!decoded.ops.empty() || !decoded.evidence.empty()))
    return fail(Errc::kValidation, "platform block " + std::to_string(decoded.height) +
                                       ": past the epoch's last block, blocks are empty");
  const std::uint64_t now = now_seconds_();
  if (decoded.timestamp > now + kMaxFutureSeconds)
    return fail(Errc::kValidation,
                "platform block " + std::to_string(decoded.height) + ": dated " +
                    std::to_string(decoded.timestamp - now) +
                    " s ahead of this node's clock (at most " +
                    std::to_string(kMaxFutureSeconds) + ")");
  PLEXUS_TRY(platform::PendingState parent, state_after(decoded.parent_hash));
  PLEXUS_CHECK(check_uptime(decoded, parent));
  PLEXUS_TRY(platform::PendingState after, registry_.run_pending(std::move(parent), decoded));
  const Hash256 hash = after.hash;
  if (past_end) tail_.remember(hash, decoded.height, to_bytes(block));
  pending_.insert_or_assign(hash, Pending{std::move(decoded), std::move(after)});
  return {};
}

Result<std::optional<Bytes>> PlatformApplication::build(const BlockInfo& parent,
                                                        bool allow_empty) {
  PLEXUS_CHECK(tail_.check_open());
  PLEXUS_TRY(platform::PendingState state, state_after(parent.digest));
  const bool past_end = tail_.past_end(parent.height + 1);
  platform::BuiltBlock built;
  if (past_end) {
    built.block = platform::PlatformBlock{parent.height + 1, parent.digest,
                                          std::max(now_seconds_(), state.header.timestamp), {}};
  } else {
    built = registry_.build(state, pending_operations(parent.digest), now_seconds_(),
                            uptime_for(parent, state));
  }
  if (built.block.ops.empty() && !allow_empty) return std::optional<Bytes>{};
  PLEXUS_TRY(platform::PendingState after, registry_.run_pending(std::move(state), built.block));
  Bytes encoded = platform::encode_block(built.block);
  if (past_end) tail_.remember(after.hash, built.block.height, encoded);
  pending_.insert_or_assign(after.hash, Pending{std::move(built.block), std::move(after)});
  return std::optional<Bytes>(std::move(encoded));
}

Result<void> PlatformApplication::commit(const Hash256& digest, std::uint64_t round,
                                         const std::optional<QuorumCert>& certificate) {
  if (tail_.holds(digest)) {
    PLEXUS_TRY(const auto done, tail_.commit(digest, round, certificate));
    if (done) drop(*done);
    return {};
  }
  const auto it = pending_.find(digest);
  if (it == pending_.end())
    return fail(Errc::kInternal, "platform block " + to_hex(digest) + " is not pending");
  const platform::PlatformBlock block = it->second.block;
  PLEXUS_CHECK(records_.write(block.height, {round, certificate}));
  PLEXUS_CHECK(registry_.apply_final(block));
  // Blocks at or below a final height lost (or are the one just written).
  std::erase_if(pending_, [&](const auto& entry) {
    return entry.second.block.height <= block.height;
  });
  // The next epoch's set is the primary network's after this block.
  if (block.height == epoch_.last_height) tail_.end(block.height);
  return {};
}

void PlatformApplication::drop(const Hash256& digest) {
  std::vector<Hash256> doomed = {digest};
  while (!doomed.empty()) {
    const Hash256 hash = doomed.back();
    doomed.pop_back();
    pending_.erase(hash);
    for (const auto& [child, entry] : pending_)
      if (entry.block.parent_hash == hash) doomed.push_back(child);
  }
}

Result<std::optional<FinalBlock>> PlatformApplication::final_block(std::uint64_t height) const {
  if (height > registry_.height()) return std::optional<FinalBlock>{};
  PLEXUS_TRY(const platform::PlatformBlock block, registry_.block_at(height));
  PLEXUS_TRY(auto stored, records_.read(height));
  Bytes encoded = platform::encode_block(block);
  if (!stored) return std::optional<FinalBlock>(FinalBlock{std::move(encoded), 0, std::nullopt});
  return std::optional<FinalBlock>(FinalBlock{std::move(encoded), stored->round,
                                              std::move(stored->certificate),
                                              std::move(stored->tail)});
}

}  // namespace plexus::consensus::bft
