#pragma once
// Decoded trie nodes of committed tries, shared between reads at committed roots (reads at older
// blocks, eth_getProof-free lookups from RPC threads). A stored node is content-addressed: the
// bytes under a hash never change, so a cached node never goes stale and needs no invalidation.
// Only nodes that were checked against their hash are inserted, so a hit skips the store read, the
// hash check and the decoding.
//
// Memory is bounded with two generations: new nodes and hits go into the current one; when it
// outgrows half the budget, it becomes the previous one and the older previous one is dropped.
// A node used at least once per generation thus stays, whatever else passes through. Safe for
// concurrent use.
#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/bytes.hpp"
#include "storage/trie_node.hpp"

namespace plexus::trie {

class NodeCache {
 public:
  explicit NodeCache(std::size_t max_bytes) : half_budget_(max_bytes / 2) {}

  // The node stored under `hash`, or null when not cached.
  [[nodiscard]] std::shared_ptr<const Node> find(const Hash256& hash);
  void insert(const Hash256& hash, std::shared_ptr<const Node> node);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t nodes = 0;
    std::size_t bytes = 0;  // estimated heap use of the cached nodes
  };
  [[nodiscard]] Stats stats() const;

 private:
  struct Entry {
    std::shared_ptr<const Node> node;
    std::size_t bytes = 0;
  };
  using Generation = std::unordered_map<Hash256, Entry>;
  void add_locked(const Hash256& hash, Entry entry);

  const std::size_t half_budget_;
  mutable std::mutex mutex_;
  Generation current_;
  Generation previous_;
  std::size_t current_bytes_ = 0;
  std::size_t previous_bytes_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

// Estimated heap bytes of a decoded node with its embedded children and stubs.
[[nodiscard]] std::size_t footprint(const Node& node);

}  // namespace plexus::trie
