// Merkle proofs as eth_getProof uses them: the nodes a verifier needs to walk from the root to
// the key, i.e. every node on the path that its parent references by hash (embedded nodes travel
// inside their parent).
#include <map>

#include "core/hash.hpp"
#include "storage/trie.hpp"
#include "storage/trie_lookup.hpp"
#include "storage/trie_node.hpp"

namespace plexus {

Result<std::vector<Bytes>> Trie::prove(BytesView key) const {
  std::vector<Bytes> proof;
  const auto record = [&proof](const trie::Node& node, bool by_hash) {
    if (by_hash) proof.push_back(trie::encode(node));
  };
  PLEXUS_TRY(auto value,
             trie::lookup(
                 root_.get(), path_of(key), [this](const Hash256& h) { return load(h); }, record));
  (void)value;  // the proof covers presence and absence alike
  return proof;
}

Result<std::optional<Bytes>> verify_proof(const Hash256& root, BytesView key,
                                          std::span<const Bytes> proof, bool secure_keys) {
  if (root == kEmptyTrieRoot) return std::optional<Bytes>{};
  std::map<Hash256, BytesView> by_hash;
  for (const Bytes& node : proof) by_hash.emplace(keccak256(node), node);
  const auto load = [&by_hash](const Hash256& hash) -> Result<std::shared_ptr<const trie::Node>> {
    const auto it = by_hash.find(hash);
    if (it == by_hash.end()) return fail(Errc::kValidation, "proof: a node on the path is missing");
    auto node = trie::decode_node(it->second);
    if (!node) return fail(Errc::kValidation, "proof: " + node.error().message);
    return std::shared_ptr<const trie::Node>(std::move(*node));
  };
  const Bytes path = trie::to_nibbles(secure_keys ? BytesView(keccak256(key).view()) : key);
  const auto root_stub = trie::make_hash_stub(root);
  return trie::lookup(root_stub.get(), path, load);
}

}  // namespace plexus
