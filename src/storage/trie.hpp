#pragma once
// Ethereum's hexary Merkle Patricia trie over a KV store: the structure behind state, storage,
// transaction and receipt roots, and the source of eth_getProof proofs.
//
// Nodes are stored content-addressed (key = node_prefix ++ keccak256(node)), so any committed
// root can be reopened later and nothing is ever overwritten with different bytes. Changes live
// in memory until committed; a commit writes exactly the nodes created since the previous one,
// in one atomic batch. Unreferenced old nodes are kept (no pruning), which is what lets older
// roots stay readable.
//
// A Trie is not safe for concurrent use, not even through const methods (they fill caches).
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "storage/kv.hpp"

namespace plexus::trie {
struct Node;
class NodeCache;
}  // namespace plexus::trie

namespace plexus {

struct TrieOptions {
  // Namespace of this trie's nodes in the store, so tries can share one store with other data.
  Bytes node_prefix;
  // Use keccak256(key) as the path, as Ethereum's state and storage tries do. Callers keep
  // passing plain keys; proofs are then verified with the same flag.
  bool secure_keys = false;
};

struct TrieEntry {
  Bytes key;
  Bytes value;
  friend bool operator==(const TrieEntry&, const TrieEntry&) = default;
};

class Trie {
 public:
  // An empty trie. `store` is where nodes are loaded from; it must outlive the trie.
  explicit Trie(const kv::ReadView& store, TrieOptions options = {});
  // The trie committed under `root` (kEmptyTrieRoot gives an empty trie). The root node is read
  // now, so a root that was never committed is a kNotFound error here, not on first use.
  [[nodiscard]] static Result<Trie> open(const kv::ReadView& store, const Hash256& root,
                                         TrieOptions options = {});

  Trie(Trie&&) noexcept;
  Trie& operator=(Trie&&) noexcept;
  ~Trie();

  // nullopt when the key is absent. Errors only when a stored node is missing or corrupt.
  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const;
  // An empty value erases the key: the trie cannot hold empty values.
  [[nodiscard]] Result<void> put(BytesView key, BytesView value);
  // Erasing an absent key is not an error. If loading a node fails, the trie is left unchanged.
  [[nodiscard]] Result<void> erase(BytesView key);

  [[nodiscard]] Hash256 root_hash() const;
  [[nodiscard]] bool empty() const noexcept { return root_ == nullptr; }

  // Adds every node not yet stored to `batch` (the root node always), without marking anything
  // stored: callers that combine trie nodes with other writes in one batch call
  // mark_committed() once that batch was written. Returns the root hash.
  [[nodiscard]] Hash256 stage(kv::WriteBatch& batch) const;
  void mark_committed() noexcept;
  // Computes the root hash with the subtrees under the root's changed children split between
  // this thread and one more (hashes are cached in the nodes, so stage() and root_hash() then
  // only read them). Worth it when a large share of a big trie changed, e.g. a block's state.
  void hash_on_two_threads() const;
  // stage() + write + mark_committed(). `store` is normally the one the trie reads from.
  [[nodiscard]] Result<Hash256> commit(kv::KvStore& store,
                                       kv::Durability durability = kv::Durability::kSync);
  // Drops the in-memory copies of stored nodes (everything below the root that is clean and
  // referenced by hash); they are reloaded when next needed. Bounds the memory of a long-lived
  // trie that is read and committed many times, e.g. the state trie across blocks.
  void release_committed();

  // Ordered iteration: the entry with the smallest key strictly greater than `key` (next) or the
  // largest strictly smaller (prev), in byte-wise key order; nullopt past either end. With
  // secure_keys the order is that of the hashed keys, so both `key` and the returned key are
  // keccak256 hashes (the trie does not know the preimages).
  [[nodiscard]] Result<std::optional<TrieEntry>> next(BytesView key) const;
  [[nodiscard]] Result<std::optional<TrieEntry>> prev(BytesView key) const;
  // Calls `visit` with every entry in key order (hashed keys with secure_keys), loading each
  // stored node once: reading a whole trie, e.g. at start-up, without a descent per entry. Stops
  // at the first error, of a node or of `visit`.
  using EntryVisitor = std::function<Result<void>(BytesView key, BytesView value)>;
  [[nodiscard]] Result<void> for_each(const EntryVisitor& visit) const;

  // The RLP nodes on the path to `key`, root first: what eth_getProof returns. Valid for present
  // and absent keys, for committed and uncommitted tries.
  [[nodiscard]] Result<std::vector<Bytes>> prove(BytesView key) const;

 private:
  using Slot = std::unique_ptr<trie::Node>;

  [[nodiscard]] Bytes path_of(BytesView key) const;
  [[nodiscard]] Result<Slot> load(const Hash256& hash) const;
  [[nodiscard]] Result<void> resolve(Slot& slot) const;
  [[nodiscard]] Result<void> insert(Slot& slot, BytesView path, BytesView value);
  [[nodiscard]] Result<bool> remove(Slot& slot, BytesView path);
  void stage_node(const trie::Node& node, bool is_root, kv::WriteBatch& batch) const;

  const kv::ReadView* store_;
  TrieOptions options_;
  Slot root_;
};

// Checks `proof` (as produced by Trie::prove) against `root` and returns the value it proves for
// `key`, or nullopt if it proves the key absent. kValidation if the proof is incomplete, does not
// hash to the root or does not decode.
[[nodiscard]] Result<std::optional<Bytes>> verify_proof(const Hash256& root, BytesView key,
                                                        std::span<const Bytes> proof,
                                                        bool secure_keys = false);

// The value of `key` in the committed trie under `root` (nullopt when absent), read without
// building a Trie: each node on the path comes from `cache`, or else from `store`, checked against
// its hash, decoded and then cached. Safe to call from several threads sharing one cache.
[[nodiscard]] Result<std::optional<Bytes>> get_committed(const kv::ReadView& store,
                                                         const Hash256& root, BytesView key,
                                                         const TrieOptions& options,
                                                         trie::NodeCache& cache);

}  // namespace plexus
