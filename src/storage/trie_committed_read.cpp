// Reads at committed roots through the shared node cache (trie.hpp: get_committed).
#include "core/hash.hpp"
#include "storage/trie.hpp"
#include "storage/trie_lookup.hpp"
#include "storage/trie_node_cache.hpp"

namespace plexus {

Result<std::optional<Bytes>> get_committed(const kv::ReadView& store, const Hash256& root,
                                           BytesView key, const TrieOptions& options,
                                           trie::NodeCache& cache) {
  if (root == kEmptyTrieRoot) return std::optional<Bytes>{};
  // One capture, so that the loader fits std::function's inline storage: this runs per account
  // and slot a historical call reads, and a heap allocation there is a measurable share.
  const struct {
    const kv::ReadView& store;
    const Bytes& prefix;
    trie::NodeCache& cache;
  } from{store, options.node_prefix, cache};
  const trie::NodeLoader load =
      [&from](const Hash256& hash) -> Result<std::shared_ptr<const trie::Node>> {
    if (auto cached = from.cache.find(hash)) return cached;
    PLEXUS_TRY(trie::NodePtr loaded, trie::load_node(from.store, from.prefix, hash));
    std::shared_ptr<const trie::Node> node(std::move(loaded));
    from.cache.insert(hash, node);
    return node;
  };
  const Bytes path = trie::to_nibbles(options.secure_keys ? BytesView(keccak256(key).view()) : key);
  // The root is loaded here rather than through a stub node: a stub is one more allocation.
  PLEXUS_TRY(const auto root_node, load(root));
  return trie::lookup(root_node.get(), path, load);
}

}  // namespace plexus
