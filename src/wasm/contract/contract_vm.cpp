#include "wasm/contract/contract_vm.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "wasm/contract/activation.hpp"
#include "wasm/contract/envelope.hpp"
#include "wasm/contract/gas.hpp"
#include "wasm/contract/outcome.hpp"

namespace plexus::wasm {
namespace {

using exec::CallResult;
using exec::CallStatus;
using namespace contract;

// Compiled contracts kept; the cache is dropped whole when full (rare: it only costs recompiles).
constexpr std::size_t kCacheEntries = 256;

[[nodiscard]] CompileOptions contract_options() {
  CompileOptions o;
  o.metering = true;
  o.integer_only = true;
  o.gas.memory_page = kGasMemoryPage;
  return o;
}

[[nodiscard]] Result<void> check_exports(const Module& m) {
  const auto func_type = [&](std::uint32_t index) -> const FuncType& {
    return m.types[m.func_types[index]];
  };
  bool has_call = false, has_memory = false;
  for (const Export& e : m.exports) {
    if (e.name == "memory") has_memory = e.kind == ExternKind::kMemory;
    if (e.name != "call" && e.name != "deploy") continue;
    if (e.kind != ExternKind::kFunc || func_type(e.index) != FuncType{})
      return fail(Errc::kValidation, "wasm contract: export `" + e.name +
                                         "` must be a function without parameters or results");
    has_call |= e.name == "call";
  }
  if (!has_call) return fail(Errc::kValidation, "wasm contract: no exported function `call`");
  if (!has_memory) return fail(Errc::kValidation, "wasm contract: no exported memory `memory`");
  return {};
}

[[nodiscard]] CallResult failure(std::string why) {
  return CallResult{CallStatus::kFailure, 0, {}, std::move(why)};
}

// Runs `entry` of a compiled contract with `input` as its input.
[[nodiscard]] CallResult run(exec::Host& host, const exec::CallMessage& msg,
                             const std::shared_ptr<const CompiledModule>& module,
                             const char* entry, BytesView input) {
  RuntimeLimits limits;
  limits.max_memory_pages = kMaxMemoryPages;
  limits.max_stack_slots = kMaxStackSlots;
  limits.max_call_depth = kMaxFrames;
  Store store(limits);
  store.set_gas(static_cast<std::uint64_t>(std::max<std::int64_t>(msg.gas, 0)));
  const auto& memories = module->module.all_memories;
  const std::uint64_t pages = memories.empty() ? 0 : memories[0].limits.min;
  if (!store.charge_gas(pages * kGasMemoryPage))
    return CallResult{CallStatus::kOutOfGas, 0, {}, "out of gas (initial memory)"};
  Activation act{host, msg, input, store, nullptr, Exit::kNone, {}, {}, {}};
  const std::vector<Extern> imports = bind_imports(module->module, act);
  auto instance = store.instantiate(module, imports);
  if (!instance) return failure("wasm contract: instantiation failed: " + instance.error().message);
  act.memory = (*instance)->find_export("memory")->memory;
  const Extern* fn = (*instance)->find_export(entry);
  auto outcome = store.invoke(fn->func, {});
  if (!outcome) return failure("wasm contract: " + outcome.error().message);
  return to_call_result(act, outcome->trap, store.gas_left());
}

}  // namespace

Result<std::shared_ptr<const CompiledModule>> ContractVm::compile_contract(BytesView module) {
  if (module.size() > kMaxModuleSize)
    return fail(Errc::kLimitExceeded, "wasm contract: module of " + std::to_string(module.size()) +
                                          " bytes exceeds the limit of " +
                                          std::to_string(kMaxModuleSize));
  auto compiled = compile_module(module, contract_options());
  if (!compiled) {
    Error e = std::move(compiled).error();
    e.message = "wasm contract: invalid module: " + e.message;
    return std::unexpected(std::move(e));
  }
  const Module& m = (*compiled)->module;
  PLEXUS_CHECK(check_imports(m));
  PLEXUS_CHECK(check_exports(m));
  if (m.start) return not_supported("wasm contract: a start function (use `deploy`)");
  if (!m.all_memories.empty() && m.all_memories[0].limits.min > kMaxMemoryPages)
    return fail(Errc::kLimitExceeded, "wasm contract: initial memory above " +
                                          std::to_string(kMaxMemoryPages) + " pages");
  return compiled;
}

Result<std::shared_ptr<const CompiledModule>> ContractVm::compiled(const Hash256& code_hash,
                                                                   BytesView code) {
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(code_hash); it != cache_.end()) return it->second;
  }
  PLEXUS_TRY(auto module, compile_contract(code));
  const std::lock_guard lock(mutex_);
  if (cache_.size() >= kCacheEntries) cache_.clear();
  cache_.emplace(code_hash, module);
  return module;
}

bool ContractVm::accepts_creation(BytesView payload) const { return is_wasm_creation(payload); }

exec::CallResult ContractVm::execute(exec::Host& host, const exec::CallMessage& msg) {
  if (host.code_kind(msg.recipient) != exec::CodeKind::kWasm)
    return failure("wasm contract: the recipient holds no WebAssembly code");
  const Bytes code = host.code(msg.recipient);
  auto module = compiled(host.code_hash(msg.recipient), code);
  if (!module) return failure(module.error().message);
  return run(host, msg, *module, "call", msg.input);
}

exec::CallResult ContractVm::create(exec::Host& host, const exec::CallMessage& msg) {
  auto creation = parse_creation(msg.input);
  if (!creation) return failure(creation.error().message);
  const auto deposit = static_cast<std::int64_t>(creation->module.size()) * kGasCodeDepositPerByte;
  if (msg.gas < deposit)
    return CallResult{CallStatus::kOutOfGas, 0, {}, "out of gas (code deposit)"};
  auto module = compiled(keccak256(creation->module), creation->module);
  if (!module) return failure(module.error().message);
  const auto& exports = (*module)->module.exports;
  const bool has_deploy = std::ranges::find(exports, "deploy", &Export::name) != exports.end();
  if (!has_deploy && !creation->args.empty())
    return failure("wasm contract: constructor arguments given but no `deploy` export");
  host.set_code(msg.recipient, exec::CodeKind::kWasm, to_bytes(creation->module));
  exec::CallMessage rest = msg;
  rest.gas = msg.gas - deposit;
  if (!has_deploy) return CallResult{CallStatus::kSuccess, rest.gas, {}, {}};
  CallResult r = run(host, rest, *module, "deploy", creation->args);
  if (r.status == CallStatus::kSuccess) r.output.clear();
  return r;
}

}  // namespace plexus::wasm
