#pragma once
// The EVM's names for the execution layer's journaled world state (shared by all VMs).
#include "evm/host.hpp"
#include "evm/state/account.hpp"
#include "exec/state.hpp"

namespace plexus::evm::state {

using exec::classify_sstore;
using exec::Snapshot;
using exec::State;
using exec::StateChanges;

}  // namespace plexus::evm::state
