#include "da/merkle.hpp"

#include <bit>

#include "core/hash.hpp"

namespace plexus::da {
namespace {

Hash256 root_of(std::span<const Hash256> hashes) {
  if (hashes.size() == 1) return hashes[0];
  const std::size_t k = split_point(hashes.size());
  return merkle_inner_hash(root_of(hashes.first(k)), root_of(hashes.subspan(k)));
}

void collect_aunts(std::span<const Hash256> hashes, std::size_t index, std::vector<Hash256>& out) {
  if (hashes.size() == 1) return;
  const std::size_t k = split_point(hashes.size());
  if (index < k) {
    collect_aunts(hashes.first(k), index, out);
    out.push_back(root_of(hashes.subspan(k)));
  } else {
    collect_aunts(hashes.subspan(k), index - k, out);
    out.push_back(root_of(hashes.first(k)));
  }
}

// Walks down as the prover did; aunts are consumed from the top (the back) of the list.
Result<Hash256> climb(std::uint64_t index, std::uint64_t total, const Hash256& leaf,
                      std::span<const Hash256> aunts) {
  if (total == 1) {
    if (!aunts.empty()) return fail(Errc::kValidation, "merkle proof: more sibling hashes than the tree has levels");
    return leaf;
  }
  if (aunts.empty()) return fail(Errc::kValidation, "merkle proof: fewer sibling hashes than the tree has levels");
  const std::uint64_t k = split_point(total);
  const Hash256& top = aunts.back();
  const auto rest = aunts.first(aunts.size() - 1);
  if (index < k) {
    PLEXUS_TRY(const Hash256 left, climb(index, k, leaf, rest));
    return merkle_inner_hash(left, top);
  }
  PLEXUS_TRY(const Hash256 right, climb(index - k, total - k, leaf, rest));
  return merkle_inner_hash(top, right);
}

}  // namespace

std::size_t split_point(std::size_t n) { return std::bit_floor(n - 1); }

Hash256 merkle_leaf_hash(BytesView leaf) {
  Bytes buf(1 + leaf.size());
  buf[0] = 0x00;
  if (!leaf.empty()) std::memcpy(buf.data() + 1, leaf.data(), leaf.size());
  return sha256(buf);
}

Hash256 merkle_inner_hash(const Hash256& left, const Hash256& right) {
  Byte buf[65];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), 32);
  std::memcpy(buf + 33, right.data(), 32);
  return sha256(BytesView(buf, sizeof buf));
}

Hash256 merkle_root(std::span<const BytesView> leaves) {
  if (leaves.empty()) return sha256({});
  std::vector<Hash256> hashes;
  hashes.reserve(leaves.size());
  for (const BytesView leaf : leaves) hashes.push_back(merkle_leaf_hash(leaf));
  return root_of(hashes);
}

MerkleProof merkle_prove(std::span<const BytesView> leaves, std::size_t index) {
  MerkleProof proof{index, leaves.size(), {}};
  std::vector<Hash256> hashes;
  for (const BytesView leaf : leaves) hashes.push_back(merkle_leaf_hash(leaf));
  collect_aunts(hashes, index, proof.aunts);
  return proof;
}

Result<Hash256> merkle_root_from_proof(const MerkleProof& proof, BytesView leaf) {
  if (proof.total == 0 || proof.index >= proof.total)
    return fail(Errc::kValidation, "merkle proof: index " + std::to_string(proof.index) +
                                       " is outside a tree of " + std::to_string(proof.total) + " leaves");
  if (proof.aunts.size() > 64) return fail(Errc::kValidation, "merkle proof: more than 64 levels");
  return climb(proof.index, proof.total, merkle_leaf_hash(leaf), proof.aunts);
}

}  // namespace plexus::da
