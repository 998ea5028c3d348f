// Block-level undo of the journaled state: a block received from another node is executed on the
// live state, and if any of its roots disagree it must leave no trace. The per-transaction
// journal already knows how to undo every change; finalization normally drops it, and here keeps
// the entries that outlive a transaction instead (balances, nonces, code, storage, VM data,
// created and deleted accounts). Access lists, transient storage and the per-transaction flags
// are reset by finalization anyway, so their entries are not kept.
#include <utility>

#include "exec/state.hpp"

namespace plexus::exec {

void State::begin_block() {
  keep_block_journal_ = true;
  block_journal_.clear();
  block_data_undo_.clear();
  deleted_accounts_.clear();
  changes_at_block_start_ = changes_;
}

void State::keep_for_block() {
  for (Entry& e : journal_) {
    switch (e.change) {
      case Change::kCreated:
      case Change::kBalance:
      case Change::kNonce:
      case Change::kCode:
      case Change::kStorage: block_journal_.push_back(e); break;
      case Change::kData:
        block_journal_.push_back(e);
        block_journal_.back().prev_nonce = block_data_undo_.size();
        block_data_undo_.push_back(std::move(data_undo_[e.prev_nonce]));
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
}

void State::end_block() {
  keep_block_journal_ = false;
  block_journal_.clear();
  block_data_undo_.clear();
  deleted_accounts_.clear();
  changes_at_block_start_ = {};
}

void State::revert_block() {
  revert(Snapshot{});  // a transaction left open, if any
  discard_transaction();
  std::vector<std::pair<Address, Bytes32>> slots;
  for (const Entry& e : block_journal_)
    if (e.change == Change::kStorage) slots.emplace_back(e.addr, e.key);
  // undo() pops data_undo_ as it goes: the block's records take its place for the walk back.
  journal_ = std::move(block_journal_);
  data_undo_ = std::move(block_data_undo_);
  revert(Snapshot{});
  discard_transaction();
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
  changes_ = std::move(changes_at_block_start_);
  end_block();
}

}  // namespace plexus::exec
