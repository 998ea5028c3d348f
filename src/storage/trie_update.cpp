// Insertion and removal, kept canonical: no branch with fewer than two entries, no extension
// followed by an extension or leaf. Every node that may need loading is loaded before anything
// is changed, so a failed store read leaves the trie as it was.
#include <algorithm>

#include "storage/trie.hpp"
#include "storage/trie_node.hpp"

namespace plexus {

using trie::Node;
using trie::NodePtr;

namespace {

trie::Nibbles join(BytesView a, BytesView b) { return concat(a, b); }

// Puts (rest, value) under a fresh branch: as its value if rest is empty, else as a leaf child.
void place(Node& branch, BytesView rest, Bytes value) {
  if (rest.empty()) {
    branch.value = std::move(value);
  } else {
    branch.children[rest[0]] = trie::make_leaf(to_bytes(rest.subspan(1)), std::move(value));
  }
}

NodePtr with_prefix(BytesView prefix, NodePtr node) {
  if (prefix.empty()) return node;
  return trie::make_extension(to_bytes(prefix), std::move(node));
}

// Replaces a node that lost an entry by its canonical form. Any remaining only child must be
// loaded already.
void normalize(NodePtr& slot) {
  Node& node = *slot;
  if (node.kind == Node::Kind::kExtension) {
    Node& child = *node.child;
    if (child.kind == Node::Kind::kLeaf) {
      slot = trie::make_leaf(join(node.path, child.path), std::move(child.value));
    } else if (child.kind == Node::Kind::kExtension) {
      slot = trie::make_extension(join(node.path, child.path), std::move(child.child));
    }
    return;
  }
  if (node.kind != Node::Kind::kBranch) return;
  int count = 0;
  std::size_t only = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (node.children[i]) {
      ++count;
      only = i;
    }
  }
  if (count == 0) {
    slot = node.value.empty() ? nullptr : trie::make_leaf({}, std::move(node.value));
    return;
  }
  if (count > 1 || !node.value.empty()) return;
  NodePtr child = std::move(node.children[only]);
  const Byte nibble = static_cast<Byte>(only);
  if (child->kind == Node::Kind::kLeaf) {
    slot = trie::make_leaf(join({&nibble, 1}, child->path), std::move(child->value));
  } else if (child->kind == Node::Kind::kExtension) {
    slot = trie::make_extension(join({&nibble, 1}, child->path), std::move(child->child));
  } else {
    slot = trie::make_extension({nibble}, std::move(child));
  }
}

}  // namespace

Result<void> Trie::insert(Slot& slot, BytesView path, BytesView value) {
  PLEXUS_CHECK(resolve(slot));
  if (!slot) {
    slot = trie::make_leaf(to_bytes(path), to_bytes(value));
    return {};
  }
  Node& node = *slot;
  switch (node.kind) {
    case Node::Kind::kLeaf: {
      if (std::ranges::equal(path, node.path)) {
        node.value = to_bytes(value);
        break;
      }
      const std::size_t shared = trie::common_prefix(path, node.path);
      NodePtr branch = trie::make_branch();
      place(*branch, BytesView(node.path).subspan(shared), std::move(node.value));
      place(*branch, path.subspan(shared), to_bytes(value));
      slot = with_prefix(path.first(shared), std::move(branch));
      return {};
    }
    case Node::Kind::kExtension: {
      const std::size_t shared = trie::common_prefix(path, node.path);
      if (shared == node.path.size()) {
        PLEXUS_CHECK(insert(node.child, path.subspan(shared), value));
        break;
      }
      NodePtr branch = trie::make_branch();
      const BytesView rest = BytesView(node.path).subspan(shared + 1);
      branch->children[node.path[shared]] = with_prefix(rest, std::move(node.child));
      place(*branch, path.subspan(shared), to_bytes(value));
      slot = with_prefix(path.first(shared), std::move(branch));
      return {};
    }
    case Node::Kind::kBranch:
      if (path.empty()) {
        node.value = to_bytes(value);
      } else {
        PLEXUS_CHECK(insert(node.children[path[0]], path.subspan(1), value));
      }
      break;
    case Node::Kind::kHash:
      return fail(Errc::kInternal, "trie: unresolved node on insert");
  }
  trie::touch(node);
  return {};
}

Result<bool> Trie::remove(Slot& slot, BytesView path) {
  PLEXUS_CHECK(resolve(slot));
  if (!slot) return false;
  Node& node = *slot;
  switch (node.kind) {
    case Node::Kind::kLeaf:
      if (!std::ranges::equal(path, node.path)) return false;
      slot.reset();
      return true;
    case Node::Kind::kExtension: {
      if (path.size() < node.path.size() ||
          !std::equal(node.path.begin(), node.path.end(), path.begin()))
        return false;
      PLEXUS_TRY(bool removed, remove(node.child, path.subspan(node.path.size())));
      if (!removed) return false;
      trie::touch(node);
      if (!node.child) {
        slot.reset();
      } else {
        normalize(slot);
      }
      return true;
    }
    case Node::Kind::kBranch: {
      // If this removal can leave a single entry, the surviving child will be merged upwards:
      // load it now, before anything changes.
      const auto entries =
          std::ranges::count_if(node.children, [](const auto& c) { return c != nullptr; }) +
          (node.value.empty() ? 0 : 1);
      if (entries == 2) {
        for (std::size_t i = 0; i < 16; ++i)
          if (path.empty() || i != path[0]) PLEXUS_CHECK(resolve(node.children[i]));
      }
      if (path.empty()) {
        if (node.value.empty()) return false;
        node.value.clear();
      } else {
        PLEXUS_TRY(bool removed, remove(node.children[path[0]], path.subspan(1)));
        if (!removed) return false;
      }
      trie::touch(node);
      normalize(slot);
      return true;
    }
    case Node::Kind::kHash:
      break;
  }
  return fail(Errc::kInternal, "trie: unresolved node on remove");
}

}  // namespace plexus
