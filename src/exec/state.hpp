#pragma once
// The subnet's in-memory world state with a journal, shared by every VM. Every change made during
// a transaction goes through a method below that records how to undo it, so revert(snapshot)
// restores balances, nonces, code, EVM storage, byte-keyed VM data, transient storage, EIP-2929
// access sets, created accounts, SELFDESTRUCT marks, touches and logs exactly as they were when
// the snapshot was taken, whichever VM made the change.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "exec/account.hpp"
#include "exec/small_set.hpp"

namespace plexus::exec {

// EIP-2929 warm/cold status of an account or slot before an access.
enum class AccessStatus : std::uint8_t { kCold, kWarm };

// EIP-2200/EIP-3529 classification of an SSTORE, from (original, current, new) values; the
// interpreter derives gas cost and refund from it.
enum class StorageStatus : std::uint8_t {
  kAssigned,          // no gas-relevant change (e.g. current already differs from original)
  kAdded,             // 0 -> 0 -> Z
  kDeleted,           // X -> X -> 0
  kModified,          // X -> X -> Z
  kDeletedAdded,      // X -> 0 -> Z
  kModifiedDeleted,   // X -> Y -> 0
  kDeletedRestored,   // X -> 0 -> X
  kAddedDeleted,      // 0 -> Y -> 0
  kModifiedRestored,  // X -> Y -> X
};

struct Snapshot {
  std::size_t journal_size = 0;
  std::size_t log_count = 0;
};

// What finalized transactions changed since the last take_changes(): accounts whose nonce,
// balance or code changed or that were created or deleted, and storage slots written. A node
// persists exactly these after each block instead of rewriting the whole state.
struct StateChanges {
  std::set<Address> accounts;
  std::set<std::pair<Address, Bytes32>> slots;
  std::map<Address, std::set<Bytes, BytesLess>> data;  // byte-keyed entries written, by data_key
  // Accounts deleted (SELFDESTRUCT, EIP-161) at some point: their stored storage is gone even if
  // a later transaction recreated them.
  std::set<Address> deleted;
};

// Where a state backed by a stored state (State(const AccountSource*)) finds the accounts it does
// not hold yet.
class AccountSource {
 public:
  virtual ~AccountSource() = default;
  // The account with its code, storage and data; nullopt if it does not exist.
  [[nodiscard]] virtual std::optional<Account> load(const Address& addr) const = 0;
  // Slot `key` of an account load() returned with lazy_storage (zero when unset).
  [[nodiscard]] virtual Bytes32 load_slot(const Address& addr, const Bytes32& key) const {
    (void)addr;
    (void)key;
    return {};
  }
  // Byte-keyed data `key` (data_key()) of an account load() returned with lazy_data; nullopt
  // when absent.
  [[nodiscard]] virtual std::optional<Bytes> load_data(const Address& addr,
                                                       const Bytes& key) const {
    (void)addr;
    (void)key;
    return std::nullopt;
  }
};

class State {
 public:
  State() = default;
  // A state backed by `source` (which must outlive it): an account it does not hold is loaded
  // from there on first access and an absent one remembered as such, so it reads as the source's
  // whole state would without loading it all. For simulations on a committed state while the
  // live state is ahead of it; such a state must not finalize transactions (a deleted account
  // would be loaded again).
  explicit State(const AccountSource* source) : source_(source) {}

  // ---- loading (not journaled: the committed state before any transaction) ----
  void put_account(const Address& addr, Account account);
  // A state override (a simulation's throwaway state): the account's storage is exactly `slots`,
  // whatever the source holds. Not journaled.
  void override_storage(const Address& addr, const std::map<Bytes32, Bytes32>& slots);

  // ---- reading ----
  [[nodiscard]] const Account* find(const Address& addr) const;
  [[nodiscard]] const std::map<Address, Account>& accounts() const noexcept { return accounts_; }
  [[nodiscard]] Bytes32 get_storage(const Address& addr, const Bytes32& key) const;
  [[nodiscard]] Bytes32 get_transient_storage(const Address& addr, const Bytes32& key) const;
  // Byte-keyed data by data_key(); nullptr when absent.
  [[nodiscard]] const Bytes* get_data(const Address& addr, const Bytes& key) const;
  [[nodiscard]] const std::vector<Log>& logs() const noexcept { return logs_; }

  // ---- journaled changes ----
  // Returns the account, creating an empty one if it does not exist.
  Account& get_or_create(const Address& addr);
  // Marks the account touched (EIP-161), creating it if needed.
  Account& touch(const Address& addr);
  void set_balance(const Address& addr, const uint256& balance);
  void add_balance(const Address& addr, const uint256& amount);
  // The caller guarantees the balance suffices.
  void sub_balance(const Address& addr, const uint256& amount);
  void set_nonce(const Address& addr, std::uint64_t nonce);
  // Installs code on an account that has none (contract creation).
  void set_code(const Address& addr, Bytes code, CodeKind kind = CodeKind::kEvm);
  // Writes (or with nullopt erases) byte-keyed data.
  void set_data(const Address& addr, const Bytes& key, std::optional<Bytes> value);
  StorageStatus set_storage(const Address& addr, const Bytes32& key, const Bytes32& value);
  void set_transient_storage(const Address& addr, const Bytes32& key, const Bytes32& value);
  void mark_just_created(const Address& addr);
  // Returns true if the account was not already marked.
  bool mark_destructed(const Address& addr);
  AccessStatus access_account(const Address& addr);
  AccessStatus access_storage(const Address& addr, const Bytes32& key);
  void add_log(Log log);

