#include "da/blob_proof.hpp"

#include <cstring>

#include "da/proof_codec.hpp"

namespace plexus::da {
namespace {

Result<Share> read_share(codec::Reader& in) {
  PLEXUS_TRY(const BytesView bytes, in.take(kShareSize));
  Share share;
  std::memcpy(share.data(), bytes.data(), kShareSize);
  return share;
}

Result<void> fail_blob(const std::string& rule) {
  return fail(Errc::kValidation, "blob proof: " + rule);
}

}  // namespace

Result<BlobProof> prove_shares(const ExtendedSquare& eds, const DataAvailabilityHeader& dah,
                               std::size_t start, std::size_t count) {
  const std::size_t k = eds.original_width();
  if (count == 0 || start >= k * k || count > k * k - start)
    return fail(Errc::kInvalidArgument, "blob proof: shares " + std::to_string(start) + " to " +
                                            std::to_string(start + count) +
                                            " are not in the original square");
  BlobProof proof;
  proof.width = static_cast<std::uint32_t>(eds.width());
  proof.start = static_cast<std::uint32_t>(start);
  for (std::size_t row = start / k; row <= (start + count - 1) / k; ++row) {
    const std::size_t from = std::max(start, row * k) - row * k;
    const std::size_t to = std::min(start + count, (row + 1) * k) - row * k;
    for (std::size_t col = from; col < to; ++col) {
      PLEXUS_TRY(const Share s, eds.sample(row, col));
      proof.shares.push_back(s);
    }
    const std::vector<NmtNode> leaves = eds.row_leaves(row);
    BlobProof::Row r;
    r.nodes =
        nmt_prove_range(leaves, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to))
            .nodes;
    PLEXUS_TRY(r.row_root, prove_root(dah, row));
    proof.rows.push_back(std::move(r));
  }
  return proof;
}

Result<void> verify_shares(const Hash256& data_root, const BlobProof& proof) {
  const std::size_t width = proof.width;
  if (width < 2 || width > 2 * kMaxOriginalWidth || (width & (width - 1)) != 0)
    return fail_blob("square width " + std::to_string(width) +
                     " is not a power of two from 2 to 1024");
  const std::size_t k = width / 2;
  const std::size_t start = proof.start;
  const std::size_t count = proof.shares.size();
  if (count == 0 || start >= k * k || count > k * k - start)
    return fail_blob("the shares are not in the original square");
  const std::size_t first_row = start / k;
  const std::size_t last_row = (start + count - 1) / k;
  if (proof.rows.size() != last_row - first_row + 1)
    return fail_blob(std::to_string(proof.rows.size()) + " row proofs for shares spanning " +
                     std::to_string(last_row - first_row + 1) + " rows");
  std::size_t next = 0;  // into proof.shares
  for (std::size_t row = first_row; row <= last_row; ++row) {
    const BlobProof::Row& r = proof.rows[row - first_row];
    const std::size_t from = std::max(start, row * k) - row * k;
    const std::size_t to = std::min(start + count, (row + 1) * k) - row * k;
    std::vector<NmtNode> leaves;
    for (std::size_t col = from; col < to; ++col, ++next)
      leaves.push_back(nmt_leaf(namespace_of(proof.shares[next]), proof.shares[next].view()));
    const NmtRangeProof range{static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to),
                              r.nodes};
    PLEXUS_TRY(const NmtNode root, nmt_root_from_range(range, leaves, width));
    if (root != r.row_root.root)
      return fail_blob("the shares of row " + std::to_string(row) + " do not lead to its row root");
    if (r.row_root.path.index != row)
      return fail_blob("the root of row " + std::to_string(row) + " is proven for root " +
                       std::to_string(r.row_root.path.index));
    if (auto verified = verify_root(data_root, width, r.row_root); !verified)
      return fail_blob("row " + std::to_string(row) + ": " + verified.error().message);
  }
  return {};
}

Result<Blob> verify_blob(const Hash256& data_root, const BlobProof& proof, const Namespace& ns,
                         const Hash256& commitment) {
  PLEXUS_CHECK(verify_shares(data_root, proof));
  PLEXUS_TRY(const std::vector<Sequence> sequences, parse_sparse_shares(proof.shares));
  if (sequences.size() != 1)
    return fail(Errc::kValidation, "blob proof: the shares hold " +
                                       std::to_string(sequences.size()) +
                                       " sequences, not one blob");
  const Sequence& s = sequences.front();
  if (s.ns != ns) return fail(Errc::kValidation, "blob proof: the blob is in another namespace");
  PLEXUS_TRY(const Hash256 computed, share_commitment(proof.shares));
  if (computed != commitment)
    return fail(Errc::kValidation, "blob proof: the shares' commitment is not the blob's");
  return Blob{s.ns, s.share_version, s.signer, s.data};
}

