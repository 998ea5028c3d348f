// Block-level undo of the journaled state: a block received from another node is executed on the
// live state, and if any of its roots disagree it must leave no trace; a block that is executed
// but not final yet (a pending block) must be undone if consensus abandons it, possibly after
// several blocks were executed on top of it. The per-transaction journal already knows how to
// undo every change; finalization normally drops it, and here keeps the entries that outlive a
// transaction instead (balances, nonces, code, storage, VM data, created and deleted accounts),
// one block journal per block. Access lists, transient storage and the per-transaction flags are
// reset by finalization anyway, so their entries are not kept.
#include <utility>

#include "exec/state.hpp"

namespace plexus::exec {

void State::begin_block() {
  // The entries reuse the capacity of a journal closed earlier: a block of transfers keeps
  // thousands, and growing a new vector for every block would copy them several times over.
  block_journals_.push_back(BlockJournal{.entries = std::move(spare_entries_),
                                         .data_undo = {},
                                         .deleted = {},
                                         .changes_at_start = changes_});
  block_journals_.back().entries.clear();
  keep_block_journal_ = true;
}

void State::recycle(BlockJournal& block) {
  if (block.entries.capacity() > spare_entries_.capacity())
    spare_entries_ = std::move(block.entries);
}

void State::keep_for_block() {
  BlockJournal& block = block_journals_.back();
  // Filled as a local: the compiler then keeps its end in a register instead of reloading it
  // after every entry it copies (a per-transaction loop of every verified block).
  std::vector<Entry> entries = std::move(block.entries);
  for (Entry& e : journal_) {
    switch (e.change) {
      case Change::kCreated:
      case Change::kBalance:
      case Change::kNonce:
      case Change::kCode:
      case Change::kStorage:
        entries.push_back(e);
        break;
      case Change::kData:
        entries.push_back(e);
        entries.back().prev_nonce = block.data_undo.size();
        block.data_undo.push_back(std::move(data_undo_[e.prev_nonce]));
        break;
      case Change::kTransient:
      case Change::kTouched:
      case Change::kDestructed:
      case Change::kJustCreated:
      case Change::kWarmAccount:
      case Change::kWarmSlot:
      case Change::kDeleted: break;
    }
  }
  block.entries = std::move(entries);
}

void State::end_block() {
  for (BlockJournal& block : block_journals_) recycle(block);
  block_journals_.clear();
  keep_block_journal_ = false;
}

void State::forget_oldest_block() {
  if (block_journals_.empty()) return;
  recycle(block_journals_.front());
  block_journals_.erase(block_journals_.begin());
  keep_block_journal_ = !block_journals_.empty();
}

void State::revert_block() {
  revert(Snapshot{});  // a transaction left open, if any
  discard_transaction();
  if (block_journals_.empty()) return;
  BlockJournal block = std::move(block_journals_.back());
  block_journals_.pop_back();
  keep_block_journal_ = !block_journals_.empty();
  std::vector<std::pair<Address, Bytes32>> slots;
  for (const Entry& e : block.entries)
    if (e.change == Change::kStorage) slots.emplace_back(e.addr, e.key);
  // undo() pops data_undo_ and deleted_accounts_ as it goes: the block's records take their
  // place for the walk back.
  journal_ = std::move(block.entries);
  data_undo_ = std::move(block.data_undo);
  deleted_accounts_ = std::move(block.deleted);
  revert(Snapshot{});
  discard_transaction();
  deleted_accounts_.clear();
  // Undone slots hold their block-start value as current; it is their original value again, and
  // a zero slot is no slot, as after any finalized transaction.
  for (const auto& [addr, key] : slots) {
    const auto account = accounts_.find(addr);
    if (account == accounts_.end()) continue;
    const auto slot = account->second.storage.find(key);
    if (slot == account->second.storage.end()) continue;
    if (slot->second.current.is_zero()) {
      account->second.storage.erase(slot);
    } else {
      slot->second.original = slot->second.current;
    }
  }
  changes_ = std::move(block.changes_at_start);
}

}  // namespace plexus::exec
