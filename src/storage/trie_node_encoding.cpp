#include "storage/trie_node_encoding.hpp"

#include <vector>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::trie {

namespace {
// Concatenates already-encoded items under one list header.
Bytes wrap_list(const Bytes& payload) {
  Bytes out;
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}
}  // namespace

Bytes encode_leaf(NibblesView path, BytesView value) {
  Bytes payload = rlp::encode_string(compact_encode(path, true));
  rlp::append_string(payload, value);
  return wrap_list(payload);
}

Bytes encode_extension(NibblesView path, BytesView child_ref) {
  Bytes payload = rlp::encode_string(compact_encode(path, false));
  payload.insert(payload.end(), child_ref.begin(), child_ref.end());
  return wrap_list(payload);
}

Bytes encode_branch(const std::array<Bytes, 16>& child_refs, BytesView value) {
  Bytes payload;
  for (const Bytes& ref : child_refs) {
    if (ref.empty()) {
      payload.push_back(kEmptyRef);
    } else {
      payload.insert(payload.end(), ref.begin(), ref.end());
    }
  }
  rlp::append_string(payload, value);
  return wrap_list(payload);
}

Bytes node_reference(BytesView encoded_node) {
  if (encoded_node.size() < 32) return to_bytes(encoded_node);
  return rlp::encode_string(keccak256(encoded_node).view());
}

}  // namespace plexus::trie
