// Merkle Patricia trie proofs. Bit 0 of the first byte selects secure (hashed) keys.
//   Bit 1 clear: verify_proof() on an arbitrary key and proof (with bit 2 set the root is the
//   hash of the first proof node, so verification gets past the root check); it must never crash.
//   Bit 1 set: the rest is a list of puts (empty value = erase) applied to a trie and to a
//   std::map model; every key then reads back as in the model, its proof verifies to the same
//   answer, and rebuilding the trie from the model in key order gives the same root.
#include <map>
#include <vector>

#include "core/hash.hpp"
#include "fuzz_check.hpp"
#include "storage/key_order.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"

namespace {

using namespace plexus;
using Model = std::map<Bytes, Bytes, KeyLess>;

void fuzz_verify(fuzz::Cursor& in, bool secure, bool root_from_proof) {
  Hash256 root;
  if (!root_from_proof) {
    const BytesView r = in.take(32);
    std::copy(r.begin(), r.end(), root.bytes.begin());
  }
  const BytesView key = in.take(in.byte() % 40);
  std::vector<Bytes> proof;
  while (in.remaining() > 0) proof.push_back(to_bytes(in.take(in.byte() % 128 + 1)));
  if (root_from_proof && !proof.empty()) root = keccak256(proof.front());
  auto result = verify_proof(root, key, proof, secure);
  if (!result) FUZZ_CHECK(!result.error().message.empty());
}

void check_key(const Trie& trie, const Model& model, const Bytes& key,
               bool secure) {
  const auto it = model.find(key);
  const auto matches = [&](const std::optional<Bytes>& value) {
    return it == model.end() ? !value.has_value() : value.has_value() && *value == it->second;
  };
  auto got = trie.get(key);
  FUZZ_CHECK(got.has_value() && matches(*got));
  auto proof = trie.prove(key);
  FUZZ_CHECK(proof.has_value());
  auto proven = verify_proof(trie.root_hash(), key, *proof, secure);
  FUZZ_CHECK(proven.has_value() && matches(*proven));
}

void fuzz_model(fuzz::Cursor& in, bool secure) {
  kv::MemoryStore store;
  Trie trie(store, TrieOptions{{}, secure});
  Model model;
  std::vector<Bytes> keys;
  while (in.remaining() > 0) {
    // Short keys from a small alphabet share prefixes, which exercises branch and extension nodes.
    const Bytes key = to_bytes(in.take(in.byte() % 6));
    const Bytes value = to_bytes(in.take(in.byte() % 48));
    FUZZ_CHECK(trie.put(key, value).has_value());
    if (value.empty())
      model.erase(key);
    else
      model[key] = value;
    keys.push_back(key);
  }
  keys.push_back(Bytes{0x12, 0x34});  // most likely absent
  for (const auto& key : keys) check_key(trie, model, key, secure);

  Trie rebuilt(store, TrieOptions{{}, secure});
  for (const auto& [key, value] : model) FUZZ_CHECK(rebuilt.put(key, value).has_value());
  FUZZ_CHECK(rebuilt.root_hash() == trie.root_hash());
  FUZZ_CHECK(trie.empty() == model.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Cursor in(fuzz::input_view(data, size));
  const std::uint8_t flags = in.byte();
  const bool secure = (flags & 1) != 0;
  if ((flags & 2) != 0)
    fuzz_model(in, secure);
  else
    fuzz_verify(in, secure, (flags & 4) != 0);
  return 0;
}
