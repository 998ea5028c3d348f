// Passes: control flow (non-empty bodies, no fall-through off the end, properly nested loops)
// and stack usage (per basic block: never below the block's start height, back to zero at its
// end, bounded height).
#include <algorithm>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {

namespace {

// Version 6+: the CFG must be reducible: every edge that closes a cycle in a depth-first walk
// must target a block that dominates its source (a loop head). Compilers of v7 code lay loop
// bodies out of order, so the v5 rule on code ranges does not apply.
VmResult<void> check_reducible(const FunctionView& f, const ControlFlowGraph& g) {
  const std::size_t n = g.blocks.size();
  // Reverse post-order from block 0.
  std::vector<std::size_t> order, rpo_index(n, n);
  std::vector<int> state(n, 0);  // 0 new, 1 on stack, 2 done
  std::vector<std::pair<std::size_t, std::size_t>> back_edges;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, 0}};
  state[0] = 1;
  while (!stack.empty()) {
    auto& [b, i] = stack.back();
    if (i < g.blocks[b].successors.size()) {
      const std::size_t s = g.blocks[b].successors[i++];
      if (state[s] == 1) back_edges.emplace_back(b, s);
      if (state[s] == 0) {
        state[s] = 1;
        stack.emplace_back(s, 0);
      }
      continue;
    }
    state[b] = 2;
    order.push_back(b);
    stack.pop_back();
  }
  std::reverse(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i) rpo_index[order[i]] = i;
  std::vector<std::vector<std::size_t>> preds(n);
  for (std::size_t b = 0; b < n; ++b)
    for (auto s : g.blocks[b].successors) preds[s].push_back(b);
  // Cooper-Harvey-Kennedy iterative dominators over reverse post-order.
  std::vector<std::size_t> idom(n, n);
  idom[0] = 0;
  auto intersect = [&](std::size_t a, std::size_t b) {
    while (a != b) {
      while (rpo_index[a] > rpo_index[b]) a = idom[a];
      while (rpo_index[b] > rpo_index[a]) b = idom[b];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t k = 1; k < order.size(); ++k) {
      const std::size_t b = order[k];
      std::size_t d = n;
      for (auto p : preds[b]) {
        if (idom[p] == n) continue;
        d = d == n ? p : intersect(p, d);
      }
      if (d != idom[b]) {
        idom[b] = d;
        changed = true;
      }
    }
  }
  for (const auto& [from, head] : back_edges) {
    std::size_t x = from;
    while (x != head && x != 0) x = idom[x];
    if (x != head) return f.error(StatusCode::INVALID_LOOP_SPLIT, g.blocks[from].end);
  }
  return {};
}

}  // namespace

VmResult<void> check_control_flow(const FunctionView& f, const ControlFlowGraph& g) {
  const auto& code = f.code->code;
  if (code.empty()) return f.error(StatusCode::EMPTY_CODE_UNIT, 0);
  if (!is_terminator(code.back().op))
    return f.error(StatusCode::INVALID_FALL_THROUGH, code.size() - 1);
  if (f.tables->version() >= 6) return check_reducible(f, g);
  // Loops are the ranges [target, source] of backward jumps. They must nest, and no jump may
  // enter a loop anywhere but at its head.
  struct Loop {
    std::size_t head, tail;
  };
  std::vector<Loop> loops;
  for (std::size_t pc = 0; pc < code.size(); ++pc)
    if (is_branch(code[pc].op) && code[pc].a <= pc) loops.push_back({code[pc].a, pc});
  for (std::size_t i = 0; i < loops.size(); ++i) {
    for (std::size_t j = 0; j < loops.size(); ++j) {
      const auto& a = loops[i];
      const auto& b = loops[j];
      const bool overlap = a.head < b.head && b.head <= a.tail && a.tail < b.tail;
      if (overlap) return f.error(StatusCode::INVALID_LOOP_SPLIT, a.tail);
    }
  }
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    if (!is_branch(code[pc].op)) continue;
    const std::size_t target = code[pc].a;
    for (const auto& l : loops) {
      const bool target_inside = target > l.head && target <= l.tail;
      const bool source_inside = pc >= l.head && pc <= l.tail;
      if (target_inside && !source_inside) return f.error(StatusCode::INVALID_LOOP_BREAK, pc);
    }
  }
  return {};
}

