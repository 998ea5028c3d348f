// Function bodies: the validation algorithm of the spec's appendix (operand and control stacks)
// fused with code generation. Control instructions are handled here, the rest in compiler_ops.cpp.
#include <algorithm>

#include "wasm/function_compiler.hpp"

namespace plexus::wasm {
namespace detail {
namespace {

[[nodiscard]] BytesView body_bytes(const Module& m, std::uint32_t index) {
  const FunctionBody& f = m.functions[index];
  return BytesView(m.binary).subspan(f.code_offset, f.code_size);
}

}  // namespace

FunctionCompiler::FunctionCompiler(const Module& m, std::uint32_t index,
                                   const std::vector<bool>& declared_refs,
                                   const CompileOptions& options)
    : m_(m),
      declared_refs_(declared_refs),
      index_(index),
      r_(body_bytes(m, index), m.functions[index].code_offset),
      options_(options) {}

std::unexpected<Error> FunctionCompiler::invalid(const std::string& what) const {
  return fail(Errc::kValidation, "wasm: " + what + " (function " +
                                     std::to_string(m_.imported_funcs + index_) + ", offset " +
                                     std::to_string(r_.offset()) + ")");
}

void FunctionCompiler::push(Ty t) {
  uses_float_ |= t == Ty::kF32 || t == Ty::kF64;
  stack_.push_back(t);
  out_.max_height = std::max(out_.max_height, slot_height());
}

Result<Ty> FunctionCompiler::pop() {
  const Ctrl& c = ctrl_.back();
  if (stack_.size() == c.height) {
    if (c.unreachable) return kUnknownTy;
    return invalid("type mismatch (operand stack underflow)");
  }
  const Ty t = stack_.back();
  stack_.pop_back();
  return t;
}

Result<Ty> FunctionCompiler::pop(Ty expected) {
  uses_float_ |= expected == Ty::kF32 || expected == Ty::kF64;
  PLEXUS_TRY(const Ty actual, pop());
  if (actual != expected && actual != kUnknownTy && expected != kUnknownTy)
    return invalid("type mismatch");
  return actual;
}

Result<void> FunctionCompiler::pop_types(const std::vector<ValType>& types) {
  for (auto it = types.rbegin(); it != types.rend(); ++it) PLEXUS_CHECK(pop(*it));
  return {};
}

void FunctionCompiler::push_types(const std::vector<ValType>& types) {
  for (ValType t : types) push(t);
}

std::uint32_t FunctionCompiler::emit(std::uint32_t op, std::uint32_t a, std::uint64_t b,
                                     std::uint32_t cost) {
  if (dead()) return 0;
  if (options_.metering && has_gas_instr_) out_.code[gas_instr_].a += cost;
  const Instr next{op, a, b};
  if (barrier_ < out_.code.size() && fuse_pair(out_.code.back(), next))
    return static_cast<std::uint32_t>(out_.code.size() - 1);
  out_.code.push_back(next);
  return static_cast<std::uint32_t>(out_.code.size() - 1);
}

void FunctionCompiler::begin_basic_block() {
  if (dead()) return;
  barrier_ = static_cast<std::uint32_t>(out_.code.size());
  if (!options_.metering) return;
  gas_instr_ = emit(op::kGas, 0, 0, 0);
  has_gas_instr_ = true;
}

void FunctionCompiler::patch_to_here(std::uint32_t instr) {
  barrier_ = static_cast<std::uint32_t>(out_.code.size());
  out_.code[instr].a = barrier_;
}

void FunctionCompiler::mark_unreachable() {
  stack_.resize(ctrl_.back().height);
  ctrl_.back().unreachable = true;
}

Result<CompiledFunction> FunctionCompiler::run() {
  const FunctionBody& f = m_.functions[index_];
  if (f.type >= m_.types.size()) return invalid("unknown type");
  const FuncType& type = m_.types[f.type];
  locals_ = type.params;
  locals_.insert(locals_.end(), f.locals.begin(), f.locals.end());
  for (ValType t : locals_)
    if (t == ValType::kV128) return not_supported("wasm: SIMD (v128) locals");
  for (ValType t : locals_)
    if (options_.integer_only && (t == ValType::kF32 || t == ValType::kF64))
      return not_supported("floating-point instructions in contracts (function " +
                           std::to_string(m_.imported_funcs + index_) + " has float locals)");
  out_.num_params = static_cast<std::uint32_t>(type.params.size());
  out_.num_results = static_cast<std::uint32_t>(type.results.size());
  out_.num_locals = static_cast<std::uint32_t>(locals_.size());
  out_.max_height = out_.num_locals;
  Ctrl fn;
  fn.kind = CtrlKind::kFunction;
  fn.results = type.results;
  ctrl_.push_back(std::move(fn));
  begin_basic_block();
  while (!ctrl_.empty()) {
    if (r_.at_end()) return r_.error("unexpected end of function body (END opcode expected)");
    PLEXUS_TRY(const auto opcode, r_.u8());
    bool handled = false;
    PLEXUS_CHECK(control_op(opcode, handled));
    if (handled) continue;
    if ((opcode >= 0x28 && opcode <= 0x40)) {
      PLEXUS_CHECK(memory_op(opcode));
    } else if (opcode == 0xFC) {
      PLEXUS_TRY(const auto sub, r_.u32());
      PLEXUS_CHECK(fc_op(sub));
    } else {
      PLEXUS_CHECK(simple_op(opcode));
    }
  }
  if (!r_.at_end()) return r_.error("operators remaining after end of function");
  // Every float instruction pushes or pops a float operand, so the type stack sees them all.
  if (options_.integer_only && uses_float_)
    return not_supported("floating-point instructions in contracts (function " +
                         std::to_string(m_.imported_funcs + index_) + ")");
  // Branch targets become offsets relative to the branch, so the interpreter needs no code base.
  for (std::size_t i = 0; i < out_.code.size(); ++i) {
    Instr& in = out_.code[i];
    if (op::is_jump(in.op))
      in.a = static_cast<std::uint32_t>(static_cast<std::int64_t>(in.a) - static_cast<std::int64_t>(i));
  }
  return std::move(out_);
}

Result<void> FunctionCompiler::block_type(Ctrl& c) {
  PLEXUS_TRY(const auto bt, r_.s33());
  if (bt == -64) return {};  // 0x40: no parameters, no results
  if (bt < 0) {
    const auto byte = static_cast<std::uint8_t>(bt & 0x7F);
    switch (byte) {
      case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x70: case 0x6F:
        c.results.push_back(static_cast<ValType>(byte));
        return {};
      case 0x7B:
        return not_supported("wasm: SIMD (v128) block type");
      default:
        return r_.error("malformed block type");
    }
  }
  if (static_cast<std::uint64_t>(bt) >= m_.types.size()) return invalid("unknown type");
  c.params = m_.types[bt].params;
  c.results = m_.types[bt].results;
  return {};
}

Result<void> FunctionCompiler::push_ctrl(Ctrl c) {
  c.height = static_cast<std::uint32_t>(stack_.size());
  c.dead = dead();
  auto params = c.params;
  ctrl_.push_back(std::move(c));
  push_types(params);
  return {};
}

Result<void> FunctionCompiler::control_op(std::uint8_t opcode, bool& handled) {
  handled = true;
  switch (opcode) {
    case 0x00:
      emit(op::kUnreachable);
      mark_unreachable();
      return {};
    case 0x01:
      return {};
    case 0x02:
    case 0x03: {
      Ctrl c;
      c.kind = opcode == 0x02 ? CtrlKind::kBlock : CtrlKind::kLoop;
      PLEXUS_CHECK(block_type(c));
      PLEXUS_CHECK(pop_types(c.params));
      PLEXUS_CHECK(push_ctrl(std::move(c)));
      if (opcode == 0x03) {
        ctrl_.back().loop_start = static_cast<std::uint32_t>(out_.code.size());
        barrier_ = ctrl_.back().loop_start;
        begin_basic_block();
      }
      return {};
    }
    case 0x04: {
      Ctrl c;
      c.kind = CtrlKind::kIf;
      PLEXUS_CHECK(block_type(c));
      PLEXUS_CHECK(pop(Ty::kI32));
      PLEXUS_CHECK(pop_types(c.params));
      const bool was_dead = dead();
      const std::uint32_t jump = emit(op::kJumpUnless);
      PLEXUS_CHECK(push_ctrl(std::move(c)));
      ctrl_.back().else_jump = jump;
      ctrl_.back().has_else_jump = !was_dead;
      begin_basic_block();
      return {};
    }
    case 0x05: {
      Ctrl& c = ctrl_.back();
      if (c.kind != CtrlKind::kIf) return r_.error("else without matching if");
      PLEXUS_CHECK(pop_types(c.results));
      if (stack_.size() != c.height) return invalid("type mismatch (values remain at else)");
      if (!dead()) c.fixups.push_back(emit(op::kJump));
      c.kind = CtrlKind::kElse;
      c.unreachable = false;
      if (c.has_else_jump) patch_to_here(c.else_jump);
      c.has_else_jump = false;
      push_types(c.params);
      begin_basic_block();
      return {};
    }
    case 0x0B:
      return end_op();
    case 0x0C: {
      PLEXUS_TRY(const auto depth, r_.u32());
      PLEXUS_CHECK(branch(depth, false));
      mark_unreachable();
      return {};
    }
    case 0x0D: {
      PLEXUS_TRY(const auto depth, r_.u32());
      PLEXUS_CHECK(pop(Ty::kI32));
      PLEXUS_CHECK(branch(depth, true));
      begin_basic_block();
      return {};
    }
    case 0x0E:
      return br_table();
    case 0x0F:
      PLEXUS_CHECK(branch(static_cast<std::uint32_t>(ctrl_.size() - 1), false));
      mark_unreachable();
      return {};
    case 0x10: {
      PLEXUS_TRY(const auto func, r_.u32());
      return call(func);
    }
    case 0x11:
      return call_indirect();
    default:
      handled = false;
      return {};
  }
}

Result<void> FunctionCompiler::end_op() {
  Ctrl& c = ctrl_.back();
  PLEXUS_CHECK(pop_types(c.results));
  if (stack_.size() != c.height) return invalid("type mismatch (values remain at end)");
  if (c.kind == CtrlKind::kIf && c.params != c.results)
    return invalid("type mismatch (if without else must not change the stack type)");
  if (c.kind == CtrlKind::kFunction) {
    emit(op::kReturn, out_.num_results);
    ctrl_.pop_back();
    return {};
  }
  const bool merge = !c.dead && (c.has_else_jump || !c.fixups.empty());
  if (!c.dead) {
    if (c.has_else_jump) patch_to_here(c.else_jump);
    for (auto i : c.fixups) patch_to_here(i);
  }
  const auto results = c.results;
  ctrl_.pop_back();
  push_types(results);
  if (merge) begin_basic_block();
  return {};
}

Result<void> FunctionCompiler::branch(std::uint32_t depth, bool conditional) {
  if (depth >= ctrl_.size()) return invalid("unknown label");
  Ctrl& target = ctrl_[ctrl_.size() - 1 - depth];
  const std::vector<ValType> types = target.label_types();
  PLEXUS_CHECK(pop_types(types));
  if (!dead()) {
    const auto arity = static_cast<std::uint32_t>(types.size());
    if (target.kind == CtrlKind::kFunction) {
      if (conditional) {
        const auto skip = emit(op::kJumpUnless);
        emit(op::kReturn, arity);
        patch_to_here(skip);
      } else {
        emit(op::kReturn, arity);
      }
    } else {
      const std::uint32_t dest = static_cast<std::uint32_t>(locals_.size()) + target.height;
      std::uint32_t at;
      if (slot_height() == dest) {
        at = emit(conditional ? op::kJumpIf : op::kJump);
      } else {
        at = emit(conditional ? op::kBrIf : op::kBr, 0,
                  (static_cast<std::uint64_t>(arity) << 32) | dest);
      }
      if (target.kind == CtrlKind::kLoop) {
        out_.code[at].a = target.loop_start;
      } else {
        target.fixups.push_back(at);
      }
    }
  }
  if (conditional) push_types(types);
  return {};
}

Result<void> FunctionCompiler::br_table() {
  PLEXUS_TRY(const auto n, r_.u32());
  if (n > r_.remaining()) return r_.error("unexpected end (br_table length)");
  std::vector<std::uint32_t> labels(n + 1);
  for (auto& l : labels) {
    PLEXUS_TRY(l, r_.u32());
    if (l >= ctrl_.size()) return invalid("unknown label");
  }
  PLEXUS_CHECK(pop(Ty::kI32));
  const auto& def = ctrl_[ctrl_.size() - 1 - labels.back()].label_types();
  const std::size_t arity = def.size();
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto types = ctrl_[ctrl_.size() - 1 - labels[i]].label_types();
    if (types.size() != arity) return invalid("type mismatch (br_table label arity)");
    // Pop then push back: checks the label's types against the stack without consuming it.
    std::vector<Ty> popped;
    for (auto it = types.rbegin(); it != types.rend(); ++it) {
      PLEXUS_TRY(auto t, pop(*it));
      popped.push_back(t);
    }
    for (auto it = popped.rbegin(); it != popped.rend(); ++it) push(*it);
  }
  const auto def_types = def;
  if (!dead()) {
    emit(op::kBrTable, n);
    // Each entry is itself a branch; the interpreter jumps to entry `index` and executes it.
    for (auto l : labels) {
      Ctrl& target = ctrl_[ctrl_.size() - 1 - l];
      if (target.kind == CtrlKind::kFunction) {
        emit(op::kReturn, static_cast<std::uint32_t>(arity), 0, 0);
        continue;
      }
      const std::uint32_t dest = static_cast<std::uint32_t>(locals_.size()) + target.height;
      const std::uint32_t at =
          slot_height() - arity == dest
              ? emit(op::kJump, 0, 0, 0)
              : emit(op::kBr, 0, (static_cast<std::uint64_t>(arity) << 32) | dest, 0);
      if (target.kind == CtrlKind::kLoop) {
        out_.code[at].a = target.loop_start;
      } else {
        target.fixups.push_back(at);
      }
    }
  }
  PLEXUS_CHECK(pop_types(def_types));
  mark_unreachable();
  return {};
}

Result<void> FunctionCompiler::call(std::uint32_t func) {
  if (func >= m_.func_types.size()) return invalid("unknown function");
  const auto type_index = m_.func_types[func];
  if (type_index >= m_.types.size()) return invalid("unknown type");
  const FuncType& t = m_.types[type_index];
  PLEXUS_CHECK(pop_types(t.params));
  push_types(t.results);
  emit(op::kCall, func, 0, options_.gas.call);
  return {};
}

Result<void> FunctionCompiler::call_indirect() {
  PLEXUS_TRY(const auto type_index, r_.u32());
  PLEXUS_TRY(const auto table, r_.u32());
  if (table >= m_.all_tables.size()) return invalid("unknown table");
  if (m_.all_tables[table].elem != ValType::kFuncRef) return invalid("type mismatch (table)");
  if (type_index >= m_.types.size()) return invalid("unknown type");
  const FuncType& t = m_.types[type_index];
  PLEXUS_CHECK(pop(Ty::kI32));
  PLEXUS_CHECK(pop_types(t.params));
  push_types(t.results);
  emit(op::kCallIndirect, type_index, table, options_.gas.call);
  return {};
}

}  // namespace detail

Result<CompiledFunction> compile_function(const Module& m, std::uint32_t index,
                                          const std::vector<bool>& declared_refs,
                                          const CompileOptions& options) {
  return detail::FunctionCompiler(m, index, declared_refs, options).run();
}

}  // namespace plexus::wasm
