#pragma once
// In-memory nodes of the stored Merkle Patricia trie (an implementation detail of Trie and proof
// verification). A node is either fully present (leaf, extension, branch) or a kHash stub that
// stands for a stored node not loaded yet; stubs are resolved only along the paths an operation
// touches, so opening a large trie costs one read.
#include <array>
#include <memory>
#include <optional>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "storage/nibbles.hpp"

namespace plexus::trie {

struct Node {
  enum class Kind : std::uint8_t { kLeaf, kExtension, kBranch, kHash };

  Kind kind = Kind::kBranch;
  Nibbles path;                                    // leaf, extension
  Bytes value;                                     // leaf; branch (empty = no value)
  std::unique_ptr<Node> child;                     // extension
  std::array<std::unique_ptr<Node>, 16> children;  // branch (null = empty slot)
  Hash256 hash;                                    // kHash: keccak256 of the stored node
  // Not yet written to the store. Every ancestor of a dirty node is dirty, so a clean node's
  // whole subtree is known to be stored (or embedded in a stored parent).
  bool dirty = true;
  // RLP encoding and its keccak256, computed on demand; cleared whenever the node or a descendant
  // changes. Caching the hash matters: re-encoding a branch needs the hashes of all its children,
  // and most of them did not change.
  mutable std::optional<Bytes> encoded;
  mutable std::optional<Hash256> encoded_hash;
};

using NodePtr = std::unique_ptr<Node>;

[[nodiscard]] NodePtr make_leaf(Nibbles path, Bytes value);
[[nodiscard]] NodePtr make_extension(Nibbles path, NodePtr child);
[[nodiscard]] NodePtr make_branch();
[[nodiscard]] NodePtr make_hash_stub(const Hash256& hash);

// Marks a node changed: it must be re-encoded and re-stored.
void touch(Node& node) noexcept;

// The node's RLP encoding (cached). Not defined for kHash stubs, whose encoding is not loaded.
[[nodiscard]] const Bytes& encode(const Node& node);
// How a parent refers to the node: its encoding if under 32 bytes, else RLP(keccak256).
[[nodiscard]] Bytes reference(const Node& node);
// keccak256 of the node's encoding: what a root hash or a stored node's key is.
[[nodiscard]] Hash256 hash_of(const Node& node);

// Decodes a stored node (clean, with its encoding cached). Embedded children are decoded in
// place, hashed ones become kHash stubs. Non-canonical shapes (an embedded child of 32 bytes or
// more, an empty leaf value, a malformed path) are kDecode errors.
[[nodiscard]] Result<NodePtr> decode_node(BytesView encoded);

}  // namespace plexus::trie
