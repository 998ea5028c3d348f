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
