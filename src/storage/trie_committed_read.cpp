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
  const auto load = [&](const Hash256& hash) -> Result<std::shared_ptr<const trie::Node>> {
    if (auto cached = cache.find(hash)) return cached;
    PLEXUS_TRY(trie::NodePtr loaded, trie::load_node(store, options.node_prefix, hash));
    std::shared_ptr<const trie::Node> node(std::move(loaded));
    cache.insert(hash, node);
    return node;
  };
  const Bytes path = trie::to_nibbles(options.secure_keys ? BytesView(keccak256(key).view()) : key);
  const auto root_stub = trie::make_hash_stub(root);
  return trie::lookup(root_stub.get(), path, load);
}

}  // namespace plexus
