#pragma once
// RLP encoding of the three Merkle Patricia trie node kinds and of references to them. A node
// whose encoding is shorter than 32 bytes is embedded in its parent; a longer one is referenced by
// its keccak256. Shared by trie_root() and the stored Trie so their hashes cannot drift apart.
#include <array>

#include "core/bytes.hpp"
#include "storage/nibbles.hpp"

namespace plexus::trie {

// The reference of an empty child slot: RLP of the empty string.
inline constexpr Byte kEmptyRef = 0x80;

// [compact(path, leaf), value]
[[nodiscard]] Bytes encode_leaf(NibblesView path, BytesView value);
// [compact(path, extension), child]; `child_ref` is an already-encoded reference.
[[nodiscard]] Bytes encode_extension(NibblesView path, BytesView child_ref);
// [child0 .. child15, value]; each child is an encoded reference (kEmptyRef when absent).
[[nodiscard]] Bytes encode_branch(const std::array<Bytes, 16>& child_refs, BytesView value);

// How a parent refers to an encoded node: the node itself when shorter than 32 bytes, else
// RLP(keccak256(node)).
[[nodiscard]] Bytes node_reference(BytesView encoded_node);

}  // namespace plexus::trie
