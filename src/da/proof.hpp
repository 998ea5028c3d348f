#pragma once
// Proofs against a data root: a row (or column) root with its RFC-6962 path; one share with its
// namespaced Merkle path to its row root; all shares of a namespace in a row, with the
// completeness check that no share of that namespace was left out. All verification is pure:
// a proof and a data root in, accepted or rejected with the rule it broke.
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "da/merkle.hpp"
#include "da/nmt.hpp"
#include "da/square.hpp"

namespace plexus::da {

// A row root (index < 2k) or column root (2k + index) and its path to the data root.
struct RootProof {
  NmtNode root;
  MerkleProof path;  // over the 4k roots: rows, then columns
};

struct ShareProof {
  std::uint32_t width = 0;  // of the extended square (2k)
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  Share share;
  std::vector<NmtNode> nodes;  // the share's path in its row tree
  RootProof row_root;
};

// Presence: the namespace's shares occupy columns [start, end) of the row. Absence: `shares` is
// empty and `absent_leaf` is the leaf at start (end = start + 1), the first one past the
// namespace; or, when the row root's range already excludes the namespace, no range at all
// (start = end = 0, no nodes).
struct NamespaceProof {
  std::uint32_t width = 0;
  std::uint32_t row = 0;
  Namespace ns;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::vector<Share> shares;
  std::optional<NmtNode> absent_leaf;
  std::vector<NmtNode> nodes;
  RootProof row_root;
};

[[nodiscard]] Result<RootProof> prove_root(const DataAvailabilityHeader& dah, std::size_t index);
[[nodiscard]] Result<void> verify_root(const Hash256& data_root, std::size_t width, const RootProof& proof);

[[nodiscard]] Result<ShareProof> prove_share(const ExtendedSquare& eds, const DataAvailabilityHeader& dah,
                                             std::size_t row, std::size_t col);
[[nodiscard]] Result<void> verify_share(const Hash256& data_root, const ShareProof& proof);

// The namespace in one row of the original quarter: its shares, or proof that it has none.
[[nodiscard]] Result<NamespaceProof> prove_namespace_in_row(const ExtendedSquare& eds,
                                                            const DataAvailabilityHeader& dah,
                                                            std::size_t row, const Namespace& ns);
// One proof per row of the original quarter whose root's namespace range includes `ns` (as
// Celestia's namespace queries): presence where the row holds it, absence where it does not.
[[nodiscard]] Result<std::vector<NamespaceProof>> prove_namespace(const ExtendedSquare& eds,
                                                                  const DataAvailabilityHeader& dah,
                                                                  const Namespace& ns);
[[nodiscard]] Result<void> verify_namespace(const Hash256& data_root, const NamespaceProof& proof);

// Binary form of a share proof (for `plexus da prove-share` / `verify-share`): "PXS1", width,
// row, col (u16 big-endian), the share, a node count (u8) and the nodes, the row root, the path's
// index and total (u16), an aunt count (u8) and the aunts. Decoding rejects any other length.
[[nodiscard]] Bytes encode_share_proof(const ShareProof& proof);
[[nodiscard]] Result<ShareProof> decode_share_proof(BytesView bytes);

}  // namespace plexus::da
