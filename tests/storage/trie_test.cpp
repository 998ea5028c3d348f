// The stored Trie against the store-less trie_root() under random workloads, plus commit,
// reopen and error behaviour.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/hash.hpp"
#include "storage/key_order.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"
#include "storage/trie_root.hpp"

namespace plexus {
namespace {

using Model = std::map<Bytes, Bytes, KeyLess>;

Bytes b(std::string_view s) { return to_bytes(as_bytes(s)); }

// prefix ++ decimal(i), built piecewise: GCC 12 warns falsely (-Wrestrict) on "k" + to_string(i).
Bytes numbered(std::string_view prefix, int i) {
  Bytes out = b(prefix);
  const std::string digits = std::to_string(i);
  out.insert(out.end(), digits.begin(), digits.end());
  return out;
}

// Short keys over a tiny alphabet, so keys often share prefixes or are prefixes of each other:
// that exercises every split and merge of leaves, extensions and branches.
Bytes random_key(std::mt19937& rng) {
  Bytes key(std::uniform_int_distribution<int>(0, 4)(rng));
  for (Byte& c : key) c = static_cast<Byte>(std::uniform_int_distribution<int>(0, 3)(rng) * 0x11);
  return key;
}

Bytes random_value(std::mt19937& rng) {
  // Both short values (embedded nodes) and long ones (hashed nodes).
  Bytes v(std::uniform_int_distribution<int>(1, 40)(rng));
  for (Byte& c : v) c = static_cast<Byte>(rng());
  return v;
}

// Commits keys k0..k49 (values long enough to be hashed nodes) and returns the root.
Hash256 commit_numbered(kv::MemoryStore& store) {
  Trie trie(store);
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(trie.put(numbered("k", i), Bytes(40, 1)));
  return trie.commit(store).value();
}

Hash256 model_root(const Model& m) { return trie_root({m.begin(), m.end()}); }

void expect_same_content(const Trie& trie, const Model& model, std::mt19937& rng) {
  for (const auto& [k, v] : model) EXPECT_EQ(trie.get(k).value(), v);
  for (int i = 0; i < 20; ++i) {
    const Bytes k = random_key(rng);
    if (!model.contains(k)) {
      EXPECT_FALSE(trie.get(k).value().has_value());
    }
  }
}

TEST(Trie, RandomInsertEraseMatchesTrieRootThroughCommitsAndReopens) {
  std::mt19937 rng(7);
  kv::MemoryStore store;
  for (int round = 0; round < 20; ++round) {
    Trie trie(store);
    Model model;
    for (int step = 0; step < 300; ++step) {
      const Bytes key = random_key(rng);
      if (rng() % 3 == 0) {
        ASSERT_TRUE(trie.erase(key));
        model.erase(key);
      } else {
        const Bytes value = random_value(rng);
        ASSERT_TRUE(trie.put(key, value));
        model[key] = value;
      }
      ASSERT_EQ(trie.root_hash(), model_root(model)) << "round " << round << " step " << step;
      if (step % 50 == 49) {
        // Reopen from the store: later operations must work on lazily loaded nodes.
        const auto root = trie.commit(store);
        ASSERT_TRUE(root.has_value());
        auto reopened = Trie::open(store, *root);
        ASSERT_TRUE(reopened.has_value()) << reopened.error().to_string();
        trie = std::move(*reopened);
        EXPECT_EQ(trie.root_hash(), *root);
        expect_same_content(trie, model, rng);
      }
    }
  }
}

// 150 random entries, in memory and reopened from the store (whose nodes load lazily).
class TrieWalk : public ::testing::Test {
 protected:
  TrieWalk() {
    for (int i = 0; i < 150; ++i) {
      const Bytes key = random_key(rng);
      const Bytes value = random_value(rng);
      EXPECT_TRUE(trie.put(key, value));
      model[key] = value;
    }
    reopened = Trie::open(store, trie.commit(store).value()).value();
  }

