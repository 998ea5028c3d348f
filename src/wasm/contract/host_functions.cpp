// The "plexus" host functions a contract imports (docs/WASM_CONTRACTS.md). Pointers and lengths
// are i32 (unsigned); every memory range is bounds-checked before use and gas is charged before
// the work it pays for, so a trap leaves nothing half done.
#include <algorithm>
#include <cstring>
#include <optional>

#include "core/hash.hpp"
#include "wasm/contract/activation.hpp"
#include "wasm/contract/gas.hpp"

namespace plexus::wasm::contract {
namespace {

using Args = std::span<const std::uint64_t>;
using Results = std::span<std::uint64_t>;
using Handler = Trap (*)(Activation&, Args, Results);

struct HostImport {
  const char* name;
  std::vector<ValType> params;
  std::vector<ValType> results;
  Handler fn;
};

[[nodiscard]] std::uint32_t u32(std::uint64_t slot) { return static_cast<std::uint32_t>(slot); }

[[nodiscard]] Trap host_error(Activation& act, std::string why) {
  act.error = std::move(why);
  return Trap::kHost;
}

[[nodiscard]] bool charge(Activation& act, std::int64_t gas) {
  return act.store.charge_gas(static_cast<std::uint64_t>(gas));
}

// The memory range [ptr, ptr + len), or nullopt (the caller traps) when it is out of bounds.
[[nodiscard]] std::optional<std::span<Byte>> range(Activation& act, std::uint64_t ptr,
                                                   std::uint64_t len) {
  Bytes& data = act.memory->data;
  if (ptr + len > data.size()) return std::nullopt;
  return std::span<Byte>(data.data() + ptr, len);
}

[[nodiscard]] Trap out_of_bounds(Activation& act, const char* fn) {
  return host_error(act, std::string(fn) + ": out of bounds memory access");
}

[[nodiscard]] Trap write_out(Activation& act, const char* fn, std::uint64_t ptr, BytesView v) {
  if (!charge(act, kGasEnv)) return Trap::kOutOfGas;
  const auto dst = range(act, ptr, v.size());
  if (!dst) return out_of_bounds(act, fn);
  std::copy(v.begin(), v.end(), dst->begin());
  return Trap::kNone;
}

// Copies src[offset, offset + len) to memory; `pad` zero-fills past the end of src (input, as
// CALLDATACOPY does), otherwise reading past it traps (return data, as RETURNDATACOPY does).
[[nodiscard]] Trap copy_out(Activation& act, const char* fn, BytesView src, Args a, bool pad) {
  const std::uint64_t dst_ptr = u32(a[0]), offset = u32(a[1]), len = u32(a[2]);
  if (!charge(act, kGasCopy + kGasCopyPerWord * words(len))) return Trap::kOutOfGas;
  if (!pad && offset + len > src.size())
    return host_error(act, std::string(fn) + ": reads past the end of the return data");
  const auto dst = range(act, dst_ptr, len);
  if (!dst) return out_of_bounds(act, fn);
  std::fill(dst->begin(), dst->end(), Byte{0});
  if (offset < src.size()) {
    const std::size_t n = std::min<std::uint64_t>(len, src.size() - offset);
    std::memcpy(dst->data(), src.data() + offset, n);
  }
  return Trap::kNone;
}

[[nodiscard]] Trap end_with(Activation& act, Args a, Exit exit, const char* fn) {
  const auto data = range(act, u32(a[0]), u32(a[1]));
  if (!data) return out_of_bounds(act, fn);
  if (!charge(act, kGasCopy + kGasCopyPerWord * words(data->size()))) return Trap::kOutOfGas;
  act.output.assign(data->begin(), data->end());
  act.exit = exit;
  return Trap::kHost;  // unwinds the contract; Activation::exit says it was no failure
}

[[nodiscard]] Trap static_violation(Activation& act, const char* fn) {
  return host_error(act, std::string(fn) + ": state change in a static call");
}

// A getter's result, for kGasEnv.
[[nodiscard]] Trap put(Activation& act, Results r, std::uint64_t value) {
  if (!charge(act, kGasEnv)) return Trap::kOutOfGas;
  r[0] = value;
  return Trap::kNone;
}

Trap input_size(Activation& act, Args, Results r) { return put(act, r, act.input.size()); }

Trap input_copy(Activation& act, Args a, Results) {
  return copy_out(act, "input_copy", act.input, a, true);
}

Trap finish(Activation& act, Args a, Results) { return end_with(act, a, Exit::kFinish, "finish"); }

Trap revert(Activation& act, Args a, Results) { return end_with(act, a, Exit::kRevert, "revert"); }

Trap storage_read(Activation& act, Args a, Results r) {
  const auto key = range(act, u32(a[0]), u32(a[1]));
  const auto dst = range(act, u32(a[2]), u32(a[3]));
  if (!key || !dst) return out_of_bounds(act, "storage_read");
  if (!charge(act, kGasStorageRead)) return Trap::kOutOfGas;
  const auto value = act.host.load(act.msg.recipient, exec::Namespace::kWasm, *key);
  if (!value) {
    r[0] = 0xFFFFFFFFu;  // -1: absent
    return Trap::kNone;
  }
  if (value->size() > 0x7FFFFFFFu) return host_error(act, "storage_read: value too large");
  if (!charge(act, kGasStorageReadPerWord * words(value->size()))) return Trap::kOutOfGas;
  std::memcpy(dst->data(), value->data(), std::min(value->size(), dst->size()));
  r[0] = value->size();
  return Trap::kNone;
}

Trap storage_write(Activation& act, Args a, Results) {
  if (act.msg.is_static) return static_violation(act, "storage_write");
  const auto key = range(act, u32(a[0]), u32(a[1]));
  const auto value = range(act, u32(a[2]), u32(a[3]));
  if (!key || !value) return out_of_bounds(act, "storage_write");
  if (!charge(act, kGasStorageUpdate)) return Trap::kOutOfGas;
  const bool exists = act.host.load(act.msg.recipient, exec::Namespace::kWasm, *key).has_value();
  const std::int64_t extra = (exists ? 0 : kGasStorageCreate - kGasStorageUpdate) +
                             kGasStoragePerByte * static_cast<std::int64_t>(key->size() +
                                                                            value->size());
  if (!charge(act, extra)) return Trap::kOutOfGas;
  act.host.store(act.msg.recipient, exec::Namespace::kWasm, *key,
                 Bytes(value->begin(), value->end()));
  return Trap::kNone;
}

Trap storage_remove(Activation& act, Args a, Results) {
  if (act.msg.is_static) return static_violation(act, "storage_remove");
  const auto key = range(act, u32(a[0]), u32(a[1]));
  if (!key) return out_of_bounds(act, "storage_remove");
  if (!charge(act, kGasStorageRemove)) return Trap::kOutOfGas;
  act.host.store(act.msg.recipient, exec::Namespace::kWasm, *key, std::nullopt);
  return Trap::kNone;
}

Trap caller(Activation& act, Args a, Results) {
  return write_out(act, "caller", u32(a[0]), act.msg.sender.view());
}

Trap address(Activation& act, Args a, Results) {
  return write_out(act, "address", u32(a[0]), act.msg.recipient.view());
}

Trap call_value(Activation& act, Args a, Results) {
  return write_out(act, "call_value", u32(a[0]), to_bytes32(act.msg.value).view());
}

Trap emit_log(Activation& act, Args a, Results) {
  if (act.msg.is_static) return static_violation(act, "emit_log");
  const std::uint32_t count = u32(a[1]);
  if (count > 4) return host_error(act, "emit_log: more than 4 topics");
  const auto topics = range(act, u32(a[0]), 32ull * count);
  const auto data = range(act, u32(a[2]), u32(a[3]));
  if (!topics || !data) return out_of_bounds(act, "emit_log");
  const std::int64_t cost = kGasLog + kGasLogTopic * count +
                            kGasLogPerByte * static_cast<std::int64_t>(data->size());
  if (!charge(act, cost)) return Trap::kOutOfGas;
  std::vector<Bytes32> words32(count);
  for (std::uint32_t i = 0; i < count; ++i)
    std::memcpy(words32[i].data(), topics->data() + 32 * i, 32);
  act.host.emit_log(act.msg.recipient, words32, *data);
  return Trap::kNone;
}

// Status codes returned to the contract.
constexpr std::uint64_t kCallSuccess = 0, kCallRevert = 1, kCallFailure = 2;

Trap call(Activation& act, Args a, Results r) {
  const auto to = range(act, u32(a[0]), 20);
  const auto value_bytes = range(act, u32(a[1]), 32);
  const auto input = range(act, u32(a[2]), u32(a[3]));
  if (!to || !value_bytes || !input) return out_of_bounds(act, "call");
  const uint256 value = load_be(*value_bytes);
  if (act.msg.is_static && value != 0) return static_violation(act, "call");
  if (!charge(act, kGasCall + (value != 0 ? kGasCallValue : 0))) return Trap::kOutOfGas;
  act.return_data.clear();
  if (act.msg.depth + 1 > exec::kMaxCallDepth) {
    r[0] = kCallFailure;
    return Trap::kNone;
  }
  // All but one 64th of what is left at most (EIP-150), so nesting depth is bounded by gas.
  const std::uint64_t left = act.store.gas_left();
  const std::uint64_t cap = left - left / 64;
  const auto requested = static_cast<std::int64_t>(a[4]);
  const std::uint64_t forward = requested <= 0 || static_cast<std::uint64_t>(requested) > cap
                                    ? cap
                                    : static_cast<std::uint64_t>(requested);
  act.store.set_gas(left - forward);
  exec::CallMessage sub;
  sub.sender = act.msg.recipient;
  sub.recipient = Address::right_aligned(*to);
  sub.value = value;
  const Bytes input_copy(input->begin(), input->end());
  sub.input = input_copy;
  sub.gas = static_cast<std::int64_t>(forward);
  sub.depth = act.msg.depth + 1;
  sub.is_static = act.msg.is_static;
  exec::CallResult res = act.host.call(sub);
  const std::uint64_t back = static_cast<std::uint64_t>(std::clamp<std::int64_t>(
      res.gas_left, 0, static_cast<std::int64_t>(forward)));
  act.store.set_gas(act.store.gas_left() + back);
  act.return_data = std::move(res.output);
  r[0] = res.status == exec::CallStatus::kSuccess  ? kCallSuccess
         : res.status == exec::CallStatus::kRevert ? kCallRevert
                                                   : kCallFailure;
  return Trap::kNone;
}

Trap returndata_size(Activation& act, Args, Results r) {
  return put(act, r, act.return_data.size());
}

Trap returndata_copy(Activation& act, Args a, Results) {
  return copy_out(act, "returndata_copy", act.return_data, a, false);
}

Trap block_number(Activation& act, Args, Results r) {
  return put(act, r, static_cast<std::uint64_t>(act.host.block().number));
}

Trap block_timestamp(Activation& act, Args, Results r) {
  return put(act, r, static_cast<std::uint64_t>(act.host.block().timestamp));
}

Trap chain_id(Activation& act, Args a, Results) {
  return write_out(act, "chain_id", u32(a[0]), to_bytes32(act.host.block().chain_id).view());
}

Trap coinbase(Activation& act, Args a, Results) {
  return write_out(act, "coinbase", u32(a[0]), act.host.block().coinbase.view());
}

Trap gas_left(Activation& act, Args, Results r) {
  // What is left after paying for this call.
  if (!charge(act, kGasEnv)) return Trap::kOutOfGas;
  r[0] = act.store.gas_left();
  return Trap::kNone;
}

Trap keccak(Activation& act, Args a, Results) {
  const auto data = range(act, u32(a[0]), u32(a[1]));
  const auto dst = range(act, u32(a[2]), 32);
  if (!data || !dst) return out_of_bounds(act, "keccak256");
  if (!charge(act, kGasKeccak + kGasKeccakPerWord * words(data->size())))
    return Trap::kOutOfGas;
  const Hash256 h = keccak256(*data);
  std::memcpy(dst->data(), h.data(), 32);
  return Trap::kNone;
}

const std::vector<HostImport>& host_imports() {
  using enum ValType;
  static const std::vector<HostImport> table = {
      {"input_size", {}, {kI32}, input_size},
      {"input_copy", {kI32, kI32, kI32}, {}, input_copy},
      {"finish", {kI32, kI32}, {}, finish},
      {"revert", {kI32, kI32}, {}, revert},
      {"storage_read", {kI32, kI32, kI32, kI32}, {kI32}, storage_read},
      {"storage_write", {kI32, kI32, kI32, kI32}, {}, storage_write},
      {"storage_remove", {kI32, kI32}, {}, storage_remove},
      {"caller", {kI32}, {}, caller},
      {"address", {kI32}, {}, address},
      {"call_value", {kI32}, {}, call_value},
      {"emit_log", {kI32, kI32, kI32, kI32}, {}, emit_log},
      {"call", {kI32, kI32, kI32, kI32, kI64}, {kI32}, call},
      {"returndata_size", {}, {kI32}, returndata_size},
      {"returndata_copy", {kI32, kI32, kI32}, {}, returndata_copy},
      {"block_number", {}, {kI64}, block_number},
      {"block_timestamp", {}, {kI64}, block_timestamp},
      {"chain_id", {kI32}, {}, chain_id},
      {"coinbase", {kI32}, {}, coinbase},
      {"gas_left", {}, {kI64}, gas_left},
      {"keccak256", {kI32, kI32, kI32}, {}, keccak},
  };
  return table;
}

[[nodiscard]] const HostImport* find_import(const Import& imp) {
  if (imp.module != "plexus" || imp.kind != ExternKind::kFunc) return nullptr;
  for (const auto& h : host_imports())
    if (imp.name == h.name) return &h;
  return nullptr;
}

}  // namespace

Result<void> check_imports(const Module& m) {
  for (const Import& imp : m.imports) {
    const HostImport* h = find_import(imp);
    if (!h)
      return fail(Errc::kValidation, "wasm contract: unknown import " + imp.module + "." +
                                         imp.name + " (contracts may import only the plexus "
                                                    "host functions)");
    const FuncType& t = m.types[imp.func_type];
    if (t.params != h->params || t.results != h->results)
      return fail(Errc::kValidation,
                  "wasm contract: import plexus." + imp.name + " has the wrong signature");
  }
  return {};
}

std::vector<Extern> bind_imports(const Module& m, Activation& act) {
  std::vector<Extern> out;
  out.reserve(m.imports.size());
  for (const Import& imp : m.imports) {
    const HostImport* h = find_import(imp);
    Extern e{ExternKind::kFunc};
    e.func = act.store.add_host_function(
        m.types[imp.func_type],
        [&act, fn = h->fn](Args a, Results r) { return fn(act, a, r); });
    out.push_back(e);
  }
  return out;
}

}  // namespace plexus::wasm::contract
