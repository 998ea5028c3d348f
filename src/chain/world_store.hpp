#pragma once
// The persistent world state of a subnet (all its VMs). The node executes on the in-memory
// exec::State (fast, journaled) and, after every block, writes what the block changed:
//   - the Merkle Patricia state trie and storage tries (nodes under "n", content-addressed), which
//     give each block its state root, serve reads at older blocks and produce eth_getProof proofs.
//     The state trie's leaves, rlp([nonce, balance, storage_root, code_hash]), are also what the
//     node reads its accounts from when it starts.
//   - the address registry, "A" ++ address -> empty: the preimages of the state trie's hashed
//     keys, so that start-up can tell which account a leaf belongs to. Written when an account
//     first appears, erased when it is deleted: a transfer between existing accounts writes no
//     account record besides the trie's.
//   - flat records, read back in full when the node starts (the storage tries' keys are hashed
//     too, and these hold both the preimage and the value):
//       "s" ++ address ++ slot -> the 32-byte value (zero slots are absent)
//       "c" ++ code_hash       -> code
//       "d" ++ address ++ data key -> a WASM/Move VM's byte-keyed value (exec/account.hpp)
// Everything a block writes goes into the caller's batch, so a block and its state land together.
// The next block may be staged while that batch is still being written: staging reads the store
// through the pending batch (kv::BatchOverlay). Blocks that are executed but not final (pending
// blocks, several in a row) are staged revertibly: their batches stack in the overlay, each
// remembers what it changed of the in-memory records below, and the newest can be taken back
// (revert_staged) or the oldest marked written (mark_oldest_written).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/uint256.hpp"
#include "exec/commitment.hpp"
#include "exec/state.hpp"
#include "storage/batch_overlay.hpp"
#include "storage/generational_cache.hpp"
#include "storage/kv.hpp"
#include "storage/trie.hpp"
#include "storage/trie_node_cache.hpp"

namespace plexus::chain {

using exec::AccountRecord;
using exec::decode_account;
using exec::encode_account;

struct StorageProof {
  Bytes32 key;
  Bytes32 value;
  std::vector<Bytes> proof;
};

struct AccountProof {
  Address address;
  AccountRecord account;  // an absent account proves as the empty account
  std::vector<Bytes> account_proof;
  std::vector<StorageProof> storage;
};

class WorldStore {
 public:
  // `store` must outlive this object.
  explicit WorldStore(kv::KvStore& store);

  // Loads every account of the state trie at `root` into `state` (which must be empty) and opens
  // the trie there. A data directory of the former layout (flat account records) is refused
  // with kNotSupported; registry and trie disagreeing is kCorruption.
  [[nodiscard]] Result<void> load(exec::State& state, const Hash256& root);

  // Writes `changes` (from state.take_changes() after a block) into `batch`: registry entries,
  // flat records, trie nodes. Returns the new state root. Call mark_staged() with the finished
  // batch next.
  [[nodiscard]] Result<Hash256> stage(const exec::State& state, const exec::StateChanges& changes,
                                      kv::WriteBatch& batch);
  // The staged batch (holding what stage() added) is kept: the next stage() builds on it, reading
  // it back until mark_written(). Without `revertible` it is final and replaces any batch staged
  // before (at most one batch may be pending when stage() runs again). With `revertible` it
  // stacks over those staged before (which may all still be unwritten) and revert_staged() can
  // take it back.
  void mark_staged(std::shared_ptr<const kv::WriteBatch> batch, bool revertible = false);
  // Every staged batch is in the store.
  void mark_written() noexcept;
  // Takes back the newest revertibly staged batch, which will never be written: the state trie
  // is back at the root before it, the in-memory records as they were, and staging no longer
  // reads its entries.
  [[nodiscard]] Result<void> revert_staged();
  // The oldest revertibly staged batch is in the store.
  void mark_oldest_written() noexcept;
  [[nodiscard]] std::size_t revertible_depth() const noexcept { return levels_.size(); }
  // Forgets the last stage() when its batch will not be written (a block that failed
  // verification): the state trie is back at the last staged root and nothing of it remains.
  [[nodiscard]] Result<void> discard_staged();

