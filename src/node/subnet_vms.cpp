#include "node/subnet_vms.hpp"

#include "exec/account.hpp"
#include "move/adapter/router_vm.hpp"
#include "move/adapter/stdlib.hpp"
#include "move/binary/binary.hpp"
#include "move/vm/module_store.hpp"
#include "wasm/contract/contract_vm.hpp"

namespace plexus::node {
namespace {

// The Move standard library's modules, stored at 0x1 as publishing would store them (by name in
// the module namespace). Genesis writes them directly: they are our own, verified on first load.
Result<exec::Account> move_stdlib_account() {
  PLEXUS_TRY(const auto modules, move::build_subnet_stdlib());
  exec::Account account;
  for (const move::CompiledModule& module : modules) {
    const std::string& name = move::self_id(module).name;
    const BytesView key(reinterpret_cast<const Byte*>(name.data()), name.size());
    account.data.insert_or_assign(exec::data_key(exec::Namespace::kMoveModule, key),
                                  move::serialize_module(module));
  }
  return account;
}

}  // namespace

Address move_stdlib_address() {
  Address a;
  a[19] = 1;
  return a;
}

Result<void> configure_subnet_vms(platform::VmSet vms, chain::ChainConfig& config) {
  std::vector<exec::CodeKind>& foreign = config.params.genesis().foreign_vms;
  foreign.clear();
  // Both loaded on every subnet: a governance proposal may enable WASM or Move at a height while
  // the chain runs (the parameters, not the objects, decide whether a block runs them). Move's
  // standard library goes into state with the block that first runs Move, genesis or later.
  config.wasm_vm = std::make_shared<wasm::ContractVm>();
  config.move_vm = std::make_shared<move::MoveRouterVm>();
  if (vms.contains(platform::VmKind::kWasm)) foreign.push_back(exec::CodeKind::kWasm);
  if (vms.contains(platform::VmKind::kMove)) foreign.push_back(exec::CodeKind::kMove);
  // Every subnet carries it now (Move may be enabled later), and it is the same bytes each time:
  // assembled from IR once per process, not once per subnet opened.
  static const Result<exec::Account> stdlib = move_stdlib_account();
  if (!stdlib) return std::unexpected(stdlib.error());
  config.vm_accounts[exec::CodeKind::kMove] = {{move_stdlib_address(), *stdlib}};
  return {};
}

}  // namespace plexus::node
