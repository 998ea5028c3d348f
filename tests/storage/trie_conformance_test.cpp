// ethereum/tests TrieTests, all 26 cases: each of the 25 root vectors must come out of both the
// store-less trie_root() and the stored Trie (operations applied in order, null = delete, then
// committed and reopened), and the next/prev case must answer every probe.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "storage/key_order.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"
#include "storage/trie_root.hpp"
#include "testdata.hpp"
#include "trie_vectors.hpp"

namespace plexus {
namespace {

// trie_root() over the final key set; empty string when it matches, else the problem.
std::string check_trie_root(const testing::TrieVector& v) {
  std::map<Bytes, Bytes, KeyLess> state;
  for (const auto& [key, value] : v.ops) {
    if (value) {
      state[key] = *value;
    } else {
      state.erase(key);
    }
  }
  std::vector<std::pair<Bytes, Bytes>> entries(state.begin(), state.end());
  const Hash256 got = v.secure ? secure_trie_root(entries) : trie_root(entries);
  return got == v.root ? "" : "trie_root() gave " + to_hex(got);
}

std::string check_stored_trie(const testing::TrieVector& v) {
  kv::MemoryStore store;
  const TrieOptions options{.node_prefix = {}, .secure_keys = v.secure};
  Trie trie(store, options);
  for (const auto& [key, value] : v.ops) {
    const auto r = value ? trie.put(key, *value) : trie.erase(key);
    if (!r) return r.error().to_string();
  }
  if (trie.root_hash() != v.root) return "Trie gave " + to_hex(trie.root_hash());
  auto committed = trie.commit(store);
  if (!committed || *committed != v.root) return "commit failed or changed the root";
  auto reopened = Trie::open(store, v.root, options);
  if (!reopened) return reopened.error().to_string();
  for (const auto& [key, value] : v.ops) {
    const auto now = trie.get(key);
    const auto again = reopened->get(key);
    if (!now || !again || *now != *again) return "reopened trie reads differently";
  }
  return {};
}

// trietestnextprev.json: for each probe key, the previous and next keys present ("" = none).
std::string check_next_prev(const nlohmann::json& test) {
  kv::MemoryStore store;
  Trie trie(store);
  for (const auto& key : test.at("in")) {
    if (!trie.put(testing::trie_test_bytes(key.get<std::string>()), as_bytes("x")))
      return "put failed";
  }
  const auto key_or_empty = [](const Result<std::optional<TrieEntry>>& r) {
    return r && *r ? (*r)->key : Bytes{};
  };
  for (const auto& probe : test.at("tests")) {
    const Bytes key = testing::trie_test_bytes(probe.at(0).get<std::string>());
    if (key_or_empty(trie.prev(key)) != testing::trie_test_bytes(probe.at(1).get<std::string>()) ||
        key_or_empty(trie.next(key)) != testing::trie_test_bytes(probe.at(2).get<std::string>()))
      return "probe " + probe.dump();
  }
  return {};
}

TEST(TrieConformance, EthereumTrieTests) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/trie_tests");
  int passed = 0, failed = 0;
  const auto record = [&](const std::string& id, const std::string& problem) {
    if (problem.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << id << ": " << problem;
    }
  };
  for (const auto& v : testing::load_trie_vectors(dir)) {
    std::string problem = check_trie_root(v);
    if (problem.empty()) problem = check_stored_trie(v);
    record(v.id, problem);
  }
  const auto nextprev = nlohmann::json::parse(testing::read_file(dir / "trietestnextprev.json"));
  for (const auto& [name, test] : nextprev.items())
    record("trietestnextprev.json / " + name, check_next_prev(test));
  std::printf("trie_tests: %d passed, %d failed\n", passed, failed);
  EXPECT_EQ(passed, 26);
}

}  // namespace
}  // namespace plexus
