// Entry calls through the router: load the module and its dependencies from state, pass the
// sender as the leading signers, run, and write changed resources back.
#include <algorithm>

#include "core/hash.hpp"
#include "move/adapter/address.hpp"
#include "move/adapter/gas.hpp"
#include "move/adapter/host_resources.hpp"
#include "move/adapter/router_vm.hpp"
#include "move/binary/disassembler.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

bool mentions_signer(const SignatureToken& t) {
  if (t.kind == TokenKind::kSigner) return true;
  for (const auto& a : t.args)
    if (mentions_signer(a)) return true;
  return false;
}

bool is_signer_param(const SignatureToken& t) {
  return t.kind == TokenKind::kSigner ||
         (t.is_reference() && t.args.size() == 1 && t.args[0].kind == TokenKind::kSigner);
}

// The envelope's arguments after as many copies of the sender as there are leading signer
// parameters. A signer anywhere else could be forged from an address, so such a function cannot
// be called from outside.
Result<std::vector<Bytes>> entry_arguments(const Signature& params, const EntryCall& call,
                                           const Bytes& sender) {
  std::size_t signers = 0;
  while (signers < params.size() && is_signer_param(params[signers])) ++signers;
  for (std::size_t i = signers; i < params.size(); ++i)
    if (mentions_signer(params[i]))
      return fail(Errc::kValidation,
                  "Move: " + call.function_name + " takes a signer after other parameters");
  if (call.args.size() != params.size() - signers)
    return fail(Errc::kValidation, "Move: " + call.function_name + " takes " +
                                       std::to_string(params.size() - signers) +
                                       " arguments besides its signers, got " +
                                       std::to_string(call.args.size()));
  std::vector<Bytes> out(signers, sender);
  out.insert(out.end(), call.args.begin(), call.args.end());
  return out;
}

// "Move abort 0x1::coin::transfer code 3" from the error's "0x1::coin::transfer[: detail]".
std::string abort_reason(const VmError& e) {
  const auto colon = e.message.find(": ");
  std::string out =
      "Move abort " + e.message.substr(0, colon) + " code " + std::to_string(e.abort_code);
  if (colon != std::string::npos) out += e.message.substr(colon);
  return out;
}

VmError abort_error(std::uint64_t code, std::string message) {
  return VmError{StatusCode::ABORTED, std::move(message), {}, code};
}

}  // namespace

