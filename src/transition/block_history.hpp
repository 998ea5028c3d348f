#pragma once
// EIP-2935 (Prague): the hashes of the last 8191 blocks kept in the state, in a system contract
// any contract can query (BLOCKHASH itself keeps its 256-block window).
#include <cstdint>

#include "core/bytes.hpp"
#include "exec/state.hpp"

namespace plexus::transition {

// 0x0000F90827F1C53a10cb7A02335B175320002935, where Ethereum's deployment placed it.
[[nodiscard]] const Address& history_storage_address() noexcept;
inline constexpr std::uint64_t kHistoryServeWindow = 8191;

// Before the transactions of Prague block `number` (> 0): stores `parent_hash` in slot
// (number - 1) % 8191 of the history contract, as Ethereum's system call to it does. A subnet
// has no deployment transaction to replay, so the first Prague block installs the contract's
// code (nonce 1, as a created contract) where it is missing. The write is a finished
// transaction's change (finalized), so the block's state changes carry it.
void record_parent_hash(exec::State& state, std::uint64_t number, const Hash256& parent_hash);

}  // namespace plexus::transition
