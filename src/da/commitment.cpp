#include "da/commitment.hpp"

#include <algorithm>
#include <bit>

#include "da/merkle.hpp"
#include "da/nmt.hpp"

namespace plexus::da {

std::size_t round_up_power_of_two(std::size_t n) { return n <= 1 ? 1 : std::bit_ceil(n); }

std::size_t blob_min_square_size(std::size_t shares) {
  std::size_t k = 1;
  while (k * k < shares) k *= 2;
  return k;
}

std::size_t subtree_width(std::size_t shares, std::size_t threshold) {
  threshold = std::max<std::size_t>(threshold, 1);  // 0 would divide by zero; callers reject it
  const std::size_t s = round_up_power_of_two((shares + threshold - 1) / threshold);
  return std::min(s, blob_min_square_size(shares));
}

std::vector<std::size_t> mountain_range_sizes(std::size_t total, std::size_t max_tree) {
  std::vector<std::size_t> sizes;
  while (total > 0) {
    const std::size_t size = total >= max_tree ? max_tree : std::bit_floor(total);
    sizes.push_back(size);
    total -= size;
  }
  return sizes;
}

std::size_t next_share_index(std::size_t cursor, std::size_t shares, std::size_t threshold) {
  const std::size_t w = subtree_width(shares, threshold);
  return (cursor + w - 1) / w * w;
}

Result<Hash256> share_commitment(std::span<const Share> shares, std::size_t threshold) {
  if (shares.empty()) return fail(Errc::kInvalidArgument, "commitment: a blob has at least one share");
  if (threshold == 0) return fail(Errc::kInvalidArgument, "commitment: the subtree threshold is 0");
  const Namespace ns = namespace_of(shares[0]);
  std::vector<NmtNode> leaves;
  leaves.reserve(shares.size());
  for (const Share& s : shares) {
    if (namespace_of(s) != ns)
      return fail(Errc::kValidation, "commitment: a blob's shares share one namespace");
    leaves.push_back(nmt_leaf(ns, s.view()));
  }
  std::vector<FixedBytes<kNmtNodeSize>> roots;
  std::size_t at = 0;
  for (const std::size_t size : mountain_range_sizes(shares.size(), subtree_width(shares.size(), threshold))) {
    roots.push_back(nmt_root(std::span(leaves).subspan(at, size)).serialize());
    at += size;
  }
  std::vector<BytesView> views;
  for (const auto& r : roots) views.push_back(r.view());
  return merkle_root(views);
}

Result<Hash256> share_commitment(const Blob& blob, std::size_t threshold) {
  PLEXUS_CHECK(validate_blob_namespace(blob.ns));
  PLEXUS_TRY(const std::vector<Share> shares, blob_shares(blob));
  return share_commitment(shares, threshold);
}

}  // namespace plexus::da
