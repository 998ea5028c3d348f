#pragma once
// Decoded trie nodes of committed tries, shared between reads at committed roots (reads at older
// blocks, eth_getProof-free lookups from RPC threads). A stored node is content-addressed: the
// bytes under a hash never change, so a cached node never goes stale and needs no invalidation.
// Only nodes that were checked against their hash are inserted, so a hit skips the store read, the
// hash check and the decoding.
//
// Bounded by the nodes' estimated heap use (footprint below) in a GenerationalCache; safe for
// concurrent use.
#include <memory>

#include "core/bytes.hpp"
#include "storage/generational_cache.hpp"
#include "storage/trie_node.hpp"

namespace plexus::trie {

class NodeCache {
 public:
  explicit NodeCache(std::size_t max_bytes) : nodes_(max_bytes) {}

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
  GenerationalCache<Hash256, std::shared_ptr<const Node>> nodes_;
};

// Estimated heap bytes of a decoded node with its embedded children and stubs.
[[nodiscard]] std::size_t footprint(const Node& node);

}  // namespace plexus::trie
