// trie_root()/secure_trie_root() against ethereum/tests TrieTests and hand-checked edge cases.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "storage/key_order.hpp"
#include "storage/trie_root.hpp"
#include "testdata.hpp"
#include "trie_vectors.hpp"

namespace plexus {
namespace {

// Replays the in-order operations (null = delete) into the final key set.
std::vector<std::pair<Bytes, Bytes>> final_entries(const testing::TrieVector& v) {
  std::map<Bytes, Bytes, KeyLess> state;
  for (const auto& [key, value] : v.ops) {
    if (value) {
      state[key] = *value;
    } else {
      state.erase(key);
    }
  }
  return {state.begin(), state.end()};
}

TEST(TrieRootConformance, EthereumTrieTests) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/trie_tests");
  int passed = 0, failed = 0;
  for (const auto& v : testing::load_trie_vectors(dir)) {
    auto entries = final_entries(v);
    const Hash256 got = v.secure ? secure_trie_root(entries) : trie_root(entries);
    if (got == v.root) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << v.id << ": got " << to_hex(got) << " want " << to_hex(v.root);
    }
  }
  std::printf("trie_tests: %d passed, %d failed\n", passed, failed);
  EXPECT_EQ(passed, 25);
}

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
