// A state backed by an AccountSource loads accounts on first access. Apart from state.cpp so that
// the journaled setters' unit, the EVM's hot path, stays as small as it was.
#include "exec/state.hpp"

namespace plexus::exec {

const Account* State::load_from_source(const Address& addr) const {
  if (absent_.contains(addr)) return nullptr;
  std::optional<Account> loaded = source_->load(addr);
  if (!loaded) {
    absent_.insert(addr);
    return nullptr;
  }
  return &accounts_.emplace(addr, std::move(*loaded)).first->second;
}

void State::override_storage(const Address& addr, const std::map<Bytes32, Bytes32>& slots) {
  Account& acc = get_or_create(addr);
  acc.storage.clear();
  acc.lazy_storage = false;
  acc.stored_storage = false;
  for (const auto& [key, value] : slots)
    if (!value.is_zero()) acc.storage.emplace(key, StorageSlot{value, value});
}

StorageSlot& State::load_slot(const Address& addr, const Bytes32& key) const {
  const Bytes32 value = source_ != nullptr ? source_->load_slot(addr, key) : Bytes32{};
  return accounts_.at(addr).storage.emplace(key, StorageSlot{value, value}).first->second;
}

void State::load_data(const Address& addr, const Account& account, const Bytes& key) const {
  if (source_ == nullptr || account.data.contains(key) || !data_read_.emplace(addr, key).second)
    return;
  if (std::optional<Bytes> value = source_->load_data(addr, key))
    accounts_.at(addr).data.emplace(key, std::move(*value));
}

bool State::fill_from_source(const Address& addr, Account& account) {
  if (absent_.contains(addr)) return false;
  std::optional<Account> loaded = source_->load(addr);
  if (!loaded) {
    absent_.insert(addr);
    return false;
  }
  account = std::move(*loaded);
  return true;
}

}  // namespace plexus::exec
