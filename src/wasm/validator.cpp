// Module-level validation (everything except function bodies) and the compile_module entry point.
#include <set>

#include "wasm/compiler.hpp"

namespace plexus::wasm {
namespace {

[[nodiscard]] std::unexpected<Error> invalid(const std::string& what) {
  return fail(Errc::kValidation, "wasm: " + what);
}

[[nodiscard]] Result<void> check_limits(const Limits& l, std::uint64_t bound, const char* what) {
  if (l.min > bound) return invalid(std::string(what) + " size must be at most " +
                                    std::to_string(bound));
  if (l.max) {
    if (*l.max > bound)
      return invalid(std::string(what) + " size must be at most " + std::to_string(bound));
    if (*l.max < l.min) return invalid("size minimum must not be greater than maximum");
  }
  return {};
}

// The type a constant expression produces; only imported globals are visible to it.
[[nodiscard]] Result<ValType> const_type(const Module& m, const ConstExpr& e) {
  switch (e.kind) {
    case ConstExpr::Kind::kValue:
    case ConstExpr::Kind::kRefNull:
      return e.type;
    case ConstExpr::Kind::kRefFunc:
      if (e.index >= m.func_types.size()) return invalid("unknown function " +
                                                         std::to_string(e.index));
      return ValType::kFuncRef;
    case ConstExpr::Kind::kGlobalGet:
      if (e.index >= m.imported_globals) return invalid("unknown global " +
                                                        std::to_string(e.index));
      if (m.all_globals[e.index].mut) return invalid("constant expression required");
      return m.all_globals[e.index].type;
  }
  return invalid("bad constant expression");
}

[[nodiscard]] Result<void> check_const(const Module& m, const ConstExpr& e, ValType expected) {
  PLEXUS_TRY(const auto t, const_type(m, e));
  if (t != expected) return invalid("type mismatch (constant expression)");
  return {};
}

[[nodiscard]] bool is_float(ValType t) { return t == ValType::kF32 || t == ValType::kF64; }

// CompileOptions::integer_only at module level: no float in any signature or global.
[[nodiscard]] Result<void> check_integer_only(const Module& m) {
  const auto reject = [](const char* where, ValType t) {
    return not_supported(std::string("floating-point instructions in contracts (") + where +
                         val_type_name(t) + ")");
  };
  for (const auto& t : m.types)
    for (const auto& list : {t.params, t.results})
      for (ValType v : list)
        if (is_float(v)) return reject("a function type uses ", v);
  for (const auto& g : m.all_globals)
    if (is_float(g.type)) return reject("a global of type ", g.type);
  return {};
}

}  // namespace

Result<void> validate_module(const Module& m) {
  for (const auto& t : m.types)
    for (const auto* list : {&t.params, &t.results})
      for (ValType v : *list)
        if (v == ValType::kV128) return not_supported("wasm: SIMD (v128) types");
  for (auto type : m.func_types)
    if (type >= m.types.size()) return invalid("unknown type");
  for (const auto& t : m.all_tables) PLEXUS_CHECK(check_limits(t.limits, 0xFFFFFFFFu, "table"));
  for (const auto& mem : m.all_memories) PLEXUS_CHECK(check_limits(mem.limits, kMaxPages, "memory"));
  if (m.all_memories.size() > 1) return invalid("multiple memories");
  for (const auto& g : m.all_globals)
    if (g.type == ValType::kV128) return not_supported("wasm: SIMD (v128) globals");
  for (const auto& g : m.globals) PLEXUS_CHECK(check_const(m, g.init, g.type.type));
  for (const auto& seg : m.elements) {
    for (const auto& e : seg.init) PLEXUS_CHECK(check_const(m, e, seg.type));
    if (seg.mode == SegmentMode::kActive) {
      if (seg.table >= m.all_tables.size()) return invalid("unknown table");
      if (m.all_tables[seg.table].elem != seg.type) return invalid("type mismatch (elem)");
      PLEXUS_CHECK(check_const(m, seg.offset, ValType::kI32));
    }
  }
  for (const auto& seg : m.data) {
    if (seg.mode != SegmentMode::kActive) continue;
    if (seg.memory >= m.all_memories.size()) return invalid("unknown memory");
    PLEXUS_CHECK(check_const(m, seg.offset, ValType::kI32));
  }
  if (m.start) {
    if (*m.start >= m.func_types.size()) return invalid("unknown function (start)");
    const FuncType& t = m.types[m.func_types[*m.start]];
    if (!t.params.empty() || !t.results.empty()) return invalid("start function");
  }
  std::set<std::string> names;
  for (const auto& e : m.exports) {
    if (!names.insert(e.name).second) return invalid("duplicate export name");
    const std::size_t count = e.kind == ExternKind::kFunc     ? m.func_types.size()
                              : e.kind == ExternKind::kTable  ? m.all_tables.size()
                              : e.kind == ExternKind::kMemory ? m.all_memories.size()
                                                              : m.all_globals.size();
    if (e.index >= count) return invalid("unknown export index");
  }
  return {};
}

Result<std::shared_ptr<const CompiledModule>> compile_module(BytesView binary,
                                                             const CompileOptions& options) {
  if (options.metering && options.gas.bulk_bytes_per_gas == 0)
    return fail(Errc::kInvalidArgument, "wasm: gas.bulk_bytes_per_gas must be positive");
  auto out = std::make_shared<CompiledModule>();
  PLEXUS_TRY(out->module, decode_module(binary));
  out->options = options;
  const Module& m = out->module;
  PLEXUS_CHECK(validate_module(m));
  if (options.integer_only) PLEXUS_CHECK(check_integer_only(m));
  // C.refs: functions named outside function bodies may be referenced by ref.func.
  std::vector<bool> declared(m.func_types.size(), false);
  const auto declare = [&](const ConstExpr& e) {
    if (e.kind == ConstExpr::Kind::kRefFunc && e.index < declared.size()) declared[e.index] = true;
  };
  for (const auto& g : m.globals) declare(g.init);
  for (const auto& seg : m.elements)
    for (const auto& e : seg.init) declare(e);
  for (const auto& e : m.exports)
    if (e.kind == ExternKind::kFunc) declared[e.index] = true;
  out->functions.reserve(m.functions.size());
  for (std::uint32_t i = 0; i < m.functions.size(); ++i) {
    PLEXUS_TRY(auto f, compile_function(m, i, declared, options));
    out->functions.push_back(std::move(f));
  }
  return std::shared_ptr<const CompiledModule>(std::move(out));
}

}  // namespace plexus::wasm
