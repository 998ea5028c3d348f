#pragma once
// What a subnet runs besides the EVM, by the VM set its registration names: the WASM contract VM,
// and the Move VM behind exec::kMoveRouter with the Move standard library published at genesis.
// The chain parameters' foreign_vms list the same VMs, so every node of the subnet agrees.
#include "chain/subnet_chain.hpp"
#include "platform/operations.hpp"

namespace plexus::node {

// 0x...01, where the Move standard library lives.
[[nodiscard]] Address move_stdlib_address();

[[nodiscard]] Result<void> configure_subnet_vms(platform::VmSet vms, chain::ChainConfig& config);

}  // namespace plexus::node
