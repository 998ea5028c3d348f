#include "da/nmt.hpp"

#include "core/hash.hpp"
#include "da/merkle.hpp"
#include "da/sha256x2.hpp"

namespace plexus::da {
namespace {

void put_node(Byte* out, const NmtNode& n) {
  std::memcpy(out, n.min.data(), kNamespaceSize);
  std::memcpy(out + kNamespaceSize, n.max.data(), kNamespaceSize);
  std::memcpy(out + 2 * kNamespaceSize, n.digest.data(), 32);
}

NmtNode root_of(std::span<const NmtNode> leaves) {
  if (leaves.size() == 1) return leaves[0];
  const std::size_t k = split_point(leaves.size());
  return nmt_parent(root_of(leaves.first(k)), root_of(leaves.subspan(k)));
}

void collect(std::span<const NmtNode> leaves, std::size_t offset, std::uint32_t start,
             std::uint32_t end, std::vector<NmtNode>& out) {
  const std::size_t last = offset + leaves.size();
  if (last <= start || offset >= end) {  // wholly outside the range: one node stands for it
    out.push_back(root_of(leaves));
    return;
  }
  if (leaves.size() == 1) return;  // a leaf of the range: the verifier has it
  const std::size_t k = split_point(leaves.size());
  collect(leaves.first(k), offset, start, end, out);
  collect(leaves.subspan(k), offset + k, start, end, out);
}

struct Rebuild {
  const NmtRangeProof& proof;
  std::span<const NmtNode> range;
  std::size_t next = 0;

