// Executing IR test calls. Arguments are written as untyped literals (`1`, `7u8`, `@0x1`, `true`,
// `b"xyz"`, `x"0a"`, `vector[..]`); like the reference harness we encode each as BCS by its own
// literal type and let the VM decode the bytes by the parameter types, so `0` can stand for a
// struct with one u64 field and an address for a signer.
#include "irtest_exec.hpp"

#include <charconv>

#include "core/hex.hpp"
#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"

namespace plexus::move::irtest {
namespace {

constexpr std::size_t kAddressLength = 16;

std::optional<Bytes> parse_address(std::string_view s) {
  if (s.starts_with("@")) s.remove_prefix(1);
  if (!s.starts_with("0x") || s.size() - 2 > 2 * kAddressLength) return std::nullopt;
  std::string digits(s.substr(2));
  digits.insert(0, 2 * kAddressLength - digits.size(), '0');
  auto b = from_hex(digits);
  if (!b) return std::nullopt;
  return *b;
}

// Splits "a, b, vector[c, d]" at top-level commas.
std::vector<std::string_view> split_items(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '[') ++depth;
    if (i < s.size() && s[i] == ']') --depth;
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      auto item = s.substr(start, i - start);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) out.push_back(item);
      start = i + 1;
    }
  }
  return out;
}

bool encode_literal(std::string_view s, Bytes& out) {
  if (s == "true" || s == "false") {
    out.push_back(s == "true" ? 1 : 0);
    return true;
  }
  if (s.starts_with("@")) {
    auto a = parse_address(s);
    if (!a) return false;
    out.insert(out.end(), a->begin(), a->end());
    return true;
  }
  if ((s.starts_with("b\"") || s.starts_with("x\"")) && s.size() >= 3 && s.back() == '"') {
    const auto body = s.substr(2, s.size() - 3);
    Bytes bytes;
    if (s.front() == 'b') {
      bytes = to_bytes(as_bytes(body));
    } else {
      auto h = from_hex(std::string(body));
      if (!h) return false;
      bytes = *h;
    }
    write_uleb(out, bytes.size());
    out.insert(out.end(), bytes.begin(), bytes.end());
    return true;
  }
  if (s.starts_with("vector[") && s.back() == ']') {
    const auto items = split_items(s.substr(7, s.size() - 8));
    write_uleb(out, items.size());
    for (auto item : items)
      if (!encode_literal(item, out)) return false;
    return true;
  }
  static constexpr std::pair<std::string_view, std::size_t> kSuffixes[] = {
      {"u8", 1}, {"u16", 2}, {"u32", 4}, {"u64", 8}, {"u128", 16}, {"u256", 32}};
  std::size_t width = 8;
  for (const auto& [suffix, w] : kSuffixes)
    if (s.ends_with(suffix)) {
      width = w;
      s.remove_suffix(suffix.size());
      break;
    }
  if (width == 32) {
    auto v = parse_uint256(s);
    if (!v) return false;
    const Bytes32 be = to_bytes32(*v);
    out.insert(out.end(), be.bytes.rbegin(), be.bytes.rend());
    return true;
  }
  unsigned __int128 v = 0;
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const unsigned __int128 next = v * 10 + static_cast<unsigned>(c - '0');
    if (next / 10 != v) return false;
    v = next;
  }
  if (width < 16 && (v >> (8 * width)) != 0) return false;
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<Byte>(v >> (8 * i)));
  return true;
}

struct Inputs {
  std::vector<Type> type_args;
  std::vector<Bytes> args;
  VmConfig config;
  std::optional<VmError> error;  // a type argument the VM refuses (wrong arity)
};

Result<Inputs> read_inputs(const ModuleStore& store, const Task& task) {
  Inputs in;
  for (const auto& s : task.flag("signers")) {
    auto a = parse_address(s);
    if (!a) return not_supported("signer '" + s + "'");
    in.args.push_back(std::move(*a));
  }
  for (const auto& s : task.flag("args")) {
    Bytes b;
    if (!encode_literal(s, b)) return not_supported("argument literal '" + s + "'");
    in.args.push_back(std::move(b));
  }
  for (const auto& s : task.flag("type-args")) {
    auto t = parse_type(store, s, kAddressLength);
    if (!t && t.error().status == StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH) {
      in.error = t.error();
      return in;
    }
    if (!t) return not_supported("type argument '" + s + "'");
    in.type_args.push_back(std::move(*t));
  }
  in.config.address_length = kAddressLength;
  in.config.paranoid_type_checks = task.has_flag("check-runtime-types");
  // The reference meters nothing without --gas-budget; a generous cap still ends a call that
  // loops forever because our verifier accepted what the reference rejects.
  in.config.gas_limit = 1'000'000;
  const auto budget = task.flag("gas-budget");
  if (!budget.empty()) in.config.gas_limit = std::stoull(budget.front());
  return in;
}

