#pragma once
// WebAssembly smart contracts behind the execution layer's Vm seam. A contract is a module that
// imports only the "plexus" host functions, exports its memory, an entry point `call` and
// optionally a constructor `deploy`, and uses no floating-point instruction. Modules are checked
// completely at creation, installed as CodeKind::kWasm and compiled once per code hash.
// docs/WASM_CONTRACTS.md is the contract author's reference.
#include <memory>
#include <mutex>
#include <unordered_map>

#include "exec/host.hpp"
#include "wasm/compiler.hpp"

namespace plexus::wasm {

class ContractVm final : public exec::Vm {
 public:
  [[nodiscard]] exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] exec::CallResult create(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] bool accepts_creation(BytesView payload) const override;

  // Decodes, validates and compiles `module` and checks the contract rules (imports, exports,
  // no floats, no start function, memory within the cap): what creation requires.
  [[nodiscard]] static Result<std::shared_ptr<const CompiledModule>> compile_contract(
      BytesView module);

 private:
  [[nodiscard]] Result<std::shared_ptr<const CompiledModule>> compiled(const Hash256& code_hash,
                                                                        BytesView code);

  std::mutex mutex_;  // the cache may be shared by concurrent executions (RPC calls)
  std::unordered_map<Hash256, std::shared_ptr<const CompiledModule>> cache_;
};

}  // namespace plexus::wasm
