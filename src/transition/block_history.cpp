#include "transition/block_history.hpp"

#include "core/hex.hpp"
#include "core/uint256.hpp"

namespace plexus::transition {
namespace {

// The contract's runtime code as EIP-2935 publishes it: called by the system address it stores
// the calldata hash at (number - 1) % 8191; called by anyone else with a block number in the
// window it returns that block's hash, and reverts otherwise.
constexpr std::string_view kHistoryCode =
    "3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257"
    "611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500";

}  // namespace

const Address& history_storage_address() noexcept {
  static const Address kAddress =
      fixed_from_hex<20>("0x0000F90827F1C53a10cb7A02335B175320002935").value();
  return kAddress;
}

void record_parent_hash(exec::State& state, std::uint64_t number, const Hash256& parent_hash) {
  if (number == 0) return;
  const Address& addr = history_storage_address();
  const exec::Account* acc = state.find(addr);
  if (acc == nullptr || acc->code.empty()) {
    state.set_code(addr, from_hex(kHistoryCode).value());
    state.set_nonce(addr, 1);
  }
  const uint256 slot = uint256((number - 1) % kHistoryServeWindow);
  state.set_storage(addr, to_bytes32(slot), parent_hash);
  (void)state.finalize_transaction();
}

}  // namespace plexus::transition
