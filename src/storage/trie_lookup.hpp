#pragma once
// The one path walk of the trie, shared by Trie::get, Trie::prove and verify_proof: they differ
// only in where a hash reference is loaded from (the store, or a proof's node set) and in whether
// they record the nodes they pass.
#include <functional>
#include <memory>

#include "storage/kv.hpp"
#include "storage/trie_node.hpp"

namespace plexus::trie {

// Loads the node whose encoding hashes to the given hash. Shared and const: a loaded node may come
// from a cache that other readers use at the same time (trie_node_cache.hpp).
using NodeLoader = std::function<Result<std::shared_ptr<const Node>>(const Hash256&)>;
// Sees each node on the path, after any stub was loaded; `by_hash` is true when its parent
// refers to it by hash (always for the root), i.e. when a proof must contain it.
using NodeVisitor = std::function<void(const Node& node, bool by_hash)>;

// The value stored at `path` under `root` (null = empty trie), or nullopt when absent.
[[nodiscard]] Result<std::optional<Bytes>> lookup(const Node* root, NibblesView path,
                                                  const NodeLoader& load,
                                                  const NodeVisitor& visit = {});

// The stored node `prefix` ++ `hash` of `store`, checked against its hash and decoded.
[[nodiscard]] Result<NodePtr> load_node(const kv::ReadView& store, BytesView prefix,
                                        const Hash256& hash);

}  // namespace plexus::trie
