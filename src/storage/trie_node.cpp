#include "storage/trie_node.hpp"

#include "core/hash.hpp"
#include "core/rlp.hpp"
#include "storage/trie_node_encoding.hpp"

namespace plexus::trie {

NodePtr make_leaf(Nibbles path, Bytes value) {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::kLeaf;
  n->path = std::move(path);
  n->value = std::move(value);
  return n;
}

NodePtr make_extension(Nibbles path, NodePtr child) {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::kExtension;
  n->path = std::move(path);
  n->child = std::move(child);
  return n;
}

NodePtr make_branch() { return std::make_unique<Node>(); }

NodePtr make_hash_stub(const Hash256& hash) {
  auto n = std::make_unique<Node>();
  n->kind = Node::Kind::kHash;
  n->hash = hash;
  n->dirty = false;
  return n;
}

void touch(Node& node) noexcept {
  node.dirty = true;
  node.encoded.reset();
  node.encoded_hash.reset();
}

const Bytes& encode(const Node& node) {
  if (node.encoded) return *node.encoded;
  switch (node.kind) {
    case Node::Kind::kLeaf:
      node.encoded = encode_leaf(node.path, node.value);
      break;
    case Node::Kind::kExtension:
      node.encoded = encode_extension(node.path, reference(*node.child));
      break;
    case Node::Kind::kBranch: {
      std::array<Bytes, 16> refs;
      for (std::size_t i = 0; i < 16; ++i)
        if (node.children[i]) refs[i] = reference(*node.children[i]);
      node.encoded = encode_branch(refs, node.value);
      break;
    }
    case Node::Kind::kHash:
      // Unreachable: reference() and hash_of() answer for stubs themselves and every other
      // caller resolves a stub before encoding it.
      node.encoded = Bytes{};
      break;
  }
  return *node.encoded;
}

Bytes reference(const Node& node) {
  if (node.kind == Node::Kind::kHash) return rlp::encode_string(node.hash.view());
  const Bytes& encoded = encode(node);
  if (encoded.size() < 32) return encoded;  // embedded in the parent
  return rlp::encode_string(hash_of(node).view());
}

Hash256 hash_of(const Node& node) {
  if (node.kind == Node::Kind::kHash) return node.hash;
  if (!node.encoded_hash) node.encoded_hash = keccak256(encode(node));
  return *node.encoded_hash;
}

namespace {

Result<NodePtr> decode_item(const rlp::Item& item);

// A child slot: empty string, a 32-byte hash, or an embedded node shorter than 32 bytes.
Result<NodePtr> decode_ref(const rlp::Item& item) {
  if (item.is_list) {
    if (item.encoded.size() >= 32) return fail(Errc::kDecode, "trie: oversized embedded node");
    return decode_item(item);
  }
  if (item.payload.empty()) return NodePtr{};
  if (item.payload.size() != 32) return fail(Errc::kDecode, "trie: child reference not 32 bytes");
  return make_hash_stub(Hash256::right_aligned(item.payload));
}

Result<NodePtr> decode_item(const rlp::Item& item) {
  if (!item.is_list) return fail(Errc::kDecode, "trie: node is not a list");
  PLEXUS_TRY(auto items, rlp::list_items(item));
  NodePtr node;
  if (items.size() == 2) {
    if (items[0].is_list) return fail(Errc::kDecode, "trie: node path is not a string");
    PLEXUS_TRY(CompactPath cp, compact_decode(items[0].payload));
    if (cp.is_leaf) {
      if (items[1].is_list || items[1].payload.empty())
        return fail(Errc::kDecode, "trie: leaf value must be a non-empty string");
      node = make_leaf(std::move(cp.path), to_bytes(items[1].payload));
    } else {
      if (cp.path.empty()) return fail(Errc::kDecode, "trie: empty extension path");
      PLEXUS_TRY(NodePtr child, decode_ref(items[1]));
      if (!child) return fail(Errc::kDecode, "trie: extension without child");
      node = make_extension(std::move(cp.path), std::move(child));
    }
  } else if (items.size() == 17) {
    node = make_branch();
    for (std::size_t i = 0; i < 16; ++i) {
      PLEXUS_TRY(node->children[i], decode_ref(items[i]));
    }
    if (items[16].is_list) return fail(Errc::kDecode, "trie: branch value must be a string");
    node->value = to_bytes(items[16].payload);
  } else {
    return fail(Errc::kDecode, "trie: node has " + std::to_string(items.size()) + " items");
  }
  node->dirty = false;
  node->encoded = to_bytes(item.encoded);
  return node;
}

}  // namespace

Result<NodePtr> decode_node(BytesView encoded) {
  PLEXUS_TRY(rlp::Item item, rlp::decode(encoded));
  return decode_item(item);
}

}  // namespace plexus::trie