exec::CallResult MoveRouterVm::entry(exec::Host& host, const exec::CallMessage& msg,
                                     const EntryCall& call) {
  const std::uint64_t limit = gas_limit(msg);
  ModuleStore store;
  ModuleLoader loader(host_module_reader(host), cache_, store);
  const ModuleId id{call.module_address, call.module_name};
  if (auto ok = loader.load(id); !ok) return call_failure("Move: " + ok.error().to_string());
  std::vector<Type> type_args;
  for (const auto& tag : call.type_args) {
    const std::string text = tag.to_string();
    auto loaded = loader.load_for_type(text);
    auto type = loaded ? parse_type(store, text, kMoveAddressLength)
                       : std::unexpected(std::move(loaded).error());
    if (!type) return call_failure("Move: type argument " + text + ": " + type.error().to_string());
    type_args.push_back(std::move(*type));
  }
  const std::uint64_t load_gas =
      gas::kModuleLoad * loader.modules_loaded() + gas::kModuleLoadPerByte * loader.bytes_loaded();
  if (load_gas > limit) return call_out_of_gas("Move: out of gas loading modules");

  const LoadedModule* m = store.find(id);
  const auto def = m->find_function(call.function_name);
  if (!def) return call_failure("Move: no function " + id.to_string() + "::" + call.function_name);
  const auto& handle = m->module.function_handles[m->module.function_defs[*def].function];
  auto args =
      entry_arguments(m->module.signatures[handle.parameters], call, to_move_address(msg.sender));
  if (!args) return call_failure(args.error().message);

  HostResources source(host);
  GlobalStorage storage(&source);
  VmConfig config;
  config.gas_limit = limit - load_gas;
  config.address_length = kMoveAddressLength;
  config.emit_event = [&](const ModuleId& emitter, const Type& type, BytesView data,
                          GasMeter& gas) -> VmResult<void> {
    if (msg.is_static)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "event in a static call");
    MOVE_CHECK(gas.charge(gas::kEventBase + gas::kEventPerByte * data.size()));
    const auto account = to_account(emitter.address);
    if (!account) return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "emitter");
    const Bytes32 topic = keccak256(as_bytes(type_tag(type)));
    host.emit_log(*account, std::span(&topic, 1), data);
    return {};
  };
  config.evm_call = [&](BytesView from, BytesView target, BytesView data,
                        GasMeter& gas) -> VmResult<Bytes> {
    MOVE_CHECK(gas.charge(gas::kEvmCallBase));
    const auto from_account = to_account(from);
    const auto to = to_account(target);
    if (!from_account || !to) return std::unexpected(abort_error(4, "evm::call: not an account"));
    if (msg.depth + 1 > exec::kMaxCallDepth)
      return std::unexpected(abort_error(4, "evm::call: call depth"));
    // The callee sees the state as this execution left it so far; a change it makes to a
    // resource this execution holds would be overwritten, so it fails the execution instead.
    MOVE_TRY(const auto flushed, write_back(host, storage, msg.is_static));
    MOVE_CHECK(gas.charge(flushed));
    // Resources at addresses that are not accounts never exist, so only accounts are watched.
    auto held = [&] {
      std::vector<std::optional<Bytes>> out;
      for (const auto& [addr, tag] : storage.fetched())
        if (const auto account = to_account(addr))
          out.push_back(host.load(*account, exec::Namespace::kMoveResource, as_bytes(tag)));
      return out;
    };
    const auto before = held();
    const std::uint64_t forwarded = gas.remaining() - gas.remaining() / 64;
    const exec::CallMessage sub{
        *from_account, *to,          0, data, static_cast<std::int64_t>(forwarded),
        msg.depth + 1, msg.is_static};
    const exec::CallResult r = host.call(sub);
    const auto left = static_cast<std::uint64_t>(
        std::clamp<std::int64_t>(r.gas_left, 0, static_cast<std::int64_t>(forwarded)));
    MOVE_CHECK(gas.charge(forwarded - left));
    if (held() != before)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR,
                     "evm::call: the callee changed a resource the caller has loaded");
    if (r.status == exec::CallStatus::kRevert)
      return std::unexpected(abort_error(1, "evm::call reverted"));
    if (r.status == exec::CallStatus::kOutOfGas)
      return std::unexpected(abort_error(2, "evm::call ran out of gas"));
    if (r.status != exec::CallStatus::kSuccess)
      return std::unexpected(abort_error(3, "evm::call failed: " + r.error));
    return r.output;
  };

  MoveVm vm(store, storage, std::move(config));
  auto result = vm.execute_bcs(id, call.function_name, std::move(type_args), std::move(*args));
  const std::uint64_t vm_gas = load_gas + vm.last_gas_used();
  if (!result) {
    const VmError& e = result.error();
    if (e.status == StatusCode::OUT_OF_GAS) return call_out_of_gas("Move: out of gas");
    if (e.status != StatusCode::ABORTED) return call_failure("Move: " + e.to_string());
    const std::string reason = abort_reason(e);
    return exec::CallResult{exec::CallStatus::kRevert, static_cast<std::int64_t>(limit - vm_gas),
                            abi_error_string(reason), reason};
  }
  auto written = write_back(host, storage, msg.is_static);
  if (!written) return call_failure("Move: " + written.error().to_string());
  if (*written > limit - vm_gas) return call_out_of_gas("Move: out of gas writing resources");
  Bytes output;
  for (const auto& v : result->returns) {
    auto b = bcs_encode(v);
    if (!b) return call_failure("Move: return value: " + b.error().to_string());
    output.insert(output.end(), b->begin(), b->end());
  }
  return exec::CallResult{exec::CallStatus::kSuccess,
                          static_cast<std::int64_t>(limit - vm_gas - *written),
                          std::move(output),
                          {}};
}

}  // namespace plexus::move
