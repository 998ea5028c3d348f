#pragma once
// A blob proven against a data root by its shares: the blob is a run of consecutive shares of
// the original square (row-major), so for each row it spans the proof holds the namespaced
// Merkle range proof of its shares in that row and the row root's path to the data root.
// Checking inclusion by commitment then parses the shares back into one blob and recomputes its
// share commitment. Binary forms of this proof and of a namespace proof (proof.hpp) let both
// travel as hex over JSON-RPC.
#include "da/commitment.hpp"
#include "da/proof.hpp"

namespace plexus::da {

struct BlobProof {
  std::uint32_t width = 0;  // of the extended square (2k)
  std::uint32_t start = 0;  // index of the first share in the original square, row-major
  std::vector<Share> shares;
  struct Row {
    std::vector<NmtNode> nodes;  // the range proof of the row's part of the shares
    RootProof row_root;
  };
  std::vector<Row> rows;  // one per row the shares span, top to bottom
};

// The shares [start, start + count) of the original square with their proofs.
[[nodiscard]] Result<BlobProof> prove_shares(const ExtendedSquare& eds,
                                             const DataAvailabilityHeader& dah, std::size_t start,
                                             std::size_t count);
// Every row range leads to its row root and every row root to the data root.
[[nodiscard]] Result<void> verify_shares(const Hash256& data_root, const BlobProof& proof);
// verify_shares, and the shares are exactly one blob of namespace `ns` whose share commitment is
// `commitment`: that blob, or the rule broken.
[[nodiscard]] Result<Blob> verify_blob(const Hash256& data_root, const BlobProof& proof,
                                       const Namespace& ns, const Hash256& commitment);

// "PXB1", width (u16), start and share count (u32), the shares, a row count (u16) and per row its
// nodes (u8 count) and row root proof (as in a share proof). Decoding refuses any other length.
[[nodiscard]] Bytes encode_blob_proof(const BlobProof& proof);
[[nodiscard]] Result<BlobProof> decode_blob_proof(BytesView bytes);

// "PXN1", width, row (u16), the namespace, start, end (u16), a share count (u16) and the shares,
// 0 or 1 (u8) and the absence leaf, the nodes (u8 count) and the row root proof.
[[nodiscard]] Bytes encode_namespace_proof(const NamespaceProof& proof);
[[nodiscard]] Result<NamespaceProof> decode_namespace_proof(BytesView bytes);

}  // namespace plexus::da
