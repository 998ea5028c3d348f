#include "storage/trie_node_cache.hpp"

namespace plexus::trie {

std::shared_ptr<const Node> NodeCache::find(const Hash256& hash) {
  std::lock_guard lock(mutex_);
  if (const auto it = current_.find(hash); it != current_.end()) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second.node;
  }
  const auto old = previous_.find(hash);
  if (old == previous_.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  // Still in use: carried over into the current generation.
  Entry entry = std::move(old->second);
  previous_.erase(old);
  previous_bytes_ -= entry.bytes;
  std::shared_ptr<const Node> node = entry.node;
  add_locked(hash, std::move(entry));
  return node;
}

void NodeCache::insert(const Hash256& hash, std::shared_ptr<const Node> node) {
  const std::size_t bytes = footprint(*node) + sizeof(Entry) + sizeof(Hash256);
  std::lock_guard lock(mutex_);
  if (current_.contains(hash)) return;  // another reader loaded it meanwhile
  add_locked(hash, Entry{.node = std::move(node), .bytes = bytes});
}

void NodeCache::add_locked(const Hash256& hash, Entry entry) {
  if (current_bytes_ + entry.bytes > half_budget_ && !current_.empty()) {
    previous_ = std::move(current_);
    previous_bytes_ = current_bytes_;
    current_ = Generation{};
    current_bytes_ = 0;
  }
  current_bytes_ += entry.bytes;
  current_.emplace(hash, std::move(entry));
}

NodeCache::Stats NodeCache::stats() const {
  std::lock_guard lock(mutex_);
  return Stats{.hits = hits_.load(std::memory_order_relaxed),
               .misses = misses_.load(std::memory_order_relaxed),
               .nodes = current_.size() + previous_.size(),
               .bytes = current_bytes_ + previous_bytes_};
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
