#pragma once
// What a subnet runs besides the EVM, by the VM its registration names: the WASM contract VM,
// or the Move VM behind exec::kMoveRouter with the Move standard library published at genesis.
#include "chain/subnet_chain.hpp"
#include "platform/operations.hpp"

namespace plexus::node {

// 0x...01, where the Move standard library lives.
[[nodiscard]] Address move_stdlib_address();

[[nodiscard]] Result<void> configure_subnet_vms(platform::VmKind vm,
                                                chain::ChainConfig& config);

}  // namespace plexus::node
