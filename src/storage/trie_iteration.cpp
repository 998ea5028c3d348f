// Ordered iteration over the trie. In nibble order a node's own value (a key ending here) sorts
// before every key below it, and children sort by nibble, so an in-order walk visits keys in
// byte-wise order. next/prev descend along the sought key and then take the nearest edge.
#include "storage/key_order.hpp"
#include "storage/trie.hpp"
#include "storage/trie_lookup.hpp"
#include "storage/trie_node.hpp"

namespace plexus {

namespace {

using trie::Nibbles;
using trie::NibblesView;
using trie::Node;
using Found = std::optional<TrieEntry>;

class Seeker {
 public:
  Seeker(const trie::NodeLoader& load, bool forward) : load_(load), forward_(forward) {}

  // The first entry beyond `rest` (in the walk direction) below `node`, whose path is `acc`.
  Result<Found> seek(const Node* node, const Nibbles& acc, NibblesView rest) const {
    std::shared_ptr<const Node> holder;
    PLEXUS_TRY(node, resolve(node, holder));
    if (!node) return Found{};
    switch (node->kind) {
      case Node::Kind::kLeaf:
        if (beyond(compare_keys(node->path, rest))) return entry(join(acc, node->path), *node);
        return Found{};
      case Node::Kind::kExtension: {
        const std::size_t n = node->path.size();
        const Nibbles below = join(acc, node->path);
        if (rest.size() >= n && std::equal(node->path.begin(), node->path.end(), rest.begin()))
          return seek(node->child.get(), below, rest.subspan(n));
        if (beyond(compare_keys(node->path, rest))) return edge(node->child.get(), below);
        return Found{};
      }
      case Node::Kind::kBranch:
        return seek_branch(*node, acc, rest);
      case Node::Kind::kHash:
        break;
    }
    return fail(Errc::kInternal, "trie: unresolved node in seek");
  }

  // The first entry below `node` in the walk direction (leftmost forwards, rightmost backwards).
  Result<Found> edge(const Node* node, const Nibbles& acc) const {
    std::shared_ptr<const Node> holder;
    PLEXUS_TRY(node, resolve(node, holder));
    if (!node) return Found{};
    switch (node->kind) {
      case Node::Kind::kLeaf:
        return entry(join(acc, node->path), *node);
      case Node::Kind::kExtension:
        return edge(node->child.get(), join(acc, node->path));
      case Node::Kind::kBranch:
        if (forward_ && !node->value.empty()) return entry(acc, *node);
        return children_from(*node, acc, forward_ ? 0 : 15);
      case Node::Kind::kHash:
        break;
    }
    return fail(Errc::kInternal, "trie: unresolved node in edge");
  }

 private:
  Result<Found> seek_branch(const Node& node, const Nibbles& acc, NibblesView rest) const {
    // The branch's own value has path == acc, which is <= the sought path.
    if (rest.empty()) {
      if (!forward_) return Found{};
      return children_from(node, acc, 0);
    }
    const int nibble = rest[0];
    PLEXUS_TRY(Found inside,
               seek(node.children[nibble].get(), join(acc, {rest.data(), 1}), rest.subspan(1)));
    if (inside) return inside;
    return children_from(node, acc, forward_ ? nibble + 1 : nibble - 1);
  }

  // The edge entry of the first non-empty child from `start` on in the walk direction; going
  // backwards, the branch's own value comes after all children.
  Result<Found> children_from(const Node& node, const Nibbles& acc, int start) const {
    for (int i = start; i >= 0 && i < 16; i += forward_ ? 1 : -1) {
      if (!node.children[i]) continue;
      const Byte nibble = static_cast<Byte>(i);
      PLEXUS_TRY(Found found, edge(node.children[i].get(), join(acc, {&nibble, 1})));
      if (found) return found;
    }
    if (!forward_ && !node.value.empty()) return entry(acc, node);
    return Found{};
  }

  Result<const Node*> resolve(const Node* node, std::shared_ptr<const Node>& holder) const {
    if (!node || node->kind != Node::Kind::kHash) return node;
    PLEXUS_TRY(holder, load_(node->hash));
    return holder.get();
  }

  bool beyond(int cmp) const { return forward_ ? cmp > 0 : cmp < 0; }
  static Nibbles join(NibblesView a, NibblesView b) { return concat(a, b); }
  static Result<Found> entry(NibblesView path, const Node& node) {
    auto key = trie::from_nibbles(path);
    if (!key) return fail(Errc::kCorruption, "trie: an entry has an odd-length path");
    return Found{TrieEntry{std::move(*key), node.value}};
  }

  const trie::NodeLoader& load_;
  bool forward_;
};

// Depth-first, in nibble order; `path` is the node's path, restored before returning.
Result<void> walk(const Node* node, Nibbles& path, const trie::NodeLoader& load,
                  const Trie::EntryVisitor& visit) {
  std::shared_ptr<const Node> holder;
  if (node && node->kind == Node::Kind::kHash) {
    PLEXUS_TRY(holder, load(node->hash));
    node = holder.get();
  }
  if (!node) return {};
  const std::size_t depth = path.size();
  const auto visit_here = [&](const Bytes& value) -> Result<void> {
    auto key = trie::from_nibbles(path);
    if (!key) return fail(Errc::kCorruption, "trie: an entry has an odd-length path");
    return visit(*key, value);
  };
  Result<void> result;
  switch (node->kind) {
    case Node::Kind::kLeaf:
      path.insert(path.end(), node->path.begin(), node->path.end());
      result = visit_here(node->value);
      break;
    case Node::Kind::kExtension:
      path.insert(path.end(), node->path.begin(), node->path.end());
      result = walk(node->child.get(), path, load, visit);
      break;
    case Node::Kind::kBranch:
      if (!node->value.empty()) result = visit_here(node->value);
      for (Byte i = 0; i < 16 && result; ++i) {
        if (!node->children[i]) continue;
        path.push_back(i);
        result = walk(node->children[i].get(), path, load, visit);
        path.pop_back();
      }
      break;
    case Node::Kind::kHash:
      result = fail(Errc::kInternal, "trie: unresolved node in walk");
      break;
  }
  path.resize(depth);
  return result;
}

}  // namespace

Result<void> Trie::for_each(const EntryVisitor& visit) const {
  const trie::NodeLoader loader = [this](const Hash256& h) { return load(h); };
  Nibbles path;
  return walk(root_.get(), path, loader, visit);
}

Result<std::optional<TrieEntry>> Trie::next(BytesView key) const {
  const trie::NodeLoader loader = [this](const Hash256& h) { return load(h); };
  return Seeker(loader, true).seek(root_.get(), {}, trie::to_nibbles(key));
}

Result<std::optional<TrieEntry>> Trie::prev(BytesView key) const {
  const trie::NodeLoader loader = [this](const Hash256& h) { return load(h); };
  return Seeker(loader, false).seek(root_.get(), {}, trie::to_nibbles(key));
}

}  // namespace plexus
