#include "chain/stored_accounts.hpp"

namespace plexus::chain {

std::optional<exec::Account> StoredAccounts::load(const Address& addr) const {
  if (storage_ == Storage::kWhole) {
    auto loaded = world_.account_state_at(root_, addr);
    if (loaded) return std::move(*loaded);
    if (!error_) error_ = loaded.error();
    return std::nullopt;
  }
  auto loaded = world_.account_lazily_at(root_, addr);
  if (!loaded) {
    if (!error_) error_ = loaded.error();
    return std::nullopt;
  }
  if (!*loaded) return std::nullopt;
  storage_roots_[addr] = (*loaded)->storage_root;
  return std::move((*loaded)->account);
}

Bytes32 StoredAccounts::load_slot(const Address& addr, const Bytes32& key) const {
  const auto root = storage_roots_.find(addr);
  if (root == storage_roots_.end()) return {};
  auto value = world_.slot_in(root->second, key);
  if (value) return *value;
  if (!error_) error_ = value.error();
  return {};
}

std::optional<Bytes> StoredAccounts::load_data(const Address& addr, const Bytes& key) const {
  const auto root = storage_roots_.find(addr);
  if (root == storage_roots_.end()) return std::nullopt;
  auto value = world_.data_in(root->second, key);
  if (value) return std::move(*value);
  if (!error_) error_ = value.error();
  return std::nullopt;
}

}  // namespace plexus::chain
