#include "sim_chain.hpp"

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::bft::sim {

// ---- the toy chain ----

Bytes make_block(const Hash256& parent, std::uint64_t height, BytesView payload) {
  Bytes body;
  rlp::append_string(body, parent.view());
  rlp::append_uint(body, height);
  rlp::append_string(body, payload);
  Bytes out;
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<BlockInfo> ToyChain::describe(BytesView block) const {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(block));
  if (!item.is_list) return fail(Errc::kDecode, "toy block: not a list");
  PLEXUS_TRY(const auto f, rlp::list_items(item));
  if (f.size() != 3 || f[0].is_list || f[0].payload.size() != 32 || f[2].is_list)
    return fail(Errc::kDecode, "toy block: expected [parent, height, payload]");
  BlockInfo info;
  info.parent = Hash256::right_aligned(f[0].payload);
  PLEXUS_TRY(info.height, rlp::to_uint64(f[1]));
  info.digest = keccak256(block);
  return info;
}

Result<void> ToyChain::verify(BytesView block) {
  PLEXUS_TRY(const BlockInfo info, describe(block));
  if (pending_.contains(info.digest)) return {};
  std::uint64_t parent_height = 0;
  if (info.parent == head().digest) {
    parent_height = head().height;
  } else if (const auto it = pending_.find(info.parent); it != pending_.end()) {
    parent_height = it->second.first.height;
  } else {
    return fail(Errc::kValidation, "toy block: unknown parent");
  }
  if (info.height != parent_height + 1) return fail(Errc::kValidation, "toy block: bad height");
  const auto item = rlp::decode(block);
  const auto fields = rlp::list_items(*item);
  const BytesView payload = (*fields)[2].payload;
  if (!payload.empty() && payload[0] == 0xff)
    return fail(Errc::kValidation, "toy block: the payload breaks the chain's rules");
  pending_.emplace(info.digest, std::pair(info, to_bytes(block)));
  return {};
}

Result<std::optional<Bytes>> ToyChain::build(const BlockInfo& parent, bool allow_empty) {
  (void)allow_empty;  // the toy pool is never empty
  Bytes payload;
  if (build_invalid) payload.push_back(0xff);
  // Most blocks are the same whoever builds them (as two empty blocks on one parent within one
  // second are on a real chain), so one block can be proposed, and notarized, in two rounds.
  if (++built_ % 4 == 0) {
    rlp::append_uint(payload, tag_);
    rlp::append_uint(payload, built_);
  }
  Bytes block = make_block(parent.digest, parent.height + 1, payload);
  PLEXUS_TRY(const BlockInfo info, describe(block));
  pending_.emplace(info.digest, std::pair(info, block));
  if (on_build) on_build(info);
  return std::optional<Bytes>(std::move(block));
}

Result<void> ToyChain::commit(const Hash256& digest, std::uint64_t round,
                              const std::optional<QuorumCert>& certificate) {
  const auto it = pending_.find(digest);
  if (it == pending_.end()) return fail(Errc::kInternal, "toy chain: commit of an unknown block");
  if (it->second.first.parent != head().digest)
    return fail(Errc::kInternal, "toy chain: commit out of order");
  disk_.final_blocks.push_back(FinalBlock{it->second.second, round, certificate});
  disk_.infos.push_back(it->second.first);
  pending_.erase(it);
  return {};
}

void ToyChain::drop(const Hash256& digest) {
  std::vector<Hash256> doomed = {digest};
  while (!doomed.empty()) {
    const Hash256 d = doomed.back();
    doomed.pop_back();
    pending_.erase(d);
    for (const auto& [child, entry] : pending_)
      if (entry.first.parent == d) doomed.push_back(child);
  }
}

Result<std::optional<FinalBlock>> ToyChain::final_block(std::uint64_t height) const {
  if (height >= disk_.final_blocks.size()) return std::optional<FinalBlock>{};
  return std::optional<FinalBlock>{disk_.final_blocks[height]};
}

void Checker::record(std::size_t node, const BlockInfo& block) {
  const auto [it, inserted] = final.emplace(block.height, std::pair(block.digest, node));
  if (!inserted && it->second.first != block.digest)
    forks.push_back("height " + std::to_string(block.height) + ": node " +
                    std::to_string(it->second.second) + " and node " + std::to_string(node) +
                    " finalized different blocks");
}

}  // namespace plexus::consensus::bft::sim
