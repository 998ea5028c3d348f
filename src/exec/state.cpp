#include "exec/state.hpp"

#include <algorithm>
#include <iterator>

namespace plexus::exec {

void State::put_account(const Address& addr, Account account) {
  accounts_.insert_or_assign(addr, std::move(account));
}

const Account* State::find(const Address& addr) const {
  const auto it = accounts_.find(addr);
  if (it != accounts_.end()) return &it->second;
  return source_ == nullptr ? nullptr : load_from_source(addr);
}

Bytes32 State::get_storage(const Address& addr, const Bytes32& key) const {
  const Account* acc = find(addr);
  if (acc == nullptr) return {};
  const auto it = acc->storage.find(key);
  if (it != acc->storage.end()) return it->second.current;
  return acc->lazy_storage ? load_slot(addr, key).current : Bytes32{};
}

Bytes32 State::get_transient_storage(const Address& addr, const Bytes32& key) const {
  const Account* acc = find(addr);
  if (acc == nullptr) return {};
  const auto it = acc->transient_storage.find(key);
  return it == acc->transient_storage.end() ? Bytes32{} : it->second;
}

Account& State::get_or_create(const Address& addr) {
  auto [it, inserted] = accounts_.try_emplace(addr);
  if (inserted && (source_ == nullptr || !fill_from_source(addr, it->second)))
    journal_.push_back({.change = Change::kCreated, .addr = addr});
  return it->second;
}

Account& State::touch(const Address& addr) {
  Account& acc = get_or_create(addr);
  if (!acc.touched) {
    journal_.push_back({.change = Change::kTouched, .addr = addr});
    acc.touched = true;
  }
  return acc;
}

void State::set_balance(const Address& addr, const uint256& balance) {
  Account& acc = get_or_create(addr);
  journal_.push_back({.change = Change::kBalance, .addr = addr, .prev_balance = acc.balance});
  acc.balance = balance;
}

void State::add_balance(const Address& addr, const uint256& amount) {
  Account& acc = get_or_create(addr);
  journal_.push_back({.change = Change::kBalance, .addr = addr, .prev_balance = acc.balance});
  acc.balance += amount;
}

void State::sub_balance(const Address& addr, const uint256& amount) {
  Account& acc = get_or_create(addr);
  journal_.push_back({.change = Change::kBalance, .addr = addr, .prev_balance = acc.balance});
  acc.balance -= amount;
}

void State::set_nonce(const Address& addr, std::uint64_t nonce) {
  Account& acc = get_or_create(addr);
  journal_.push_back({.change = Change::kNonce, .addr = addr, .prev_nonce = acc.nonce});
  acc.nonce = nonce;
}

void State::set_code(const Address& addr, Bytes code, CodeKind kind) {
  Account& acc = get_or_create(addr);
  journal_.push_back({.change = Change::kCode, .addr = addr});
  acc.code_hash = keccak256(code);
  acc.code = std::move(code);
  acc.code_kind = kind;
}

const Bytes* State::get_data(const Address& addr, const Bytes& key) const {
  const Account* acc = find(addr);
  if (acc == nullptr) return nullptr;
  if (acc->lazy_data) load_data(addr, *acc, key);
  const auto it = acc->data.find(key);
  return it == acc->data.end() ? nullptr : &it->second;
}

void State::set_data(const Address& addr, const Bytes& key, std::optional<Bytes> value) {
  Account& acc = get_or_create(addr);
  if (acc.lazy_data) load_data(addr, acc, key);
  const auto it = acc.data.find(key);
  const bool existed = it != acc.data.end();
  if (!existed && !value) return;
  if (existed && value && it->second.size() == value->size() &&
      std::equal(value->begin(), value->end(), it->second.begin()))
    return;
  std::optional<Bytes> previous;
  if (existed) previous = it->second;
  journal_.push_back({.change = Change::kData, .addr = addr, .prev_nonce = data_undo_.size()});
  data_undo_.push_back({key, std::move(previous)});
  if (value) {
    acc.data.insert_or_assign(key, std::move(*value));
  } else {
    acc.data.erase(it);
  }
}

StorageStatus classify_sstore(const Bytes32& original, const Bytes32& current,
                              const Bytes32& value) noexcept {
  if (current == value) return StorageStatus::kAssigned;
  if (original == current) {  // clean slot
    if (current.is_zero()) return StorageStatus::kAdded;
    return value.is_zero() ? StorageStatus::kDeleted : StorageStatus::kModified;
  }
  // Dirty slot.
  if (original.is_zero())
    return value.is_zero() ? StorageStatus::kAddedDeleted : StorageStatus::kAssigned;
  if (current.is_zero())
    return value == original ? StorageStatus::kDeletedRestored : StorageStatus::kDeletedAdded;
  if (value.is_zero()) return StorageStatus::kModifiedDeleted;
  return value == original ? StorageStatus::kModifiedRestored : StorageStatus::kAssigned;
}

StorageStatus State::set_storage(const Address& addr, const Bytes32& key, const Bytes32& value) {
  Account& acc = get_or_create(addr);
  if (acc.lazy_storage && !acc.storage.contains(key)) (void)load_slot(addr, key);
  StorageSlot& slot = acc.storage[key];  // a missing slot holds zero, original and current
  const StorageStatus status = classify_sstore(slot.original, slot.current, value);
  if (slot.current != value) {
    journal_.push_back(
        {.change = Change::kStorage, .addr = addr, .key = key, .prev_word = slot.current});
    slot.current = value;
  }
  return status;
}

void State::set_transient_storage(const Address& addr, const Bytes32& key, const Bytes32& value) {
  Account& acc = get_or_create(addr);
  Bytes32& slot = acc.transient_storage[key];
  journal_.push_back({.change = Change::kTransient, .addr = addr, .key = key, .prev_word = slot});
  slot = value;
}

void State::mark_just_created(const Address& addr) {
  Account& acc = get_or_create(addr);
  if (acc.just_created) return;
  journal_.push_back({.change = Change::kJustCreated, .addr = addr});
  acc.just_created = true;
}

bool State::mark_destructed(const Address& addr) {
  Account& acc = get_or_create(addr);
  if (acc.destructed) return false;
  journal_.push_back({.change = Change::kDestructed, .addr = addr});
  acc.destructed = true;
  return true;
}

AccessStatus State::access_account(const Address& addr) {
  if (!warm_accounts_.insert(addr)) return AccessStatus::kWarm;
  journal_.push_back({.change = Change::kWarmAccount, .addr = addr});
  return AccessStatus::kCold;
}

AccessStatus State::access_storage(const Address& addr, const Bytes32& key) {
  if (!warm_slots_.insert({addr, key})) return AccessStatus::kWarm;
  journal_.push_back({.change = Change::kWarmSlot, .addr = addr, .key = key});
  return AccessStatus::kCold;
}

void State::add_log(Log log) { logs_.push_back(std::move(log)); }

void State::undo(const Entry& e) {
  if (e.change == Change::kWarmAccount) {
    warm_accounts_.erase(e.addr);
    return;
  }
  if (e.change == Change::kWarmSlot) {
    warm_slots_.erase({e.addr, e.key});
    return;
  }
  if (e.change == Change::kDeleted) {
    accounts_.insert_or_assign(e.addr, std::move(deleted_accounts_[e.prev_nonce]));
    deleted_accounts_.pop_back();  // entries are undone newest first
    return;
  }
  const auto it = accounts_.find(e.addr);
  if (it == accounts_.end()) return;  // unreachable: entries are undone newest first
  Account& acc = it->second;
  switch (e.change) {
    case Change::kCreated:
      accounts_.erase(it);
      break;
    case Change::kBalance:
      acc.balance = e.prev_balance;
      break;
    case Change::kNonce:
      acc.nonce = e.prev_nonce;
      break;
    case Change::kCode:
      acc.code.clear();
      acc.code_hash = kEmptyKeccak;
      acc.code_kind = CodeKind::kNone;
      break;
    case Change::kData: {
      DataUndo& undo = data_undo_[e.prev_nonce];
      if (undo.previous) {
        acc.data.insert_or_assign(undo.key, std::move(*undo.previous));
      } else {
        acc.data.erase(undo.key);
      }
      data_undo_.pop_back();  // entries are undone newest first
      break;
    }
    case Change::kStorage:
      acc.storage[e.key].current = e.prev_word;
      break;
    case Change::kTransient:
      acc.transient_storage[e.key] = e.prev_word;
      break;
    case Change::kTouched:
      acc.touched = false;
      break;
    case Change::kDestructed:
      acc.destructed = false;
      break;
    case Change::kJustCreated:
      acc.just_created = false;
      break;
    case Change::kWarmAccount:
    case Change::kWarmSlot:
    case Change::kDeleted:
      break;
  }
}

void State::revert(const Snapshot& snapshot) {
  while (journal_.size() > snapshot.journal_size) {
    undo(journal_.back());
    journal_.pop_back();
  }
  if (logs_.size() > snapshot.log_count) logs_.resize(snapshot.log_count);
}

std::vector<Log> State::finalize_transaction(bool clear_empty) {
  // Only accounts and slots with journal entries can need clean-up, so the cost of a transaction
  // does not grow with the size of the state or of a contract's storage.
  std::vector<Address> changed;
  std::vector<std::pair<Address, Bytes32>> written;
  changed.reserve(journal_.size());
  for (const Entry& e : journal_) {
    if (e.change == Change::kWarmAccount || e.change == Change::kWarmSlot) continue;
    changed.push_back(e.addr);
    if (e.change == Change::kStorage) written.emplace_back(e.addr, e.key);
    if (e.change == Change::kData) changes_.data[e.addr].insert(data_undo_[e.prev_nonce].key);
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  if (keep_block_journal_) keep_for_block();
  for (const Address& addr : changed) {
    const auto it = accounts_.find(addr);
    if (it == accounts_.end()) continue;
    Account& acc = it->second;
    changes_.accounts.insert(addr);
    if (acc.destructed || (clear_empty && acc.touched && acc.is_empty())) {
      if (keep_block_journal_) {
        BlockJournal& block = block_journals_.back();
        block.entries.push_back(
            {.change = Change::kDeleted, .addr = addr, .prev_nonce = block.deleted.size()});
        block.deleted.push_back(std::move(acc));
      }
      accounts_.erase(it);
      changes_.deleted.insert(addr);
      continue;
    }
    acc.touched = false;
    acc.just_created = false;
    acc.transient_storage.clear();
  }
  for (const auto& [addr, key] : written) {
    changes_.slots.emplace(addr, key);
    const auto it = accounts_.find(addr);
    if (it == accounts_.end()) continue;
    auto slot = it->second.storage.find(key);
    if (slot == it->second.storage.end()) continue;
    if (slot->second.current.is_zero() && !it->second.lazy_storage) {
      it->second.storage.erase(slot);
    } else {
      slot->second.original = slot->second.current;
    }
  }
  std::vector<Log> logs = std::move(logs_);
  discard_transaction();
  return logs;
}

void State::discard_transaction() {
  journal_.clear();
  data_undo_.clear();
  logs_.clear();
  warm_accounts_.clear();
  warm_slots_.clear();
}

}  // namespace plexus::exec
