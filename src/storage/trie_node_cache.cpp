#include "storage/trie_node_cache.hpp"

namespace plexus::trie {

std::shared_ptr<const Node> NodeCache::find(const Hash256& hash) {
  return nodes_.find(hash).value_or(nullptr);
}

void NodeCache::insert(const Hash256& hash, std::shared_ptr<const Node> node) {
  const std::size_t bytes = footprint(*node);
  nodes_.insert(hash, std::move(node), bytes);
}

NodeCache::Stats NodeCache::stats() const {
  const CacheStats s = nodes_.stats();
  return Stats{.hits = s.hits, .misses = s.misses, .nodes = s.entries, .bytes = s.bytes};
}

std::size_t footprint(const Node& node) {
  std::size_t bytes = sizeof(Node) + node.path.capacity() + node.value.capacity();
  if (node.encoded) bytes += node.encoded->capacity();
  if (node.child) bytes += footprint(*node.child);
  for (const auto& child : node.children)
    if (child) bytes += footprint(*child);
  return bytes;
}

}  // namespace plexus::trie
