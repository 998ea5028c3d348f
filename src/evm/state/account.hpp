#pragma once
// The EVM's names for the execution layer's account types (the world state is shared by all VMs).
#include "exec/account.hpp"

namespace plexus::evm::state {

using exec::Account;
using exec::Log;
using exec::StorageSlot;

}  // namespace plexus::evm::state
