#include "chain/state_override.hpp"

namespace plexus::chain {

void apply_overrides(exec::State& state, const StateOverrides& overrides) {
  for (const auto& [addr, change] : overrides) {
    state.get_or_create(addr);
    if (change.balance) state.set_balance(addr, *change.balance);
    if (change.nonce) state.set_nonce(addr, *change.nonce);
    if (change.code) {
      state.set_code(addr, *change.code,
                     change.code->empty() ? exec::CodeKind::kNone : exec::CodeKind::kEvm);
    }
    if (change.state) state.override_storage(addr, *change.state);
    for (const auto& [key, value] : change.state_diff) state.set_storage(addr, key, value);
  }
  // Not clear_empty: an override to an empty account must stay as the caller set it.
  (void)state.finalize_transaction(false);
}

}  // namespace plexus::chain
