#include "node/subnet_vms.hpp"

namespace plexus::node {

Result<void> configure_subnet_vms(platform::VmKind vm, chain::EvmChainConfig&) {
  switch (vm) {
    case platform::VmKind::kEvm: return {};
    case platform::VmKind::kWasm: return not_supported("WASM subnets");
    case platform::VmKind::kMove: return not_supported("Move subnets");
  }
  return not_supported("this subnet VM");
}

}  // namespace plexus::node
