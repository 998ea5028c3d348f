#include "storage/trie_lookup.hpp"

#include <algorithm>

namespace plexus::trie {

Result<std::optional<Bytes>> lookup(const Node* root, NibblesView path, const NodeLoader& load,
                                    const NodeVisitor& visit) {
  const Node* node = root;
  NodePtr loaded;  // owns the latest node loaded from a hash; `node` may point into it
  bool by_hash = true;
  while (node != nullptr) {
    if (node->kind == Node::Kind::kHash) {
      PLEXUS_TRY(NodePtr next, load(node->hash));
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

}  // namespace plexus::trie