CallRun outcome(VmResult<ExecutionResult> r) {
  if (!r) return CallRun{r.error(), {}};
  return CallRun{std::nullopt, std::move(*r)};
}

std::string render(const Value& v) {
  switch (v.kind) {
    case ValueKind::kBool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::kAddress:
      return to_hex(*v.address, false);
    case ValueKind::kRef:
      return render(deref(v));
    case ValueKind::kSigner:
    case ValueKind::kStruct:
    case ValueKind::kVector: {
      const bool vec = v.kind == ValueKind::kVector;
      std::string out = vec ? "[" : "{ ";
      for (std::size_t i = 0; i < v.elems().size(); ++i)
        out += (i ? ", " : "") + render(v.elems()[i]);
      return out + (vec ? "]" : " }");
    }
    default:
      return to_string(v);
  }
}

}  // namespace

Result<CallRun> execute_script(const ModuleStore& store, GlobalStorage& storage,
                               const CompiledScript& script, const Task& task) {
  PLEXUS_TRY(auto in, read_inputs(store, task));
  if (in.error) return CallRun{in.error, {}};
  MoveVm vm(store, storage, in.config);
  return outcome(vm.execute_script_bcs(script, std::move(in.type_args), std::move(in.args)));
}

Result<CallRun> execute_function(const ModuleStore& store, GlobalStorage& storage,
                                 const std::string& function, const Task& task) {
  const auto fn_at = function.rfind("::");
  const auto mod_at = fn_at == std::string::npos ? fn_at : function.rfind("::", fn_at - 1);
  if (mod_at == std::string::npos) return not_supported("function name '" + function + "'");
  auto address = parse_address(function.substr(0, mod_at));
  if (!address) return not_supported("function address '" + function + "'");
  PLEXUS_TRY(auto in, read_inputs(store, task));
  if (in.error) return CallRun{in.error, {}};
  MoveVm vm(store, storage, in.config);
  const ModuleId id{*address, function.substr(mod_at + 2, fn_at - mod_at - 2)};
  return outcome(vm.execute_bcs(id, function.substr(fn_at + 2), std::move(in.type_args),
                                std::move(in.args), true));
}

Result<std::string> view_resource(const ModuleStore& store, const GlobalStorage& storage,
                                  const Task& task) {
  const auto address_flag = task.flag("address"), resource_flag = task.flag("resource");
  if (address_flag.empty() || resource_flag.empty())
    return fail(Errc::kInvalidArgument, "view needs --address and --resource");
  auto address = parse_address(address_flag.front());
  auto type = parse_type(store, resource_flag.front(), kAddressLength);
  if (!address || !type || type->kind != TypeKind::kStruct)
    return not_supported("view of '" + resource_flag.front() + "'");
  const auto cell = storage.find({*address, type_tag(*type)});
  if (!cell) return std::string("[No Resource Exists]");
  const auto& m = type->module->module;
  const auto& def = m.struct_defs[type->def];
  std::string abilities;
  static constexpr std::pair<std::uint8_t, const char*> kNames[] = {{AbilitySet::kCopy, "copy"},
                                                                    {AbilitySet::kDrop, "drop"},
                                                                    {AbilitySet::kStore, "store"},
                                                                    {AbilitySet::kKey, "key"}};
  for (const auto& [bit, name] : kNames)
    if (m.struct_handles[def.handle].abilities.has(bit)) {
      abilities += name;
      abilities += ' ';
    }
  std::string out = abilities;
  out += type_tag(*type);
  out += " {\n";
  const auto& fields = cell->elems[0].elems();
  for (std::size_t i = 0; i < fields.size() && i < def.fields.size(); ++i)
    out += "    " + m.identifiers[def.fields[i].name] + ": " + render(fields[i]) + "\n";
  return out + "}";
}

std::optional<std::string> render_result(const ExecutionResult& r) {
  std::string out;
  if (!r.mutable_references.empty()) {
    out = "mutable inputs after call: ";
    for (std::size_t i = 0; i < r.mutable_references.size(); ++i)
      out += (i ? ", local#" : "local#") + std::to_string(r.mutable_reference_params[i]) + ": " +
             render(r.mutable_references[i]);
  }
  if (!r.returns.empty()) {
    if (!out.empty()) out += "\n";
    out += "return values: ";
    for (std::size_t i = 0; i < r.returns.size(); ++i)
      out += (i ? ", " : "") + render(r.returns[i]);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace plexus::move::irtest