  std::mt19937 rng{5};
  kv::MemoryStore store;
  Trie trie{store};
  Model model;
  Trie reopened{store};
};

TEST_F(TrieWalk, NextAndPrevFollowByteOrder) {
  // Half the checks on the reopened trie.
  for (int probe = 0; probe < 300; ++probe) {
    const Trie& t = probe % 2 ? trie : reopened;
    const Bytes key = random_key(rng);
    const auto next = t.next(key).value();
    const auto after = model.upper_bound(key);
    if (after == model.end()) {
      EXPECT_FALSE(next.has_value());
    } else {
      EXPECT_EQ(next, (TrieEntry{after->first, after->second}));
    }
    const auto prev = t.prev(key).value();
    const auto before = model.lower_bound(key);
    if (before == model.begin()) {
      EXPECT_FALSE(prev.has_value());
    } else {
      EXPECT_EQ(prev, (TrieEntry{std::prev(before)->first, std::prev(before)->second}));
    }
  }
}

TEST_F(TrieWalk, ForEachVisitsEveryEntryInOrder) {
  for (const Trie* t : {&trie, &reopened}) {
    std::vector<std::pair<Bytes, Bytes>> seen;
    ASSERT_TRUE(t->for_each([&](BytesView key, BytesView value) -> Result<void> {
      seen.emplace_back(to_bytes(key), to_bytes(value));
      return {};
    }));
    EXPECT_EQ(seen, (std::vector<std::pair<Bytes, Bytes>>(model.begin(), model.end())));
  }
  // The visitor's error ends the walk and is returned.
  int calls = 0;
  const auto stopped = reopened.for_each([&](BytesView, BytesView) -> Result<void> {
    if (++calls == 3) return fail(Errc::kCorruption, "stop");
    return {};
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "stop");
  EXPECT_EQ(calls, 3);
  // A missing node is an error, not a shorter walk.
  kv::MemoryStore damaged;
  bool dropped = false;
  for (auto c = store.scan({}); c->valid(); c->next()) {
    if (!dropped && to_bytes(c->key()) != to_bytes(trie.root_hash().view())) {
      dropped = true;
      continue;
    }
    ASSERT_TRUE(damaged.put(c->key(), c->value()));
  }
  ASSERT_TRUE(dropped);
  const auto broken = Trie::open(damaged, trie.root_hash()).value().for_each(
      [](BytesView, BytesView) -> Result<void> { return {}; });
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, Errc::kNotFound);
}

TEST(Trie, SecureKeysMatchSecureTrieRoot) {
  std::mt19937 rng(11);
  kv::MemoryStore store;
  Trie trie(store, {.node_prefix = {}, .secure_keys = true});
  std::vector<std::pair<Bytes, Bytes>> entries;
  for (int i = 0; i < 200; ++i) {
    Bytes key(20);
    for (Byte& c : key) c = static_cast<Byte>(rng());
    const Bytes value = random_value(rng);
    ASSERT_TRUE(trie.put(key, value));
    entries.emplace_back(key, value);
  }
  EXPECT_EQ(trie.root_hash(), secure_trie_root(entries));
  EXPECT_EQ(trie.get(entries[5].first).value(), entries[5].second);
}

TEST(Trie, HashingOnTwoThreadsGivesTheSameRootAndNodes) {
  std::mt19937 rng(12);
  kv::MemoryStore one;
  kv::MemoryStore two;
  Trie serial(one, {.node_prefix = {}, .secure_keys = true});
  Trie parallel(two, {.node_prefix = {}, .secure_keys = true});
  std::vector<std::pair<Bytes, Bytes>> entries;
  for (int round = 0; round < 3; ++round) {  // later rounds change a committed trie
    for (int i = 0; i < 300; ++i) {
      Bytes key(20);
      for (Byte& c : key) c = static_cast<Byte>(rng());
      const Bytes value = random_value(rng);
      ASSERT_TRUE(serial.put(key, value));
      ASSERT_TRUE(parallel.put(key, value));
      entries.emplace_back(key, value);
    }
    parallel.hash_on_two_threads();
    EXPECT_EQ(parallel.root_hash(), secure_trie_root(entries));
    kv::WriteBatch serial_batch;
    kv::WriteBatch parallel_batch;
    EXPECT_EQ(serial.stage(serial_batch), parallel.stage(parallel_batch));
    EXPECT_EQ(serial_batch.ops().size(), parallel_batch.ops().size());
    ASSERT_TRUE(one.write(serial_batch, kv::Durability::kSync));
    ASSERT_TRUE(two.write(parallel_batch, kv::Durability::kSync));
    serial.mark_committed();
    parallel.mark_committed();
  }
}

TEST(Trie, EmptyTrieAndEmptyValue) {
  kv::MemoryStore store;
  Trie trie(store);
  EXPECT_EQ(trie.root_hash(), kEmptyTrieRoot);
  ASSERT_TRUE(trie.put(b("k"), b("v")));
  ASSERT_TRUE(trie.put(b("k"), {}));  // an empty value erases
  EXPECT_TRUE(trie.empty());
  EXPECT_EQ(trie.root_hash(), kEmptyTrieRoot);
  EXPECT_EQ(trie.commit(store).value(), kEmptyTrieRoot);
  EXPECT_TRUE(Trie::open(store, kEmptyTrieRoot).has_value());
}

TEST(Trie, CommitWritesOnlyNewNodesUnderThePrefix) {
  kv::MemoryStore store;
  Trie trie(store, {.node_prefix = b("t/"), .secure_keys = false});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(trie.put(numbered("key", i), b("value")));
  kv::WriteBatch first;
  (void)trie.stage(first);
  EXPECT_GT(first.size(), 5u);
  for (const auto& op : first.ops()) EXPECT_EQ(op.key[0], 't');
  ASSERT_TRUE(trie.commit(store));
  kv::WriteBatch again;
  (void)trie.stage(again);
  EXPECT_EQ(again.size(), 1u);  // only the root is rewritten
  // Old roots stay readable: nodes are never overwritten or pruned.
  const Hash256 old_root = trie.root_hash();
  ASSERT_TRUE(trie.erase(b("key7")));
  ASSERT_TRUE(trie.commit(store));
  auto old = Trie::open(store, old_root, {.node_prefix = b("t/"), .secure_keys = false});
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->get(b("key7")).value(), b("value"));
}

TEST(Trie, ReleasedNodesAreReloadedFromTheStore) {
  kv::MemoryStore store;
  Trie trie(store);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(trie.put(numbered("k", i), Bytes(40, 2)));
  const Hash256 root = trie.commit(store).value();
  // Empty the store: reads that still work come from memory, the others must reload.
  kv::WriteBatch wipe;
  for (auto c = store.scan({}); c->valid(); c->next()) wipe.erase(c->key());
  ASSERT_TRUE(store.write(wipe, kv::Durability::kBuffered));
  EXPECT_EQ(trie.get(numbered("k", 5)).value(), Bytes(40, 2));
  trie.release_committed();
  EXPECT_EQ(trie.root_hash(), root);
  EXPECT_EQ(trie.get(numbered("k", 5)).error().code, Errc::kNotFound);
}

TEST(Trie, UnknownRootIsNotFound) {
  kv::MemoryStore store;
  auto t = Trie::open(store, keccak256(b("nothing")));
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, Errc::kNotFound);
}

TEST(Trie, CorruptNodeIsDetected) {
  kv::MemoryStore store;
  const Hash256 root = commit_numbered(store);
  ASSERT_TRUE(store.put(root.view(), b("garbage")));
  auto t = Trie::open(store, root);
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, Errc::kCorruption);
}

TEST(Trie, FailedLoadLeavesTrieUnchanged) {
  kv::MemoryStore full;
  const Hash256 root = commit_numbered(full);
  // A store holding only the root node: every deeper load fails.
  kv::MemoryStore partial;
  ASSERT_TRUE(partial.put(root.view(), full.get(root.view()).value().value()));
  auto t = Trie::open(partial, root);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->erase(b("k3")).error().code, Errc::kNotFound);
  EXPECT_EQ(t->put(b("k3"), b("x")).error().code, Errc::kNotFound);
  EXPECT_EQ(t->get(b("k3")).error().code, Errc::kNotFound);
  EXPECT_EQ(t->root_hash(), root);
}

}  // namespace
}  // namespace plexus
