#pragma once
// The one path walk of the trie, shared by Trie::get, Trie::prove and verify_proof: they differ
// only in where a hash reference is loaded from (the store, or a proof's node set) and in whether
// they record the nodes they pass.
#include <functional>

#include "storage/trie_node.hpp"

namespace plexus::trie {

// Loads the node whose encoding hashes to the given hash.
using NodeLoader = std::function<Result<NodePtr>(const Hash256&)>;
// Sees each node on the path, after any stub was loaded; `by_hash` is true when its parent
// refers to it by hash (always for the root), i.e. when a proof must contain it.
using NodeVisitor = std::function<void(const Node& node, bool by_hash)>;

// The value stored at `path` under `root` (null = empty trie), or nullopt when absent.
[[nodiscard]] Result<std::optional<Bytes>> lookup(const Node* root, NibblesView path,
                                                  const NodeLoader& load,
                                                  const NodeVisitor& visit = {});

}  // namespace plexus::trie
