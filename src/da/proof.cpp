#include "da/proof.hpp"

#include "da/proof_codec.hpp"

#include <algorithm>

namespace plexus::da {
namespace {

bool valid_width(std::size_t width) {
  return width >= 2 && width <= 2 * kMaxOriginalWidth && (width & (width - 1)) == 0;
}

// The (offset, size) of the subtrees a range proof lists, in the order it lists them.
void proof_positions(std::size_t offset, std::size_t size, std::size_t start, std::size_t end,
                     std::vector<std::pair<std::size_t, std::size_t>>& out) {
  if (offset + size <= start || offset >= end) {
    out.emplace_back(offset, size);
    return;
  }
  if (size == 1) return;
  const std::size_t k = split_point(size);
  proof_positions(offset, k, start, end, out);
  proof_positions(offset + k, size - k, start, end, out);
}

Result<void> check_row_root(const Hash256& data_root, std::size_t width, std::size_t row,
                            const RootProof& proof) {
  if (proof.path.index != row)
    return fail(Errc::kValidation, "proof: the row root is proven for root " +
                                       std::to_string(proof.path.index) + ", not row " + std::to_string(row));
  return verify_root(data_root, width, proof);
}

}  // namespace

Result<RootProof> prove_root(const DataAvailabilityHeader& dah, std::size_t index) {
  const std::size_t total = dah.row_roots.size() + dah.column_roots.size();
  if (index >= total)
    return fail(Errc::kInvalidArgument, "root " + std::to_string(index) + " is outside the " +
                                            std::to_string(total) + " row and column roots");
  std::vector<FixedBytes<kNmtNodeSize>> encoded;
  for (const NmtNode& n : dah.row_roots) encoded.push_back(n.serialize());
  for (const NmtNode& n : dah.column_roots) encoded.push_back(n.serialize());
  std::vector<BytesView> views;
  for (const auto& e : encoded) views.push_back(e.view());
  const NmtNode& root = index < dah.row_roots.size() ? dah.row_roots[index]
                                                     : dah.column_roots[index - dah.row_roots.size()];
  return RootProof{root, merkle_prove(views, index)};
}

Result<void> verify_root(const Hash256& data_root, std::size_t width, const RootProof& proof) {
  if (!valid_width(width))
    return fail(Errc::kValidation, "proof: square width " + std::to_string(width) +
                                       " is not a power of two from 2 to 1024");
  if (proof.path.total != 2 * width)
    return fail(Errc::kValidation, "proof: the root path is over " + std::to_string(proof.path.total) +
                                       " roots, a square of width " + std::to_string(width) + " has " +
                                       std::to_string(2 * width));
  PLEXUS_TRY(const Hash256 root, merkle_root_from_proof(proof.path, proof.root.serialize().view()));
  if (root != data_root) return fail(Errc::kValidation, "proof: the row root is not committed to by this data root");
  return {};
}

Result<ShareProof> prove_share(const ExtendedSquare& eds, const DataAvailabilityHeader& dah,
                               std::size_t row, std::size_t col) {
  PLEXUS_TRY(const Share share, eds.sample(row, col));
  ShareProof proof;
  proof.width = static_cast<std::uint32_t>(eds.width());
  proof.row = static_cast<std::uint32_t>(row);
  proof.col = static_cast<std::uint32_t>(col);
  proof.share = share;
  const std::vector<NmtNode> leaves = eds.row_leaves(row);
  proof.nodes = nmt_prove_range(leaves, proof.col, proof.col + 1).nodes;
  PLEXUS_TRY(proof.row_root, prove_root(dah, row));
  return proof;
}

Result<void> verify_share(const Hash256& data_root, const ShareProof& proof) {
  if (!valid_width(proof.width))
    return fail(Errc::kValidation, "share proof: square width " + std::to_string(proof.width) +
                                       " is not a power of two from 2 to 1024");
  if (proof.row >= proof.width || proof.col >= proof.width)
    return fail(Errc::kValidation, "share proof: (" + std::to_string(proof.row) + ", " +
                                       std::to_string(proof.col) + ") is outside the " +
                                       std::to_string(proof.width) + "x" + std::to_string(proof.width) + " square");
  const Namespace ns = in_original_quarter(proof.row, proof.col, proof.width) ? namespace_of(proof.share)
                                                                              : parity_namespace();
  const NmtNode leaf = nmt_leaf(ns, proof.share.view());
  const NmtRangeProof range{proof.col, proof.col + 1, proof.nodes};
  PLEXUS_TRY(const NmtNode root, nmt_root_from_range(range, std::span(&leaf, 1), proof.width));
  if (root != proof.row_root.root)
    return fail(Errc::kValidation, "share proof: the share's path does not lead to its row root");
  return check_row_root(data_root, proof.width, proof.row, proof.row_root);
}

Result<NamespaceProof> prove_namespace_in_row(const ExtendedSquare& eds, const DataAvailabilityHeader& dah,
                                              std::size_t row, const Namespace& ns) {
  const std::size_t k = eds.original_width();
  if (row >= k || row >= dah.row_roots.size())
    return fail(Errc::kInvalidArgument, "namespace proof: row " + std::to_string(row) +
                                            " is not in the original quarter");
  NamespaceProof p;
  p.width = static_cast<std::uint32_t>(eds.width());
  p.row = static_cast<std::uint32_t>(row);
  p.ns = ns;
  PLEXUS_TRY(p.row_root, prove_root(dah, row));
  const NmtNode& root = dah.row_roots[row];
  if (ns < root.min || root.max < ns) return p;  // the root alone shows the namespace is absent
  std::size_t start = 0;
  while (start < k && eds.leaf_namespace(row, start) < ns) ++start;
  std::size_t end = start;
  while (end < k && eds.leaf_namespace(row, end) == ns) ++end;
  const std::vector<NmtNode> leaves = eds.row_leaves(row);
  if (end == start) {  // absent: prove the first leaf past it and everything before
    p.absent_leaf = leaves[start];
    end = start + 1;
  } else {
    for (std::size_t c = start; c < end; ++c) {
      PLEXUS_TRY(const Share s, eds.sample(row, c));
      p.shares.push_back(s);
    }
  }
  p.start = static_cast<std::uint32_t>(start);
  p.end = static_cast<std::uint32_t>(end);
  p.nodes = nmt_prove_range(leaves, p.start, p.end).nodes;
  return p;
}

Result<std::vector<NamespaceProof>> prove_namespace(const ExtendedSquare& eds,
                                                    const DataAvailabilityHeader& dah,
                                                    const Namespace& ns) {
  std::vector<NamespaceProof> out;
  for (std::size_t r = 0; r < eds.original_width() && r < dah.row_roots.size(); ++r) {
    const NmtNode& root = dah.row_roots[r];
    if (ns < root.min || root.max < ns) continue;
    PLEXUS_TRY(NamespaceProof p, prove_namespace_in_row(eds, dah, r, ns));
    out.push_back(std::move(p));
  }
  return out;
}

Result<void> verify_namespace(const Hash256& data_root, const NamespaceProof& proof) {
  if (!valid_width(proof.width))
    return fail(Errc::kValidation, "namespace proof: square width " + std::to_string(proof.width) +
                                       " is not a power of two from 2 to 1024");
  const std::size_t k = proof.width / 2;
  if (proof.row >= k) return fail(Errc::kValidation, "namespace proof: the row is not in the original quarter");
  const NmtNode& root = proof.row_root.root;
  if (proof.start == 0 && proof.end == 0 && proof.shares.empty() && !proof.absent_leaf && proof.nodes.empty()) {
    if (!(proof.ns < root.min || root.max < proof.ns))
      return fail(Errc::kValidation, "namespace proof: the row root's range includes the namespace, so absence needs a leaf");
    return check_row_root(data_root, proof.width, proof.row, proof.row_root);
  }
  if (proof.start >= proof.end || proof.end > k)
    return fail(Errc::kValidation, "namespace proof: the range is not inside a row of the original quarter");
  std::vector<NmtNode> leaves;
  if (proof.absent_leaf) {
    if (!proof.shares.empty() || proof.end != proof.start + 1)
      return fail(Errc::kValidation, "namespace proof: an absence proof has one leaf and no shares");
    if (!(proof.ns < proof.absent_leaf->min) || proof.absent_leaf->min != proof.absent_leaf->max)
      return fail(Errc::kValidation, "namespace proof: the absence leaf does not come after the namespace");
    leaves.push_back(*proof.absent_leaf);
  } else {
    if (proof.shares.size() != proof.end - proof.start)
      return fail(Errc::kValidation, "namespace proof: " + std::to_string(proof.shares.size()) +
                                         " shares for a range of " + std::to_string(proof.end - proof.start));
    for (const Share& s : proof.shares) {
      if (namespace_of(s) != proof.ns)
        return fail(Errc::kValidation, "namespace proof: a share of another namespace is in the range");
      leaves.push_back(nmt_leaf(proof.ns, s.view()));
    }
  }
  const NmtRangeProof range{proof.start, proof.end, proof.nodes};
  PLEXUS_TRY(const NmtNode rebuilt, nmt_root_from_range(range, leaves, proof.width));
  if (rebuilt != root)
    return fail(Errc::kValidation, "namespace proof: the shares' path does not lead to the row root");
  // Completeness: every subtree left of the range ends below the namespace and every subtree on
  // its right starts above it, so no share of the namespace lies outside the range.
  std::vector<std::pair<std::size_t, std::size_t>> positions;
  proof_positions(0, proof.width, proof.start, proof.end, positions);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const NmtNode& n = proof.nodes[i];
    const bool left = positions[i].first < proof.start;
    if (left ? !(n.max < proof.ns) : !(proof.ns < n.min))
      return fail(Errc::kValidation, "namespace proof: incomplete, a subtree outside the range may hold the namespace");
  }
  return check_row_root(data_root, proof.width, proof.row, proof.row_root);
}

Bytes encode_share_proof(const ShareProof& proof) {
  Bytes out{'P', 'X', 'S', '1'};
  codec::put_uint(out, proof.width, 2);
  codec::put_uint(out, proof.row, 2);
  codec::put_uint(out, proof.col, 2);
  codec::put(out, proof.share.view());
  codec::put_nodes(out, proof.nodes);
  codec::put_root_proof(out, proof.row_root);
  return out;
}

Result<ShareProof> decode_share_proof(BytesView bytes) {
  codec::Reader in(bytes, "share proof");
  PLEXUS_CHECK(in.expect("PXS1"));
  ShareProof p;
  PLEXUS_TRY(p.width, in.u16());
  PLEXUS_TRY(p.row, in.u16());
  PLEXUS_TRY(p.col, in.u16());
  PLEXUS_TRY(const BytesView share, in.take(kShareSize));
  std::memcpy(p.share.data(), share.data(), kShareSize);
  PLEXUS_TRY(p.nodes, codec::read_nodes(in));
  PLEXUS_TRY(p.row_root, codec::read_root_proof(in));
  PLEXUS_CHECK(in.finish());
  return p;
}

}  // namespace plexus::da
