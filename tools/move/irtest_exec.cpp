// Executing an IR test script: the interpreter runs functions of published modules, so the
// script is wrapped as the single public entry function `main` of a module of its own, published
// next to the test's modules and called with the task's signers and arguments.
#include "irtest_exec.hpp"

#include <charconv>

#include "core/hex.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move::irtest {
namespace {

template <typename T, typename Vec>
TableIndex find_or_add(Vec& pool, const T& value) {
  for (std::size_t i = 0; i < pool.size(); ++i)
    if (pool[i] == value) return static_cast<TableIndex>(i);
  pool.push_back(value);
  return static_cast<TableIndex>(pool.size() - 1);
}

std::optional<Bytes> parse_address(std::string_view s, std::size_t len) {
  if (s.starts_with("@")) s.remove_prefix(1);
  if (!s.starts_with("0x") || s.size() - 2 > 2 * len) return std::nullopt;
  std::string digits(s.substr(2));
  digits.insert(0, 2 * len - digits.size(), '0');
  auto b = from_hex(digits);
  if (!b) return std::nullopt;
  return *b;
}

std::optional<Value> parse_arg(std::string_view s) {
  if (s == "true" || s == "false") return Value::boolean(s == "true");
  if (s.starts_with("@")) {
    auto a = parse_address(s, 16);
    if (!a) return std::nullopt;
    return Value::address_of(*a);
  }
  static constexpr std::pair<std::string_view, ValueKind> kSuffixes[] = {
      {"u8", ValueKind::kU8}, {"u16", ValueKind::kU16}, {"u32", ValueKind::kU32},
      {"u64", ValueKind::kU64}, {"u128", ValueKind::kU128}};
  ValueKind kind = ValueKind::kU64;
  for (const auto& [suffix, k] : kSuffixes)
    if (s.ends_with(suffix)) {
      kind = k;
      s.remove_suffix(suffix.size());
      break;
    }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return Value::integer(kind, v);
}

std::optional<Type> parse_type_arg(std::string_view s) {
  static constexpr std::pair<std::string_view, TypeKind> kPrims[] = {
      {"bool", TypeKind::kBool}, {"u8", TypeKind::kU8}, {"u16", TypeKind::kU16},
      {"u32", TypeKind::kU32}, {"u64", TypeKind::kU64}, {"u128", TypeKind::kU128},
      {"u256", TypeKind::kU256}, {"address", TypeKind::kAddress}, {"signer", TypeKind::kSigner}};
  for (const auto& [name, kind] : kPrims)
    if (s == name) return Type::of(kind);
  return std::nullopt;
}

}  // namespace

CompiledModule wrap_script(const CompiledScript& s, const std::string& name) {
  CompiledModule m;
  static_cast<BinaryTables&>(m) = s;
  const TableIndex addr = find_or_add(m.address_identifiers, Bytes(s.address_length, 0));
  const TableIndex ident = find_or_add(m.identifiers, name);
  m.self_module_handle = find_or_add(m.module_handles, ModuleHandle{addr, ident});
  const TableIndex main_name = find_or_add(m.identifiers, std::string("main"));
  const TableIndex no_returns = find_or_add(m.signatures, Signature{});
  m.function_handles.push_back(FunctionHandle{m.self_module_handle, main_name, s.parameters,
                                              no_returns, s.type_parameters, std::nullopt});
  FunctionDefinition def;
  def.function = static_cast<TableIndex>(m.function_handles.size() - 1);
  def.visibility = Visibility::kPublic;
  def.is_entry = true;
  def.code = s.code;
  m.function_defs.push_back(std::move(def));
  return m;
}

Result<ScriptRun> execute_script(ModuleStore& store, GlobalStorage& storage,
                                 const CompiledScript& script, const Task& task,
                                 const std::string& name) {
  std::vector<Value> args;
  for (const auto& s : task.flag("signers")) {
    auto a = parse_address(s, 16);
    if (!a) return not_supported("signer '" + s + "'");
    args.push_back(Value::signer(*a));
  }
  for (const auto& s : task.flag("args")) {
    auto v = parse_arg(s);
    if (!v) return not_supported("argument literal '" + s + "'");
    args.push_back(std::move(*v));
  }
  std::vector<Type> type_args;
  for (const auto& s : task.flag("type-args")) {
    auto t = parse_type_arg(s);
    if (!t) return not_supported("type argument '" + s + "'");
    type_args.push_back(std::move(*t));
  }
  auto published = store.publish(wrap_script(script, name));
  if (!published)
    return not_supported("script as module: " + std::string(status_name(published.error().status)));
  VmConfig config;
  config.address_length = 16;
  const auto budget = task.flag("gas-budget");
  // The reference meters nothing without --gas-budget; a generous cap still ends a script that
  // loops forever because our verifier accepted what the reference rejects.
  config.gas_limit = 1'000'000;
  if (!budget.empty()) config.gas_limit = std::stoull(budget.front());
  MoveVm vm(store, storage, config);
  auto r = vm.execute((*published)->id, "main", std::move(type_args), std::move(args));
  if (r) return ScriptRun{};
  return ScriptRun{r.error()};
}

}  // namespace plexus::move::irtest
