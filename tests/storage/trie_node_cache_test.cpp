// Reads at committed roots through the shared node cache: the same answers as Trie::get at every
// root, nodes served from the cache once read, a bounded footprint, and damaged nodes refused
// rather than cached.
#include <gtest/gtest.h>

#include <thread>

#include "core/hash.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"
#include "storage/trie_node_cache.hpp"

namespace plexus {
namespace {

Bytes key_of(int i) {
  const std::string s = "key " + std::to_string(i);
  return to_bytes(as_bytes(s));
}

Bytes value_of(int i, int version) {
  Bytes out(40, static_cast<Byte>(version));
  out[0] = static_cast<Byte>(i);
  return out;
}

const TrieOptions kOptions{.node_prefix = Bytes{'n'}, .secure_keys = true};

// Three committed versions of 300 keys: every key rewritten in each.
struct Versions {
  kv::MemoryStore store;
  std::vector<Hash256> roots;
  Versions() {
    Trie trie(store, kOptions);
    for (int version = 1; version <= 3; ++version) {
      for (int i = 0; i < 300; ++i) EXPECT_TRUE(trie.put(key_of(i), value_of(i, version)));
      roots.push_back(trie.commit(store).value());
    }
  }
};

TEST(TrieNodeCache, CommittedReadsMatchTheTrieAtEveryRootAndHitOnceRead) {
  Versions v;
  trie::NodeCache cache(std::size_t{16} << 20);
  std::uint64_t misses_in_first_pass = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t r = 0; r < v.roots.size(); ++r) {
      const Trie trie = Trie::open(v.store, v.roots[r], kOptions).value();
      for (int i = 0; i < 300; i += 7) {
        const auto cached = get_committed(v.store, v.roots[r], key_of(i), kOptions, cache);
        ASSERT_TRUE(cached);
        EXPECT_EQ(*cached, trie.get(key_of(i)).value());
        EXPECT_EQ(*cached, value_of(i, static_cast<int>(r) + 1));
      }
      EXPECT_EQ(get_committed(v.store, v.roots[r], key_of(1000), kOptions, cache).value(),
                std::nullopt);
    }
    const auto stats = cache.stats();
    EXPECT_EQ(stats.misses, stats.nodes) << "each node read once, then cached";
    if (pass == 0) {
      misses_in_first_pass = stats.misses;
      EXPECT_GT(stats.hits, 0U) << "the roots' upper nodes are shared by the keys";
    } else {
      EXPECT_EQ(stats.misses, misses_in_first_pass) << "the second pass walked cached nodes";
    }
  }
  EXPECT_EQ(get_committed(v.store, kEmptyTrieRoot, key_of(1), kOptions, cache).value(),
            std::nullopt);
}

TEST(TrieNodeCache, FootprintStaysWithinTheBudget) {
  Versions v;
  constexpr std::size_t kBudget = 64 << 10;
  trie::NodeCache cache(kBudget);
  for (const Hash256& root : v.roots)
    for (int i = 0; i < 300; ++i)
      ASSERT_TRUE(get_committed(v.store, root, key_of(i), kOptions, cache));
  const auto stats = cache.stats();
  EXPECT_LE(stats.bytes, kBudget);
  EXPECT_GT(stats.nodes, 0U);
  EXPECT_GT(stats.misses, stats.nodes) << "some nodes were dropped and read again";
}

TEST(TrieNodeCache, ADamagedOrMissingNodeIsAnErrorAndNotCached) {
  Versions v;
  kv::MemoryStore damaged;
  for (auto c = v.store.scan({}); c->valid(); c->next()) {
    Bytes value = to_bytes(c->value());
    if (to_bytes(c->key()) == concat(kOptions.node_prefix, v.roots[0].view())) value[1] ^= 1;
    ASSERT_TRUE(damaged.put(c->key(), value));
  }
  trie::NodeCache cache(std::size_t{1} << 20);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto read = get_committed(damaged, v.roots[0], key_of(1), kOptions, cache);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::kCorruption);
  }
  EXPECT_EQ(cache.stats().nodes, 0U);
  Hash256 unknown;
  unknown[0] = 1;
  const auto missing = get_committed(damaged, unknown, key_of(1), kOptions, cache);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST(TrieNodeCache, ConcurrentReadersShareOneCache) {
  Versions v;
  trie::NodeCache cache(std::size_t{32} << 10);  // small: generations turn over while reading
  std::vector<std::thread> readers;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round)
        for (int i = t; i < 300; i += 4) {
          const std::size_t r = static_cast<std::size_t>(i + round) % v.roots.size();
          const auto read = get_committed(v.store, v.roots[r], key_of(i), kOptions, cache);
          if (!read || *read != value_of(i, static_cast<int>(r) + 1)) ++wrong;
        }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace plexus