  [[nodiscard]] Snapshot snapshot() const noexcept { return {journal_.size(), logs_.size()}; }
  void revert(const Snapshot& snapshot);

  // Ends a transaction: deletes destructed accounts and, if `clear_empty`, touched empty ones
  // (EIP-161); makes current storage the new original, clears transient storage, access sets,
  // flags, logs and the journal. Returns the transaction's logs.
  std::vector<Log> finalize_transaction(bool clear_empty = true);
  // Drops the journal and logs without applying end-of-transaction rules (rejected transaction).
  void discard_transaction();
  [[nodiscard]] StateChanges take_changes() { return std::exchange(changes_, {}); }

  // ---- block-level undo (state_block.cpp) ----
  // From begin_block() on, finalized transactions keep their undo records (and the accounts
  // finalization deletes) in a block journal, so that revert_block() restores the state, and the
  // changes not yet taken, exactly as they were at that begin_block(). Block journals stack: a
  // chain holding several executed blocks that are not final yet (pending blocks) opens one per
  // block, reverts them newest first and forgets the oldest once its block is written.
  // end_block() keeps every block and forgets all journals (verifying one received block).
  // Off while no journal is open: building a block that will never be undone pays nothing.
  void begin_block();
  void end_block();
  // Undoes the newest open block journal's block and closes the journal.
  void revert_block();
  // Keeps the oldest open block journal's block for good and closes that journal.
  void forget_oldest_block();
  [[nodiscard]] std::size_t block_depth() const noexcept { return block_journals_.size(); }

 private:
  enum class Change : std::uint8_t {
    kCreated,     // the account did not exist
    kBalance,     // prev_balance
    kNonce,       // prev_nonce
    kCode,        // code was empty before
    kStorage,     // key, prev_word (slot may not have existed: it then held zero)
    kTransient,   // key, prev_word
    kTouched,     // touched was false
    kDestructed,  // destructed was false
    kJustCreated,
    kWarmAccount,
    kWarmSlot,  // key
    kData,      // data_undo_[prev_nonce] holds the key and the previous value
    kDeleted,   // finalization deleted the account; deleted_accounts_[prev_nonce] holds it
  };
  struct Entry {
    Change change{};
    Address addr{};
    Bytes32 key{};
    Bytes32 prev_word{};
    uint256 prev_balance = 0;
    std::uint64_t prev_nonce = 0;
  };

  void undo(const Entry& entry);
  // Fills a just-inserted `account` from source_ if it exists there (get_or_create).
  bool fill_from_source(const Address& addr, Account& account);
  [[nodiscard]] const Account* load_from_source(const Address& addr) const;
  // Reads slot `key` of the lazily loaded account `addr` (held in accounts_) from source_.
  StorageSlot& load_slot(const Address& addr, const Bytes32& key) const;
  // Reads data `key` of the lazily loaded account `addr` (held in accounts_) from source_ unless
  // it was read before; afterwards accounts_ holds its value if it has one.
  void load_data(const Address& addr, const Account& account, const Bytes& key) const;

  // mutable: a state backed by a source adds what it loads on reads too (it was there all along).
  mutable std::map<Address, Account> accounts_;
  const AccountSource* source_ = nullptr;
  mutable std::set<Address> absent_;  // not in source_
  // Data keys of lazily loaded accounts read from source_: the account's `data` is theirs now.
  mutable std::set<std::pair<Address, Bytes>> data_read_;
  SmallSet<Address> warm_accounts_;
  SmallSet<std::pair<Address, Bytes32>> warm_slots_;
  std::vector<Entry> journal_;
  // Undo records of byte-keyed writes, apart from Entry so that the EVM's journal stays small.
  struct DataUndo {
    Bytes key;
    std::optional<Bytes> previous;
  };
  std::vector<DataUndo> data_undo_;
  std::vector<Log> logs_;
  StateChanges changes_;

  // Block-level undo (begin_block): per open block, its finalized transactions' entries, oldest
  // first.
  struct BlockJournal {
    std::vector<Entry> entries;
    std::vector<DataUndo> data_undo;
    std::vector<Account> deleted;  // indexed by the kDeleted entries' prev_nonce
    StateChanges changes_at_start;
  };
  bool keep_block_journal_ = false;           // some block journal is open
  std::vector<BlockJournal> block_journals_;  // oldest first
  // The deleted accounts of the block journal being reverted, which undo() puts back.
  std::vector<Account> deleted_accounts_;
  std::vector<Entry> spare_entries_;  // a closed journal's entries, for the next begin_block()
  // Keeps `block`'s entries for reuse if they have more room than the spare ones.
  void recycle(BlockJournal& block);
  // Moves the finished transaction's lasting entries to the block journal (finalize_transaction).
  void keep_for_block();
};

// EIP-2200/EIP-3529 classification of writing `value` over (original, current).
[[nodiscard]] StorageStatus classify_sstore(const Bytes32& original, const Bytes32& current,
                                            const Bytes32& value) noexcept;

}  // namespace plexus::exec
