// The stored Trie against ethereum/tests TrieTests: operations applied in order (null = delete),
// checked before and after a commit and reopen.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/hex.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"
#include "testdata.hpp"
#include "trie_vectors.hpp"

namespace plexus {
namespace {

// Empty string when the vector passes, else what went wrong.
std::string run_vector(const testing::TrieVector& v) {
  kv::MemoryStore store;
  Trie trie(store, {.node_prefix = {}, .secure_keys = v.secure});
  for (const auto& [key, value] : v.ops) {
    const auto r = value ? trie.put(key, *value) : trie.erase(key);
    if (!r) return r.error().to_string();
  }
  if (trie.root_hash() != v.root) return "root " + to_hex(trie.root_hash());
  auto committed = trie.commit(store);
  if (!committed || *committed != v.root) return "commit";
  auto reopened = Trie::open(store, v.root, {.node_prefix = {}, .secure_keys = v.secure});
  if (!reopened) return reopened.error().to_string();
  for (const auto& [key, value] : v.ops) {
    const auto now = trie.get(key);
    const auto again = reopened->get(key);
    if (!now || !again || *now != *again) return "reopened trie reads differently";
  }
  return {};
}

TEST(TrieConformance, StoredTrieMatchesTrieTests) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/trie_tests");
  int passed = 0, failed = 0;
  for (const auto& v : testing::load_trie_vectors(dir)) {
    if (const std::string problem = run_vector(v); problem.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << v.id << ": " << problem;
    }
  }
  std::printf("trie_tests (stored Trie): %d passed, %d failed\n", passed, failed);
  EXPECT_EQ(passed, 25);
}

}  // namespace
}  // namespace plexus