  Result<NmtNode> node(std::size_t offset, std::size_t size) {
    if (offset + size <= proof.start || offset >= proof.end) {
      if (next >= proof.nodes.size())
        return fail(Errc::kValidation, "nmt proof: fewer nodes than the tree needs");
      return proof.nodes[next++];
    }
    if (size == 1) return range[offset - proof.start];
    const std::size_t k = split_point(size);
    PLEXUS_TRY(const NmtNode left, node(offset, k));
    PLEXUS_TRY(const NmtNode right, node(offset + k, size - k));
    if (right.min < left.max)
      return fail(Errc::kValidation, "nmt proof: sibling nodes are out of namespace order");
    return nmt_parent(left, right);
  }
};

}  // namespace

FixedBytes<kNmtNodeSize> NmtNode::serialize() const {
  FixedBytes<kNmtNodeSize> out;
  put_node(out.data(), *this);
  return out;
}

Result<NmtNode> NmtNode::parse(BytesView bytes) {
  if (bytes.size() != kNmtNodeSize)
    return fail(Errc::kDecode, "nmt node: " + std::to_string(bytes.size()) + " bytes, a node is 90");
  NmtNode n;
  std::memcpy(n.min.data(), bytes.data(), kNamespaceSize);
  std::memcpy(n.max.data(), bytes.data() + kNamespaceSize, kNamespaceSize);
  std::memcpy(n.digest.data(), bytes.data() + 2 * kNamespaceSize, 32);
  if (n.max < n.min) return fail(Errc::kDecode, "nmt node: its max namespace is below its min");
  return n;
}

Hash256 nmt_leaf_digest(const Namespace& ns, BytesView data) {
  Byte buf[1 + kNamespaceSize + kShareSize];
  Bytes big;
  Byte* p = buf;
  if (data.size() > kShareSize) {
    big.resize(1 + kNamespaceSize + data.size());
    p = big.data();
  }
  p[0] = 0x00;
  std::memcpy(p + 1, ns.data(), kNamespaceSize);
  if (!data.empty()) std::memcpy(p + 1 + kNamespaceSize, data.data(), data.size());
  return sha256(BytesView(p, 1 + kNamespaceSize + data.size()));
}

NmtNode nmt_leaf(const Namespace& ns, BytesView data) { return NmtNode{ns, ns, nmt_leaf_digest(ns, data)}; }

// The namespace range of a parent; its digest is filled by the caller.
NmtNode parent_range(const NmtNode& left, const NmtNode& right) {
  NmtNode out;
  out.min = left.min < right.min ? left.min : right.min;
  const Namespace parity = parity_namespace();
  if (left.min == parity)
    out.max = parity;
  else if (right.min == parity)
    out.max = left.max;  // IgnoreMaxNamespace: parity leaves do not widen the range
  else
    out.max = left.max < right.max ? right.max : left.max;
  return out;
}

NmtNode nmt_parent(const NmtNode& left, const NmtNode& right) {
  Byte buf[1 + 2 * kNmtNodeSize];
  buf[0] = 0x01;
  put_node(buf + 1, left);
  put_node(buf + 1 + kNmtNodeSize, right);
  NmtNode out = parent_range(left, right);
  out.digest = sha256(BytesView(buf, sizeof buf));
  return out;
}

void nmt_parent_pair(const NmtNode& left_a, const NmtNode& right_a, const NmtNode& left_b,
                     const NmtNode& right_b, NmtNode& out_a, NmtNode& out_b) {
  Byte a[1 + 2 * kNmtNodeSize], b[1 + 2 * kNmtNodeSize];
  a[0] = b[0] = 0x01;
  put_node(a + 1, left_a);
  put_node(a + 1 + kNmtNodeSize, right_a);
  put_node(b + 1, left_b);
  put_node(b + 1 + kNmtNodeSize, right_b);
  out_a = parent_range(left_a, right_a);
  out_b = parent_range(left_b, right_b);
  sha256_pair(a, b, sizeof a, out_a.digest, out_b.digest);
}

void nmt_leaf_digest_pair(const Namespace& ns_a, BytesView a, const Namespace& ns_b, BytesView b,
                          Hash256& out_a, Hash256& out_b) {
  if (a.size() != kShareSize || b.size() != kShareSize) {
    out_a = nmt_leaf_digest(ns_a, a);
    out_b = nmt_leaf_digest(ns_b, b);
    return;
  }
  Byte ba[1 + kNamespaceSize + kShareSize], bb[1 + kNamespaceSize + kShareSize];
  ba[0] = bb[0] = 0x00;
  std::memcpy(ba + 1, ns_a.data(), kNamespaceSize);
  std::memcpy(bb + 1, ns_b.data(), kNamespaceSize);
  std::memcpy(ba + 1 + kNamespaceSize, a.data(), kShareSize);
  std::memcpy(bb + 1 + kNamespaceSize, b.data(), kShareSize);
  sha256_pair(ba, bb, sizeof ba, out_a, out_b);
}

NmtNode nmt_empty_root() { return NmtNode{Namespace{}, Namespace{}, sha256({})}; }

NmtNode nmt_root(std::span<const NmtNode> leaves) {
  if (leaves.empty()) return nmt_empty_root();
  return root_of(leaves);
}

NmtRangeProof nmt_prove_range(std::span<const NmtNode> leaves, std::uint32_t start, std::uint32_t end) {
  NmtRangeProof proof{start, end, {}};
  if (start < end && end <= leaves.size()) collect(leaves, 0, start, end, proof.nodes);
  return proof;
}

Result<NmtNode> nmt_root_from_range(const NmtRangeProof& proof, std::span<const NmtNode> range_leaves,
                                    std::size_t total) {
  if (proof.start >= proof.end || proof.end > total)
    return fail(Errc::kValidation, "nmt proof: range [" + std::to_string(proof.start) + ", " +
                                       std::to_string(proof.end) + ") is empty or outside a tree of " +
                                       std::to_string(total) + " leaves");
  if (range_leaves.size() != proof.end - proof.start)
    return fail(Errc::kValidation, "nmt proof: the range needs " +
                                       std::to_string(proof.end - proof.start) + " leaves, " +
                                       std::to_string(range_leaves.size()) + " given");
  for (const NmtNode& n : proof.nodes)
    if (n.max < n.min) return fail(Errc::kValidation, "nmt proof: a node's max namespace is below its min");
  Rebuild rebuild{proof, range_leaves};
  PLEXUS_TRY(NmtNode root, rebuild.node(0, total));
  if (rebuild.next != proof.nodes.size())
    return fail(Errc::kValidation, "nmt proof: more nodes than the tree needs");
  return root;
}

}  // namespace plexus::da
