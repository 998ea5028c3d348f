// trie_root()/secure_trie_root() edge cases (the TrieTests vectors are in
// trie_conformance_test.cpp).
#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "storage/trie_root.hpp"

namespace plexus {
namespace {

TEST(TrieRoot, EmptySetIsEmptyRoot) {
  EXPECT_EQ(trie_root({}), kEmptyTrieRoot);
  EXPECT_EQ(secure_trie_root({}), kEmptyTrieRoot);
  // Empty values are absent keys.
  EXPECT_EQ(trie_root({{to_bytes(as_bytes("a")), {}}}), kEmptyTrieRoot);
}

TEST(TrieRoot, OrderIndependentAndLastDuplicateWins) {
  const Bytes a = to_bytes(as_bytes("dog")), b = to_bytes(as_bytes("doge"));
  const Bytes x = to_bytes(as_bytes("puppy")), y = to_bytes(as_bytes("coin"));
  EXPECT_EQ(trie_root({{a, x}, {b, y}}), trie_root({{b, y}, {a, x}}));
  EXPECT_EQ(trie_root({{a, y}, {b, y}, {a, x}}), trie_root({{a, x}, {b, y}}));
  EXPECT_NE(trie_root({{a, x}, {b, y}}), trie_root({{a, y}, {b, x}}));
}

TEST(TrieRoot, SingleShortLeafIsHashedAtTheRoot) {
  // The root node is always hashed, even when its encoding is under 32 bytes.
  // Key "a" is nibbles 6,1: an even leaf path encodes as 20 61, so the node is
  // list(82 20 61, 82 61 62) = c6 82 20 61 82 61 62.
  const Bytes node = hex_or_throw("0xc6822061826162");
  EXPECT_EQ(trie_root({{to_bytes(as_bytes("a")), to_bytes(as_bytes("ab"))}}), keccak256(node));
}

}  // namespace
}  // namespace plexus
