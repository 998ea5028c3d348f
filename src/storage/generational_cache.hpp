#pragma once
// A bounded map shared between threads, for values that never go stale because their key names
// them for good: a trie node under its hash, or what a committed trie holds under a key (the key
// with the trie's root, AtRoot below). Nothing is ever invalidated; entries only age out.
//
// Memory is bounded with two generations: new entries and hits go into the current one; when it
// would outgrow half the budget, it becomes the previous one and the older previous one is
// dropped. An entry used at least once per generation thus stays, whatever else passes through.
// Every method takes one mutex, lookups too: a hit in the previous generation moves the entry.
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/bytes.hpp"

namespace plexus {

struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::size_t entries = 0;
  std::size_t bytes = 0;  // estimated heap use of the cached entries
};

template <typename Key, typename Value, typename Hasher = std::hash<Key>>
class GenerationalCache {
 public:
  explicit GenerationalCache(std::size_t max_bytes) : half_budget_(max_bytes / 2) {}

  // The value cached under `key`, or nullopt.
  [[nodiscard]] std::optional<Value> find(const Key& key) {
    std::lock_guard lock(mutex_);
    if (const auto it = current_.find(key); it != current_.end()) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.value;
    }
    const auto old = previous_.find(key);
    if (old == previous_.end()) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    // Still in use: carried over into the current generation.
    Entry entry = std::move(old->second);
    previous_.erase(old);
    previous_bytes_ -= entry.bytes;
    std::optional<Value> value = entry.value;
    add_locked(key, std::move(entry));
    return value;
  }

  // Caches `value` under `key`; `heap_bytes` is what the value holds on the heap beyond itself.
  // A key already cached keeps its value (it can only be the same one).
  void insert(const Key& key, Value value, std::size_t heap_bytes = 0) {
    const std::size_t bytes = heap_bytes + kEntryOverhead;
    std::lock_guard lock(mutex_);
    if (current_.contains(key)) return;  // another reader cached it meanwhile
    add_locked(key, Entry{.value = std::move(value), .bytes = bytes});
  }

  [[nodiscard]] CacheStats stats() const {
    std::lock_guard lock(mutex_);
    return CacheStats{.hits = hits_.load(std::memory_order_relaxed),
                      .misses = misses_.load(std::memory_order_relaxed),
                      .entries = current_.size() + previous_.size(),
                      .bytes = current_bytes_ + previous_bytes_};
  }

 private:
  struct Entry {
    Value value;
    std::size_t bytes = 0;
  };
  using Generation = std::unordered_map<Key, Entry, Hasher>;
  // A map node (the pair, the next pointer, the cached hash) and its bucket pointer.
  static constexpr std::size_t kEntryOverhead =
      sizeof(typename Generation::value_type) + 3 * sizeof(void*);

  void add_locked(const Key& key, Entry entry) {
    if (current_bytes_ + entry.bytes > half_budget_ && !current_.empty()) {
      previous_ = std::move(current_);
      previous_bytes_ = current_bytes_;
      current_ = Generation{};
      current_bytes_ = 0;
    }
    current_bytes_ += entry.bytes;
    current_.emplace(key, std::move(entry));
  }

  const std::size_t half_budget_;
  mutable std::mutex mutex_;
  Generation current_;
  Generation previous_;
  std::size_t current_bytes_ = 0;
  std::size_t previous_bytes_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

// A key of a committed trie together with the root it is read at. A root names its trie's whole
// content, so the value under (root, key) never changes, and two roots never share an entry: both
// are compared in full.
template <typename Key>
struct AtRoot {
  Hash256 root;
  Key key;
  bool operator==(const AtRoot&) const = default;
};

// Roots are hashes, so their first bytes are spread already; keys (addresses, slot numbers) may
// be mostly zeros at the front, so their last bytes are mixed in.
template <std::size_t N>
struct AtRootHash {
  std::size_t operator()(const AtRoot<FixedBytes<N>>& k) const noexcept {
    static_assert(N >= sizeof(std::uint64_t));
    std::uint64_t root = 0;
    std::uint64_t key = 0;
    std::memcpy(&root, k.root.data(), sizeof(root));
    std::memcpy(&key, k.key.data() + N - sizeof(key), sizeof(key));
    return static_cast<std::size_t>(root ^ std::rotl(key * 0x9E3779B97F4A7C15ULL, 29));
  }
};

}  // namespace plexus
