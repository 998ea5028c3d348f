#pragma once
// Share commitments (Celestia's ADR-013 non-interactive default rules): a blob of n shares is
// split into a Merkle mountain range of subtrees of SubTreeWidth(n) shares, and its commitment is
// the RFC-6962 root over those subtrees' namespaced Merkle roots. Because a blob starts at a
// multiple of its subtree width, those subtrees are subtrees of the row trees, so the submitter
// computes the commitment before the square exists and it can be proven against row roots.
#include <vector>

#include "core/error.hpp"
#include "da/share.hpp"

namespace plexus::da {

// Celestia's SubtreeRootThreshold (changing it breaks light clients).
inline constexpr std::size_t kSubtreeRootThreshold = 64;

[[nodiscard]] std::size_t round_up_power_of_two(std::size_t n);
// The smallest square width (a power of two) holding `shares` shares.
[[nodiscard]] std::size_t blob_min_square_size(std::size_t shares);
// min(RoundUpPow2(ceil(shares / threshold)), BlobMinSquareSize(shares)).
[[nodiscard]] std::size_t subtree_width(std::size_t shares, std::size_t threshold = kSubtreeRootThreshold);
// Greedy mountain range: as many trees of `max_tree` as fit, then decreasing powers of two.
[[nodiscard]] std::vector<std::size_t> mountain_range_sizes(std::size_t total, std::size_t max_tree);
// Where a blob of `shares` shares starts when the layout has reached `cursor`.
[[nodiscard]] std::size_t next_share_index(std::size_t cursor, std::size_t shares,
                                           std::size_t threshold = kSubtreeRootThreshold);

[[nodiscard]] Result<Hash256> share_commitment(const Blob& blob,
                                               std::size_t threshold = kSubtreeRootThreshold);
// The same from the blob's shares (all in the blob's namespace).
[[nodiscard]] Result<Hash256> share_commitment(std::span<const Share> shares,
                                               std::size_t threshold = kSubtreeRootThreshold);

}  // namespace plexus::da
