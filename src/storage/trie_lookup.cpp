#include "storage/trie_lookup.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::trie {

Result<std::optional<Bytes>> lookup(const Node* root, NibblesView path, const NodeLoader& load,
                                    const NodeVisitor& visit) {
  const Node* node = root;
  std::shared_ptr<const Node>
      loaded;  // owns the latest node loaded from a hash; `node` may point into it
  bool by_hash = true;
  while (node != nullptr) {
    if (node->kind == Node::Kind::kHash) {
      PLEXUS_TRY(std::shared_ptr<const Node> next, load(node->hash));
      loaded = std::move(next);  // `node` pointed into the previous tree: not used below
      node = loaded.get();
      by_hash = true;
    }
    if (visit) visit(*node, by_hash || encode(*node).size() >= 32);
    by_hash = false;
    switch (node->kind) {
      case Node::Kind::kLeaf:
        if (std::ranges::equal(path, node->path)) return std::optional<Bytes>{node->value};
        return std::optional<Bytes>{};
      case Node::Kind::kExtension:
        if (path.size() < node->path.size() ||
            !std::equal(node->path.begin(), node->path.end(), path.begin()))
          return std::optional<Bytes>{};
        path = path.subspan(node->path.size());
        node = node->child.get();
        break;
      case Node::Kind::kBranch:
        if (path.empty()) {
          if (node->value.empty()) return std::optional<Bytes>{};
          return std::optional<Bytes>{node->value};
        }
        node = node->children[path[0]].get();
        path = path.subspan(1);
        break;
      case Node::Kind::kHash:
        return fail(Errc::kCorruption, "trie: a loaded node is itself a hash reference");
    }
  }
  return std::optional<Bytes>{};
}

Result<NodePtr> load_node(const kv::ReadView& store, BytesView prefix, const Hash256& hash) {
  const Bytes key = concat(prefix, hash.view());
  PLEXUS_TRY(std::optional<Bytes> encoded, store.get(key));
  if (!encoded) return fail(Errc::kNotFound, "trie: node " + to_hex(hash) + " not in store");
  // Content addressing makes corruption detectable: the bytes must hash to their key.
  if (keccak256(*encoded) != hash)
    return fail(Errc::kCorruption, "trie: node " + to_hex(hash) + " does not match its hash");
  auto node = decode_node(*encoded);
  if (!node)
    return fail(Errc::kCorruption, "trie: node " + to_hex(hash) + ": " + node.error().message);
  return std::move(*node);
}

}  // namespace plexus::trie
