#pragma once
// Namespaced Merkle trees as Celestia builds them over the rows and columns of a square
// (celestiaorg/nmt with IgnoreMaxNamespace): a node is min namespace || max namespace ||
// SHA-256 digest (90 bytes); leaf = ns || ns || SHA-256(0x00 || ns || data); inner =
// min || max || SHA-256(0x01 || left || right), where the parity namespace on the right does not
// raise the maximum. Trees split at the largest power of two below n.
#include <span>
#include <vector>

#include "core/error.hpp"
#include "da/share.hpp"

namespace plexus::da {

inline constexpr std::size_t kNmtNodeSize = 2 * kNamespaceSize + 32;  // 90

struct NmtNode {
  Namespace min;
  Namespace max;
  Hash256 digest;

  [[nodiscard]] FixedBytes<kNmtNodeSize> serialize() const;
  [[nodiscard]] static Result<NmtNode> parse(BytesView bytes);
  friend bool operator==(const NmtNode&, const NmtNode&) = default;
};

[[nodiscard]] NmtNode nmt_leaf(const Namespace& ns, BytesView data);
// The digest of the leaf alone (what nmt_leaf wraps with ns || ns).
[[nodiscard]] Hash256 nmt_leaf_digest(const Namespace& ns, BytesView data);
[[nodiscard]] NmtNode nmt_parent(const NmtNode& left, const NmtNode& right);
// Two leaves' digests, or two parents, at once (sha256x2.hpp): the square's trees hash millions of
// independent pairs.
void nmt_leaf_digest_pair(const Namespace& ns_a, BytesView a, const Namespace& ns_b, BytesView b,
                          Hash256& out_a, Hash256& out_b);
void nmt_parent_pair(const NmtNode& left_a, const NmtNode& right_a, const NmtNode& left_b,
                     const NmtNode& right_b, NmtNode& out_a, NmtNode& out_b);
[[nodiscard]] NmtNode nmt_empty_root();
[[nodiscard]] NmtNode nmt_root(std::span<const NmtNode> leaves);

// The subtree roots that, with the leaves [start, end), rebuild the root of a tree of `total`
// leaves: left to right, as celestiaorg/nmt orders them.
struct NmtRangeProof {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::vector<NmtNode> nodes;
};

[[nodiscard]] NmtRangeProof nmt_prove_range(std::span<const NmtNode> leaves, std::uint32_t start,
                                            std::uint32_t end);

// Rebuilds the root from the range's leaf nodes and the proof; checks every node is well formed
// (min <= max) and siblings are in namespace order. The caller compares the root.
[[nodiscard]] Result<NmtNode> nmt_root_from_range(const NmtRangeProof& proof,
                                                  std::span<const NmtNode> range_leaves,
                                                  std::size_t total);

// The leaf position's namespace in an extended square of width 2k: a share's own namespace in
// the original quarter, the parity namespace elsewhere.
[[nodiscard]] inline bool in_original_quarter(std::size_t row, std::size_t col, std::size_t width) {
  return row < width / 2 && col < width / 2;
}

}  // namespace plexus::da
