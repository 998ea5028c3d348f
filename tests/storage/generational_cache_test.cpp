// The bounded cache of values that never go stale: hits, a footprint within the budget while
// older entries age out, entries in use kept across generations, and values read at one root
// never served for another.
#include "storage/generational_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace plexus {
namespace {

Hash256 root_of(Byte tag) {
  Hash256 h;
  h[0] = 0x5a;
  h[31] = tag;
  return h;
}

Address address(std::uint32_t n) {
  Address a;
  for (int i = 0; i < 4; ++i) a[19 - i] = static_cast<Byte>(n >> (8 * i));
  return a;
}

using AccountCache = GenerationalCache<AtRoot<Address>, std::uint64_t, AtRootHash<20>>;

TEST(GenerationalCache, ServesWhatWasInsertedAndCountsHitsAndMisses) {
  AccountCache cache(1 << 20);
  const AtRoot<Address> at{.root = root_of(1), .key = address(7)};
  EXPECT_EQ(cache.find(at), std::nullopt);
  cache.insert(at, 77);
  EXPECT_EQ(cache.find(at), 77U);
  EXPECT_EQ(cache.find(at), 77U);
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 2U);
  EXPECT_EQ(stats.misses, 1U);
  EXPECT_EQ(stats.entries, 1U);
  EXPECT_GT(stats.bytes, 0U);
}

TEST(GenerationalCache, TheSameKeyAtAnotherRootIsAnotherEntry) {
  AccountCache cache(1 << 20);
  // Roots differing in their last byte only, and in their first only: the hash mixes both parts,
  // but equality alone decides, so neither ever answers for the other.
  Hash256 front = root_of(1);
  front[0] = 0x5b;
  const std::vector<Hash256> roots{root_of(1), root_of(2), front};
  for (std::size_t r = 0; r < roots.size(); ++r)
    cache.insert({.root = roots[r], .key = address(9)}, 100 + r);
  for (std::size_t r = 0; r < roots.size(); ++r)
    EXPECT_EQ(cache.find({.root = roots[r], .key = address(9)}), 100 + r);
  EXPECT_EQ(cache.find({.root = root_of(3), .key = address(9)}), std::nullopt);
  EXPECT_EQ(cache.find({.root = root_of(1), .key = address(10)}), std::nullopt);
}

// Every key hashes alike: the map's equality must still keep roots and keys apart.
struct CollidingHash {
  std::size_t operator()(const AtRoot<Address>&) const noexcept { return 42; }
};

TEST(GenerationalCache, CollidingHashesStillKeepRootsApart) {
  GenerationalCache<AtRoot<Address>, std::uint64_t, CollidingHash> cache(1 << 20);
  for (Byte r = 1; r <= 4; ++r)
    for (std::uint32_t k = 0; k < 4; ++k)
      cache.insert({.root = root_of(r), .key = address(k)}, r * 10 + k);
  for (Byte r = 1; r <= 4; ++r)
    for (std::uint32_t k = 0; k < 4; ++k)
      EXPECT_EQ(cache.find({.root = root_of(r), .key = address(k)}), r * 10U + k);
}

TEST(GenerationalCache, StaysWithinItsBudgetAndKeepsWhatIsStillRead) {
  constexpr std::size_t kBudget = 16 << 10;
  AccountCache cache(kBudget);
  const AtRoot<Address> hot{.root = root_of(1), .key = address(0)};
  cache.insert(hot, 1);
  for (std::uint32_t i = 1; i < 5'000; ++i) {
    cache.insert({.root = root_of(2), .key = address(i)}, i);
    ASSERT_EQ(cache.find(hot), 1U) << "read once per generation, it is carried over";
    ASSERT_LE(cache.stats().bytes, kBudget);
  }
  const CacheStats stats = cache.stats();
  EXPECT_LT(stats.entries, 1'000U) << "older entries were dropped";
  EXPECT_EQ(cache.find({.root = root_of(2), .key = address(1)}), std::nullopt)
      << "the first cold entry aged out";
  EXPECT_EQ(cache.find({.root = root_of(2), .key = address(4'999)}), 4'999U);
}

TEST(GenerationalCache, HeapBytesCountTowardsTheBudget) {
  constexpr std::size_t kBudget = 64 << 10;
  GenerationalCache<Hash256, int> cache(kBudget);
  for (Byte i = 0; i < 8; ++i) cache.insert(root_of(i), i, 10 << 10);
  EXPECT_LE(cache.stats().bytes, kBudget);
  EXPECT_LT(cache.stats().entries, 8U);
}

TEST(GenerationalCache, ConcurrentReadersAndWritersSeeOnlyTheirRootsValues) {
  AccountCache cache(8 << 10);  // small: generations turn over while the threads run
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (std::uint32_t i = 0; i < 20'000; ++i) {
        const AtRoot<Address> at{.root = root_of(static_cast<Byte>(i % 8)), .key = address(i % 97)};
        const std::uint64_t value = (i % 8) * 1'000 + i % 97;
        if (const auto found = cache.find(at)) {
          if (*found != value) ++wrong;
        } else {
          cache.insert(at, value);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.stats().bytes, std::size_t{8} << 10);
}

}  // namespace
}  // namespace plexus