  // Reads at a committed state root (any block's), through the tries. Their nodes are shared
  // between reads in a bounded cache (committed_nodes()), so repeated reads at older blocks
  // neither load nor hash again the nodes near the roots they all pass; the accounts and slots
  // they found are kept decoded by root (committed_accounts(), committed_slots()), so a read
  // repeated at the same root skips the walk too.
  [[nodiscard]] Result<std::optional<AccountRecord>> account_at(const Hash256& root,
                                                                const Address& addr) const;
  [[nodiscard]] Result<Bytes32> storage_at(const Hash256& root, const Address& addr,
                                           const Bytes32& key) const;
  // The account at `root` without its storage (exec::Account::lazy_storage and lazy_data; slots
  // through slot_in() and byte-keyed VM data through data_in(), with the storage root also
  // returned), with its code; nullopt when absent.
  struct LazyAccount {
    exec::Account account;
    Hash256 storage_root;
  };
  [[nodiscard]] Result<std::optional<LazyAccount>> account_lazily_at(const Hash256& root,
                                                                     const Address& addr) const;
  // Slot `key` of the storage trie whose root is `storage_root`.
  [[nodiscard]] Result<Bytes32> slot_in(const Hash256& storage_root, const Bytes32& key) const;
  // Byte-keyed VM data `data_key` (exec::data_key) of the storage trie whose root is
  // `storage_root`; nullopt when absent.
  [[nodiscard]] Result<std::optional<Bytes>> data_in(const Hash256& storage_root,
                                                     BytesView data_key) const;
  [[nodiscard]] Result<Bytes> code(const Hash256& code_hash) const;
  // The account at the written state whose root is `root` (the head's), with its code, storage
  // and VM data, as load() would load it; nullopt when absent. The flat records read are the
  // latest written ones, so the caller keeps the store from moving past `root` meanwhile.
  [[nodiscard]] Result<std::optional<exec::Account>> account_state_at(const Hash256& root,
                                                                      const Address& addr) const;
  [[nodiscard]] trie::NodeCache::Stats committed_nodes() const { return node_cache_.stats(); }
  [[nodiscard]] CacheStats committed_accounts() const { return accounts_at_.stats(); }
  [[nodiscard]] CacheStats committed_slots() const { return slots_in_.stats(); }
  [[nodiscard]] Result<AccountProof> prove(const Hash256& root, const Address& addr,
                                           std::span<const Bytes32> keys) const;

 private:
  // What stage() needs of an account's version as of the last staged block, kept in memory (the
  // state is in memory anyway) so that a block does not read the store once per changed account.
  struct Committed {
    Hash256 storage_root;
    Hash256 code_hash;
  };
  [[nodiscard]] std::optional<Committed> committed(const Address& addr) const;
  [[nodiscard]] Result<Hash256> stage_storage(const exec::Account& account, const Address& addr,
                                              const Hash256& old_root,
                                              std::span<const Bytes32> changed_slots,
                                              const std::set<Bytes, exec::BytesLess>* changed_data,
                                              bool wiped, kv::WriteBatch& batch);
  void erase_flat_storage(const Address& addr, kv::WriteBatch& batch) const;
  [[nodiscard]] Result<void> load_account(const Address& addr, const AccountRecord& record,
                                          exec::State& state);
  // The account a record describes, with its code and flat storage and data from the store.
  [[nodiscard]] Result<exec::Account> read_account(const Address& addr,
                                                   const AccountRecord& record) const;
  [[nodiscard]] Result<void> load_data(const Address& addr, exec::Account& account) const;

  kv::KvStore& store_;
  // What staging reads: the store as it is once the pending batch has landed. Reads at committed
  // roots (account_at, prove, ...) go to the store itself: they may run on other threads.
  kv::BatchOverlay staging_view_;
  Trie accounts_;
  Hash256 staged_root_ = kEmptyTrieRoot;  // the root of the last staged (or loaded) state
  std::map<Address, Committed> committed_;
  // Changes of the staged batch, applied to committed_ by mark_staged(); nullopt deletes.
  std::map<Address, std::optional<Committed>> staged_;
  std::size_t commits_since_release_ = 0;
  // Per revertibly staged batch, oldest first: the root before it and the committed_ entries it
  // replaced (nullopt: absent before).
  struct Level {
    Hash256 root_before;
    std::vector<std::pair<Address, std::optional<Committed>>> previous;
  };
  std::vector<Level> levels_;
  // Decoded, hash-checked nodes of committed tries, for the reads at committed roots.
  mutable trie::NodeCache node_cache_;
  // The decoded accounts (absent ones too) and slots those reads found, under the root they were
  // read at: a call at an older block reads the same few accounts (sender, contract, coinbase)
  // and slots call after call. A root names its trie's whole content, so an entry never goes
  // stale and one root's entries are never another's (the key holds the root in full).
  mutable GenerationalCache<AtRoot<Address>, std::optional<AccountRecord>, AtRootHash<20>>
      accounts_at_;
  mutable GenerationalCache<AtRoot<Bytes32>, Bytes32, AtRootHash<32>> slots_in_;
  // Contract code by hash, for the same reads: content-addressed like the nodes, never stale.
  mutable std::mutex codes_mutex_;
  mutable std::map<Hash256, std::shared_ptr<const Bytes>> codes_;
  mutable std::size_t code_bytes_ = 0;
};

}  // namespace plexus::chain
