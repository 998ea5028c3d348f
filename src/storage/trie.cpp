#include "storage/trie.hpp"

#include <future>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "storage/trie_lookup.hpp"
#include "storage/trie_node.hpp"

namespace plexus {

using trie::Node;

Trie::Trie(const kv::ReadView& store, TrieOptions options)
    : store_(&store), options_(std::move(options)) {}

Trie::Trie(Trie&&) noexcept = default;
Trie& Trie::operator=(Trie&&) noexcept = default;
Trie::~Trie() = default;

Result<Trie> Trie::open(const kv::ReadView& store, const Hash256& root, TrieOptions options) {
  Trie trie(store, std::move(options));
  if (root == kEmptyTrieRoot) return trie;
  PLEXUS_TRY(trie.root_, trie.load(root));
  return trie;
}

Bytes Trie::path_of(BytesView key) const {
  if (options_.secure_keys) return trie::to_nibbles(keccak256(key).view());
  return trie::to_nibbles(key);
}

Result<Trie::Slot> Trie::load(const Hash256& hash) const {
  return trie::load_node(*store_, options_.node_prefix, hash);
}

Result<void> Trie::resolve(Slot& slot) const {
  if (!slot || slot->kind != Node::Kind::kHash) return {};
  PLEXUS_TRY(slot, load(slot->hash));
  return {};
}

Result<std::optional<Bytes>> Trie::get(BytesView key) const {
  return trie::lookup(root_.get(), path_of(key), [this](const Hash256& h) { return load(h); });
}

Result<void> Trie::put(BytesView key, BytesView value) {
  if (value.empty()) return erase(key);
  return insert(root_, path_of(key), value);
}

Result<void> Trie::erase(BytesView key) {
  PLEXUS_TRY(bool removed, remove(root_, path_of(key)));
  (void)removed;  // erasing an absent key is not an error
  return {};
}

Hash256 Trie::root_hash() const { return root_ ? trie::hash_of(*root_) : kEmptyTrieRoot; }

void Trie::stage_node(const Node& node, bool is_root, kv::WriteBatch& batch) const {
  // A clean node's subtree is already stored; the root is written regardless, because a node
  // stored only embedded in a former parent may have become the root.
  if (node.kind == Node::Kind::kHash || (!node.dirty && !is_root)) return;
  if (node.dirty) {
    if (node.child) stage_node(*node.child, false, batch);
    for (const auto& c : node.children)
      if (c) stage_node(*c, false, batch);
  }
  const Bytes& encoded = trie::encode(node);
  if (is_root || encoded.size() >= 32)
    batch.put(concat(options_.node_prefix, trie::hash_of(node).view()), encoded);
}

Hash256 Trie::stage(kv::WriteBatch& batch) const {
  if (!root_) return kEmptyTrieRoot;
  stage_node(*root_, true, batch);
  return root_hash();
}

void Trie::hash_on_two_threads() const {
  if (!root_ || root_->kind != Node::Kind::kBranch || !root_->dirty) return;
  std::vector<const Node*> changed;
  for (const auto& c : root_->children)
    if (c && c->dirty) changed.push_back(c.get());
  if (changed.size() < 2) return;
  // Disjoint subtrees: each thread fills the caches of its own nodes only. Alternating halves
  // balance well because the secure keys spread changes evenly over the root's children.
  const auto hash_every_other = [&changed](std::size_t first) {
    for (std::size_t i = first; i < changed.size(); i += 2) (void)trie::hash_of(*changed[i]);
  };
  auto other = std::async(std::launch::async, hash_every_other, 1);
  hash_every_other(0);
  other.get();
}

namespace {
void mark_clean(Node& node) noexcept {
  if (!node.dirty) return;
  node.dirty = false;
  if (node.child) mark_clean(*node.child);
  for (auto& c : node.children)
    if (c) mark_clean(*c);
}
}  // namespace

void Trie::mark_committed() noexcept {
  if (root_) mark_clean(*root_);
}

namespace {
// A clean child referenced by hash is stored under that hash, so a stub can stand in for it.
void release_children(Node& node) {
  const auto release = [](std::unique_ptr<Node>& child) {
    if (!child || child->kind == Node::Kind::kHash) return;
    if (!child->dirty && trie::encode(*child).size() >= 32) {
      child = trie::make_hash_stub(trie::hash_of(*child));
    } else {
      release_children(*child);
    }
  };
  release(node.child);
  for (auto& c : node.children) release(c);
}
}  // namespace

void Trie::release_committed() {
  if (root_) release_children(*root_);
}

Result<Hash256> Trie::commit(kv::KvStore& store, kv::Durability durability) {
  kv::WriteBatch batch;
  const Hash256 root = stage(batch);
  PLEXUS_CHECK(store.write(batch, durability));
  mark_committed();
  return root;
}

}  // namespace plexus
