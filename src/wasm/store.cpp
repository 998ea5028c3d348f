// Store: instance allocation, linking, instantiation (segments, start function) and invoke.
#include <algorithm>
#include <cstring>

#include "wasm/interpreter.hpp"
#include "wasm/runtime.hpp"

namespace plexus::wasm {
namespace {

[[nodiscard]] std::unexpected<Error> unlinkable(const std::string& what) {
  return fail(Errc::kInvalidArgument, "wasm: " + what);
}

[[nodiscard]] std::unexpected<Error> trapped(Trap t) {
  return fail(Errc::kValidation, std::string("trap: ") + trap_message(t));
}

[[nodiscard]] bool limits_match(std::uint64_t size, std::optional<std::uint32_t> actual_max,
                                const Limits& wanted) {
  if (size < wanted.min) return false;
  if (!wanted.max) return true;
  return actual_max && *actual_max <= *wanted.max;
}

}  // namespace

const char* trap_message(Trap t) noexcept {
  switch (t) {
    case Trap::kNone: return "no trap";
    case Trap::kUnreachable: return "unreachable";
    case Trap::kMemoryOutOfBounds: return "out of bounds memory access";
    case Trap::kDivideByZero: return "integer divide by zero";
    case Trap::kIntegerOverflow: return "integer overflow";
    case Trap::kInvalidConversion: return "invalid conversion to integer";
    case Trap::kUndefinedElement: return "undefined element";
    case Trap::kUninitializedElement: return "uninitialized element";
    case Trap::kIndirectCallTypeMismatch: return "indirect call type mismatch";
    case Trap::kTableOutOfBounds: return "out of bounds table access";
    case Trap::kCallStackExhausted: return "call stack exhausted";
    case Trap::kOutOfGas: return "out of gas";
    case Trap::kHost: return "host function failed";
  }
  return "unknown trap";
}

const Extern* ModuleInstance::find_export(const std::string& name) const {
  const auto it = exports.find(name);
  return it == exports.end() ? nullptr : &it->second;
}

Store::Store(RuntimeLimits limits) : limits_(limits) {}
Store::~Store() = default;

std::uint32_t Store::type_id(const FuncType& t) {
  return type_ids_.emplace(t, static_cast<std::uint32_t>(type_ids_.size())).first->second;
}

FunctionInstance* Store::add_host_function(FuncType type, HostFn fn) {
  auto& f = funcs_.emplace_back();
  f.type_id = type_id(type);
  f.type = std::move(type);
  f.host = std::move(fn);
  return &f;
}

TableInstance* Store::add_table(TableType type, std::uint64_t init) {
  auto& t = tables_.emplace_back();
  t.type = type;
  t.elems.assign(type.limits.min, init);
  return &t;
}

MemoryInstance* Store::add_memory(MemoryType type) {
  auto& m = memories_.emplace_back();
  m.type = type;
  m.data.assign(static_cast<std::size_t>(type.limits.min) * kPageSize, 0);
  return &m;
}

GlobalInstance* Store::add_global(GlobalType type, std::uint64_t value) {
  return &globals_.emplace_back(GlobalInstance{type, value});
}

std::int64_t Store::grow_memory(MemoryInstance& mem, std::uint32_t delta) {
  const std::uint64_t old = mem.pages();
  const std::uint64_t wanted = old + delta;
  const std::uint64_t cap = std::min<std::uint64_t>(
      mem.type.limits.max.value_or(kMaxPages), limits_.max_memory_pages);
  if (wanted > cap) return -1;
  mem.data.resize(wanted * kPageSize, 0);
  return static_cast<std::int64_t>(old);
}

std::int64_t Store::grow_table(TableInstance& table, std::uint32_t delta, std::uint64_t init) {
  const std::uint64_t old = table.elems.size();
  const std::uint64_t wanted = old + delta;
  const std::uint64_t cap = std::min<std::uint64_t>(
      table.type.limits.max.value_or(0xFFFFFFFFu), limits_.max_table_size);
  if (wanted > cap) return -1;
  table.elems.resize(wanted, init);
  return static_cast<std::int64_t>(old);
}

Result<ModuleInstance*> Store::instantiate(std::shared_ptr<const CompiledModule> compiled,
                                           std::span<const Extern> imports) {
  const Module& m = compiled->module;
  if (imports.size() != m.imports.size()) return unlinkable("wrong number of imports");
  ModuleInstance& mi = modules_.emplace_back();
  mi.compiled = compiled;
  for (const auto& t : m.types) mi.type_ids.push_back(type_id(t));
  for (std::size_t i = 0; i < imports.size(); ++i) {
    const Import& imp = m.imports[i];
    const Extern& ext = imports[i];
    if (ext.kind != imp.kind) return unlinkable("incompatible import type for " + imp.name);
    bool ok = true;
    switch (imp.kind) {
      case ExternKind::kFunc:
        ok = ext.func->type == m.types[imp.func_type];
        mi.funcs.push_back(ext.func);
        break;
      case ExternKind::kTable:
        ok = ext.table->type.elem == imp.table.elem &&
             limits_match(ext.table->elems.size(), ext.table->type.limits.max, imp.table.limits);
        mi.tables.push_back(ext.table);
        break;
      case ExternKind::kMemory:
        ok = limits_match(ext.memory->pages(), ext.memory->type.limits.max, imp.memory.limits);
        mi.memories.push_back(ext.memory);
        break;
      case ExternKind::kGlobal:
        ok = ext.global->type.type == imp.global.type && ext.global->type.mut == imp.global.mut;
        mi.globals.push_back(ext.global);
        break;
    }
    if (!ok) return unlinkable("incompatible import type for " + imp.module + "." + imp.name);
  }
  for (std::size_t i = 0; i < m.functions.size(); ++i) {
    auto& f = funcs_.emplace_back();
    f.type = m.types[m.functions[i].type];
    f.type_id = mi.type_ids[m.functions[i].type];
    f.module = &mi;
    f.code = &compiled->functions[i];
    mi.funcs.push_back(&f);
  }
  for (const auto& t : m.tables) {
    if (t.limits.min > limits_.max_table_size) return fail(Errc::kLimitExceeded, "table too large");
    mi.tables.push_back(add_table(t));
  }
  for (const auto& mem : m.memories) {
    if (mem.limits.min > limits_.max_memory_pages)
      return fail(Errc::kLimitExceeded, "memory too large");
    mi.memories.push_back(add_memory(mem));
  }
  mi.memory0 = mi.memories.empty() ? nullptr : mi.memories[0];
  const auto eval = [&](const ConstExpr& e) -> std::uint64_t {
    switch (e.kind) {
      case ConstExpr::Kind::kValue: return e.bits;
      case ConstExpr::Kind::kRefNull: return kNullRef;
      case ConstExpr::Kind::kGlobalGet: return mi.globals[e.index]->value;
      case ConstExpr::Kind::kRefFunc: return reinterpret_cast<std::uintptr_t>(mi.funcs[e.index]);
    }
    return 0;
  };
  for (const auto& g : m.globals) mi.globals.push_back(add_global(g.type, eval(g.init)));
  for (const auto& e : m.exports) {
    Extern x{e.kind};
    switch (e.kind) {
      case ExternKind::kFunc: x.func = mi.funcs[e.index]; break;
      case ExternKind::kTable: x.table = mi.tables[e.index]; break;
      case ExternKind::kMemory: x.memory = mi.memories[e.index]; break;
      case ExternKind::kGlobal: x.global = mi.globals[e.index]; break;
    }
    mi.exports.emplace(e.name, x);
  }
  for (const auto& seg : m.elements) {
    auto& values = mi.elems.emplace_back();
    for (const auto& e : seg.init) values.push_back(eval(e));
  }
  for (const auto& seg : m.data) mi.datas.emplace_back(seg.bytes);
  // Active segments are copied in order; a failing one traps, keeping earlier writes.
  for (std::size_t i = 0; i < m.elements.size(); ++i) {
    const auto& seg = m.elements[i];
    if (seg.mode == SegmentMode::kActive) {
      auto& table = mi.tables[seg.table]->elems;
      const std::uint64_t offset = static_cast<std::uint32_t>(eval(seg.offset));
      if (offset + mi.elems[i].size() > table.size()) return trapped(Trap::kTableOutOfBounds);
      std::copy(mi.elems[i].begin(), mi.elems[i].end(), table.begin() + offset);
    }
    if (seg.mode != SegmentMode::kPassive) mi.elems[i].clear();
  }
  for (std::size_t i = 0; i < m.data.size(); ++i) {
    const auto& seg = m.data[i];
    if (seg.mode != SegmentMode::kActive) continue;
    auto& mem = mi.memories[seg.memory]->data;
    const std::uint64_t offset = static_cast<std::uint32_t>(eval(seg.offset));
    if (offset + seg.bytes.size() > mem.size()) return trapped(Trap::kMemoryOutOfBounds);
    if (!seg.bytes.empty()) std::memcpy(mem.data() + offset, seg.bytes.data(), seg.bytes.size());
    mi.datas[i] = {};
  }
  if (m.start) {
    PLEXUS_TRY(const auto outcome, invoke(mi.funcs[*m.start], {}));
    if (outcome.trap != Trap::kNone) return trapped(outcome.trap);
  }
  return &mi;
}

Result<Outcome> Store::invoke(FunctionInstance* f, std::span<const Value> args) {
  if (running_) return not_supported("wasm: re-entrant invoke from a host function");
  if (args.size() != f->type.params.size())
    return fail(Errc::kInvalidArgument, "wasm: wrong number of arguments");
  for (std::size_t i = 0; i < args.size(); ++i)
    if (args[i].type != f->type.params[i])
      return fail(Errc::kInvalidArgument, "wasm: argument type mismatch");
  if (!stack_) {
    stack_ = std::make_unique<std::uint64_t[]>(limits_.max_stack_slots);
    frames_ = std::make_unique<CallFrame[]>(limits_.max_call_depth);
  }
  const std::size_t slots = std::max(args.size(), f->type.results.size());
  if (slots > limits_.max_stack_slots) return fail(Errc::kLimitExceeded, "wasm: stack too small");
  for (std::size_t i = 0; i < args.size(); ++i) stack_[i] = args[i].bits;
  running_ = true;
  const Trap trap = Interpreter(*this).run(f, stack_.get());
  running_ = false;
  Outcome out;
  out.trap = trap;
  if (trap == Trap::kNone) {
    for (std::size_t i = 0; i < f->type.results.size(); ++i) {
      const ValType t = f->type.results[i];
      std::uint64_t bits = stack_[i];
      if (t == ValType::kI32 || t == ValType::kF32) bits &= 0xFFFFFFFFu;
      out.results.push_back(Value{t, bits});
    }
  }
  return out;
}

}  // namespace plexus::wasm