Bytes encode_blob_proof(const BlobProof& proof) {
  Bytes out{'P', 'X', 'B', '1'};
  codec::put_uint(out, proof.width, 2);
  codec::put_uint(out, proof.start, 4);
  codec::put_uint(out, static_cast<std::uint32_t>(proof.shares.size()), 4);
  for (const Share& s : proof.shares) codec::put(out, s.view());
  codec::put_uint(out, static_cast<std::uint32_t>(proof.rows.size()), 2);
  for (const BlobProof::Row& r : proof.rows) {
    codec::put_nodes(out, r.nodes);
    codec::put_root_proof(out, r.row_root);
  }
  return out;
}

Result<BlobProof> decode_blob_proof(BytesView bytes) {
  codec::Reader in(bytes, "blob proof");
  PLEXUS_CHECK(in.expect("PXB1"));
  BlobProof p;
  PLEXUS_TRY(p.width, in.u16());
  PLEXUS_TRY(p.start, in.u32());
  PLEXUS_TRY(const std::uint32_t count, in.u32());
  if (count > bytes.size() / kShareSize)
    return fail(Errc::kDecode, "blob proof: " + std::to_string(count) + " shares in " +
                                   std::to_string(bytes.size()) + " bytes");
  for (std::uint32_t i = 0; i < count; ++i) {
    PLEXUS_TRY(const Share s, read_share(in));
    p.shares.push_back(s);
  }
  PLEXUS_TRY(const std::uint32_t rows, in.u16());
  for (std::uint32_t i = 0; i < rows; ++i) {
    BlobProof::Row r;
    PLEXUS_TRY(r.nodes, codec::read_nodes(in));
    PLEXUS_TRY(r.row_root, codec::read_root_proof(in));
    p.rows.push_back(std::move(r));
  }
  PLEXUS_CHECK(in.finish());
  return p;
}

Bytes encode_namespace_proof(const NamespaceProof& proof) {
  Bytes out{'P', 'X', 'N', '1'};
  codec::put_uint(out, proof.width, 2);
  codec::put_uint(out, proof.row, 2);
  codec::put(out, proof.ns.view());
  codec::put_uint(out, proof.start, 2);
  codec::put_uint(out, proof.end, 2);
  codec::put_uint(out, static_cast<std::uint32_t>(proof.shares.size()), 2);
  for (const Share& s : proof.shares) codec::put(out, s.view());
  out.push_back(proof.absent_leaf ? 1 : 0);
  if (proof.absent_leaf) codec::put(out, proof.absent_leaf->serialize().view());
  codec::put_nodes(out, proof.nodes);
  codec::put_root_proof(out, proof.row_root);
  return out;
}

Result<NamespaceProof> decode_namespace_proof(BytesView bytes) {
  codec::Reader in(bytes, "namespace proof");
  PLEXUS_CHECK(in.expect("PXN1"));
  NamespaceProof p;
  PLEXUS_TRY(p.width, in.u16());
  PLEXUS_TRY(p.row, in.u16());
  PLEXUS_TRY(const BytesView ns, in.take(kNamespaceSize));
  std::memcpy(p.ns.data(), ns.data(), kNamespaceSize);
  PLEXUS_TRY(p.start, in.u16());
  PLEXUS_TRY(p.end, in.u16());
  PLEXUS_TRY(const std::uint32_t count, in.u16());
  for (std::uint32_t i = 0; i < count; ++i) {
    PLEXUS_TRY(const Share s, read_share(in));
    p.shares.push_back(s);
  }
  PLEXUS_TRY(const std::uint32_t absent, in.u8());
  if (absent > 1) return fail(Errc::kDecode, "namespace proof: the absence flag is 0 or 1");
  if (absent == 1) {
    PLEXUS_TRY(const NmtNode leaf, in.node());
    p.absent_leaf = leaf;
  }
  PLEXUS_TRY(p.nodes, codec::read_nodes(in));
  PLEXUS_TRY(p.row_root, codec::read_root_proof(in));
  PLEXUS_CHECK(in.finish());
  return p;
}

}  // namespace plexus::da
