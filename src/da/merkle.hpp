#pragma once
// RFC-6962 Merkle trees as CometBFT computes them (the data root over row and column roots):
// leaf SHA-256(0x00 || x), inner SHA-256(0x01 || left || right), split at the largest power of
// two below n, empty tree SHA-256(""). Proofs list the sibling hashes from the leaf upwards.
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::da {

[[nodiscard]] Hash256 merkle_leaf_hash(BytesView leaf);
[[nodiscard]] Hash256 merkle_inner_hash(const Hash256& left, const Hash256& right);
[[nodiscard]] Hash256 merkle_root(std::span<const BytesView> leaves);

struct MerkleProof {
  std::uint64_t index = 0;
  std::uint64_t total = 0;
  std::vector<Hash256> aunts;  // nearest sibling first
};

[[nodiscard]] MerkleProof merkle_prove(std::span<const BytesView> leaves, std::size_t index);
// The root the proof leads to from `leaf`, or an error naming what is wrong with the proof.
[[nodiscard]] Result<Hash256> merkle_root_from_proof(const MerkleProof& proof, BytesView leaf);

// The largest power of two strictly below n (n >= 2): where both tree kinds split.
[[nodiscard]] std::size_t split_point(std::size_t n);

}  // namespace plexus::da
