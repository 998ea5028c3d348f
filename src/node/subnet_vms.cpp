#include "node/subnet_vms.hpp"

#include "wasm/contract/contract_vm.hpp"

namespace plexus::node {

Result<void> configure_subnet_vms(platform::VmKind vm, chain::EvmChainConfig& config) {
  switch (vm) {
    case platform::VmKind::kEvm: return {};
    case platform::VmKind::kWasm:
      config.wasm_vm = std::make_shared<wasm::ContractVm>();
      return {};
    case platform::VmKind::kMove: return not_supported("Move subnets");
  }
  return not_supported("this subnet VM");
}

}  // namespace plexus::node
