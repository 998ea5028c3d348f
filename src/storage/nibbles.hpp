#pragma once
// Nibble paths and the hex-prefix ("compact") encoding of Ethereum's Merkle Patricia trie
// (yellow paper, appendix C). Shared by the store-less root builder and the stored trie so both
// encode paths identically.
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::trie {

// One nibble (0..15) per element. A plain byte vector keeps slicing and comparison trivial.
using Nibbles = Bytes;
using NibblesView = BytesView;

// Splits each byte into its high then low nibble.
[[nodiscard]] Nibbles to_nibbles(BytesView key);
// Packs an even-length nibble path back into bytes; kInvalidArgument if the length is odd.
[[nodiscard]] Result<Bytes> from_nibbles(NibblesView path);

// Hex-prefix encoding: the flag nibble records leaf-vs-extension and odd length.
[[nodiscard]] Bytes compact_encode(NibblesView path, bool is_leaf);

struct CompactPath {
  Nibbles path;
  bool is_leaf = false;
};
// Strict: unknown flags and a non-zero padding nibble are kDecode errors.
[[nodiscard]] Result<CompactPath> compact_decode(BytesView encoded);

// Length of the common prefix of two nibble paths.
[[nodiscard]] std::size_t common_prefix(NibblesView a, NibblesView b) noexcept;

}  // namespace plexus::trie