namespace {

std::size_t field_count(const BinaryTables& t, TableIndex def) {
  return t.struct_defs[def].fields.size();
}

std::size_t variant_field_count(const BinaryTables& t, const StructVariantHandle& h) {
  return t.struct_defs[h.owner].variants[h.variant].fields.size();
}

}  // namespace

StackEffect stack_effect(const FunctionView& f, const Instruction& ins) {
  const BinaryTables& t = *f.tables;
  const TableIndex a = static_cast<TableIndex>(ins.a);
  switch (ins.op) {
    case Opcode::Pop:
    case Opcode::BrTrue:
    case Opcode::BrFalse:
    case Opcode::Abort:
    case Opcode::StLoc:
      return {1, 0};
    case Opcode::Ret:
      return {f.returns.size(), 0};
    case Opcode::Branch:
    case Opcode::Nop:
      return {0, 0};
    case Opcode::LdU8:
    case Opcode::LdU16:
    case Opcode::LdU32:
    case Opcode::LdU64:
    case Opcode::LdU128:
    case Opcode::LdU256:
    case Opcode::LdConst:
    case Opcode::LdTrue:
    case Opcode::LdFalse:
    case Opcode::CopyLoc:
    case Opcode::MoveLoc:
    case Opcode::MutBorrowLoc:
    case Opcode::ImmBorrowLoc:
      return {0, 1};
    case Opcode::Call:
    case Opcode::CallGeneric: {
      const auto& h =
          t.function_handles[ins.op == Opcode::Call ? a : t.function_instantiations[a].handle];
      return {t.signatures[h.parameters].size(), t.signatures[h.return_].size()};
    }
    case Opcode::Pack:
      return {field_count(t, a), 1};
    case Opcode::Unpack:
      return {1, field_count(t, a)};
    case Opcode::PackGeneric:
      return {field_count(t, t.struct_def_instantiations[a].handle), 1};
    case Opcode::UnpackGeneric:
      return {1, field_count(t, t.struct_def_instantiations[a].handle)};
    case Opcode::PackVariant:
      return {variant_field_count(t, t.struct_variant_handles[a]), 1};
    case Opcode::UnpackVariant:
      return {1, variant_field_count(t, t.struct_variant_handles[a])};
    case Opcode::PackVariantGeneric:
      return {variant_field_count(
                  t, t.struct_variant_handles[t.struct_variant_instantiations[a].handle]),
              1};
    case Opcode::UnpackVariantGeneric:
      return {1, variant_field_count(
                     t, t.struct_variant_handles[t.struct_variant_instantiations[a].handle])};
    case Opcode::WriteRef:
    case Opcode::MoveTo:
    case Opcode::MoveToGeneric:
    case Opcode::VecPushBack:
      return {2, 0};
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mod:
    case Opcode::Div:
    case Opcode::BitOr:
    case Opcode::BitAnd:
    case Opcode::Xor:
    case Opcode::Or:
    case Opcode::And:
    case Opcode::Eq:
    case Opcode::Neq:
    case Opcode::Lt:
    case Opcode::Gt:
    case Opcode::Le:
    case Opcode::Ge:
    case Opcode::Shl:
    case Opcode::Shr:
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow:
      return {2, 1};
    case Opcode::VecSwap:
      return {3, 0};
    case Opcode::VecPack:
      return {static_cast<std::size_t>(ins.b), 1};
    case Opcode::VecUnpack:
      return {1, static_cast<std::size_t>(ins.b)};
    default:
      return {1, 1};  // unary: borrows, casts, ReadRef, Not, FreezeRef, globals, VecLen...
  }
}

VmResult<void> check_stack_usage(const FunctionView& f, const ControlFlowGraph& g) {
  constexpr std::size_t kMaxStack = 1024;
  const auto& code = f.code->code;
  for (const auto& block : g.blocks) {
    std::size_t height = 0;
    for (std::size_t pc = block.begin; pc <= block.end; ++pc) {
      const auto e = stack_effect(f, code[pc]);
      if (e.pops > height) return f.error(StatusCode::NEGATIVE_STACK_SIZE_WITHIN_BLOCK, pc);
      height = height - e.pops + e.pushes;
      if (height > kMaxStack) return f.error(StatusCode::VALUE_STACK_OVERFLOW, pc);
    }
    if (height != 0) return f.error(StatusCode::POSITIVE_STACK_SIZE_AT_BLOCK_END, block.end);
  }
  return {};
}

}  // namespace plexus::move::verifier
