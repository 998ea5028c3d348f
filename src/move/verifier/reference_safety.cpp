// Pass: reference safety, by abstract interpretation over the borrow graph (reference_state.hpp):
// no dangling references, no write through a reference while other borrows of its value exist,
// no read while a mutable borrow exists, and no global resource borrowed twice mutably or moved
// while borrowed. States are joined at block entries until a fixed point; the work is metered so
// that untrusted code cannot make the pass arbitrarily slow.
#include <optional>
#include <set>

#include "move/verifier/passes.hpp"
#include "move/verifier/reference_state.hpp"

namespace plexus::move::verifier {
namespace {

class RefChecker {
 public:
  RefChecker(const FunctionView& f, const std::vector<std::optional<TableIndex>>& def_of_handle,
             std::uint64_t max_work)
      : f_(f), t_(*f.tables), def_of_handle_(def_of_handle), max_work_(max_work) {}

  // Interprets one block from `in`; returns the canonical state at its end.
  VmResult<RefState> block(const BasicBlock& b, RefState s) {
    stack_.clear();
    MOVE_CHECK(charge(s.weight(), b.begin));  // the copy of the entry state
    for (std::size_t pc = b.begin; pc <= b.end; ++pc) {
      MOVE_CHECK(step(s, pc, f_.code->code[pc]));
      MOVE_CHECK(charge(1 + s.take_work(), pc));
    }
    if (!stack_.empty()) return f_.error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, b.end);
    RefState out = s.canonical();
    MOVE_CHECK(charge(out.take_work(), b.end));
    return out;
  }
  [[nodiscard]] std::uint64_t used() const noexcept { return used_; }
  // Counts work against the function's budget.
  VmResult<void> charge(std::uint64_t units, std::size_t pc) {
    used_ += units;
    if (used_ > max_work_)
      return f_.error(StatusCode::CONSTRAINT_NOT_SATISFIED, pc,
                      "reference safety: program too complex to verify");
    return {};
  }

 private:
  VmResult<AbsValue> pop(std::size_t pc) {
    if (stack_.empty()) return f_.error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
    const AbsValue v = stack_.back();
    stack_.pop_back();
    return v;
  }
  // Pops a reference that must be live in the graph (type safety guarantees the kind).
  VmResult<RefId> pop_ref(const RefState& s, std::size_t pc) {
    PLEXUS_TRY(auto v, pop(pc));
    if (!v.is_ref || !s.holds(v.id))
      return f_.error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
    return v.id;
  }
  VmResult<void> push(VmResult<AbsValue> v) {
    if (!v) return std::unexpected(std::move(v.error()));
    stack_.push_back(*v);
    return {};
  }
  // Pops `n` non-reference operands (anything else is released, keeping the graph exact).
  VmResult<void> drop(RefState& s, std::size_t pc, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      PLEXUS_TRY(auto v, pop(pc));
      s.release_value(v);
    }
    return {};
  }

  static BorrowLabel field(TableIndex handle) { return {BorrowLabel::Kind::kField, handle}; }
  static BorrowLabel variant_field(TableIndex handle) {
    return {BorrowLabel::Kind::kVariantField, handle};
  }

  VmResult<void> step(RefState& s, std::size_t pc, const Instruction& ins) {
    const TableIndex a = static_cast<TableIndex>(ins.a);
    switch (ins.op) {
      case Opcode::Pop:
        return drop(s, pc, 1);
      case Opcode::CopyLoc:
        return push(s.copy_loc(pc, ins.a));
      case Opcode::MoveLoc:
        return push(s.move_loc(pc, ins.a));
      case Opcode::StLoc: {
        PLEXUS_TRY(auto v, pop(pc));
        return s.st_loc(pc, ins.a, v);
      }
      case Opcode::FreezeRef: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(s.freeze_ref(pc, id));
      }
      case Opcode::Eq:
      case Opcode::Neq: {
        PLEXUS_TRY(auto x, pop(pc));
        PLEXUS_TRY(auto y, pop(pc));
        MOVE_CHECK(s.comparison(pc, x, y));
        stack_.push_back({});
        return {};
      }
      case Opcode::ReadRef:
      case Opcode::TestVariant:
      case Opcode::TestVariantGeneric: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        MOVE_CHECK(s.read_ref(pc, id));
        stack_.push_back({});
        return {};
      }
      case Opcode::WriteRef: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        MOVE_CHECK(drop(s, pc, 1));
        return s.write_ref(pc, id);
      }
      case Opcode::MutBorrowLoc:
      case Opcode::ImmBorrowLoc:
        return push(s.borrow_loc(pc, ins.op == Opcode::MutBorrowLoc, ins.a));
      case Opcode::MutBorrowField:
      case Opcode::ImmBorrowField: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(s.borrow_field(pc, ins.op == Opcode::MutBorrowField, id, field(a)));
      }
      case Opcode::MutBorrowFieldGeneric:
      case Opcode::ImmBorrowFieldGeneric: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(s.borrow_field(pc, ins.op == Opcode::MutBorrowFieldGeneric, id,
                                   field(t_.field_instantiations[a].handle)));
      }
      case Opcode::MutBorrowVariantField:
      case Opcode::ImmBorrowVariantField: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(
            s.borrow_field(pc, ins.op == Opcode::MutBorrowVariantField, id, variant_field(a)));
      }
      case Opcode::MutBorrowVariantFieldGeneric:
      case Opcode::ImmBorrowVariantFieldGeneric: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(s.borrow_field(pc, ins.op == Opcode::MutBorrowVariantFieldGeneric, id,
                                   variant_field(t_.variant_field_instantiations[a].handle)));
      }
      case Opcode::MutBorrowGlobal:
      case Opcode::ImmBorrowGlobal:
        MOVE_CHECK(drop(s, pc, 1));
        return push(s.borrow_global(pc, ins.op == Opcode::MutBorrowGlobal, a));
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
        MOVE_CHECK(drop(s, pc, 1));
        return push(s.borrow_global(pc, ins.op == Opcode::MutBorrowGlobalGeneric,
                                    t_.struct_def_instantiations[a].handle));
      case Opcode::MoveFrom:
      case Opcode::MoveFromGeneric: {
        MOVE_CHECK(drop(s, pc, 1));
        const TableIndex def =
            ins.op == Opcode::MoveFrom ? a : t_.struct_def_instantiations[a].handle;
        MOVE_CHECK(s.move_from(pc, def));
        stack_.push_back({});
        return {};
      }
      case Opcode::Call:
      case Opcode::CallGeneric:
        return call(s, pc, ins.op == Opcode::Call ? a : t_.function_instantiations[a].handle);
      case Opcode::Ret: {
        std::vector<AbsValue> values(f_.returns.size());
        for (auto it = values.rbegin(); it != values.rend(); ++it) {
          PLEXUS_TRY(auto v, pop(pc));
          *it = v;
        }
        return s.ret(pc, values);
      }
      case Opcode::VecLen: {
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        MOVE_CHECK(s.vector_op(pc, id, false));
        stack_.push_back({});
        return {};
      }
      case Opcode::VecImmBorrow:
      case Opcode::VecMutBorrow: {
        MOVE_CHECK(drop(s, pc, 1));
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        return push(s.vector_element_borrow(pc, id, ins.op == Opcode::VecMutBorrow));
      }
      case Opcode::VecPushBack:
      case Opcode::VecPopBack:
      case Opcode::VecSwap: {
        MOVE_CHECK(drop(s, pc, ins.op == Opcode::VecSwap ? 2 : ins.op == Opcode::VecPushBack));
        PLEXUS_TRY(auto id, pop_ref(s, pc));
        MOVE_CHECK(s.vector_op(pc, id, true));
        if (ins.op == Opcode::VecPopBack) stack_.push_back({});
        return {};
      }
      default: {
        // Every other instruction consumes and produces plain values (MoveTo's signer
        // reference is released like any other operand).
        const auto e = stack_effect(f_, ins);
        MOVE_CHECK(drop(s, pc, e.pops));
        for (std::size_t i = 0; i < e.pushes; ++i) stack_.push_back({});
        return {};
      }
    }
  }

  VmResult<void> call(RefState& s, std::size_t pc, TableIndex handle) {
    const auto& h = t_.function_handles[handle];
    std::vector<AbsValue> args(t_.signatures[h.parameters].size());
    for (auto it = args.rbegin(); it != args.rend(); ++it) {
      PLEXUS_TRY(auto v, pop(pc));
      if (v.is_ref && !s.holds(v.id))
        return f_.error(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, pc);
      *it = v;
    }
    // Only a function of this module declares what it acquires.
    std::span<const TableIndex> acquires;
    if (handle < def_of_handle_.size() && def_of_handle_[handle])
      acquires = t_.function_defs[*def_of_handle_[handle]].acquires;
    PLEXUS_TRY(auto results, s.call(pc, args, acquires, t_.signatures[h.return_]));
    for (const auto& r : results) stack_.push_back(r);
    return {};
  }

  const FunctionView& f_;
  const BinaryTables& t_;
  const std::vector<std::optional<TableIndex>>& def_of_handle_;
  std::vector<AbsValue> stack_;
  std::uint64_t max_work_;
  std::uint64_t used_ = 0;
};

}  // namespace

VmResult<std::uint64_t> check_reference_safety(const FunctionView& f, const ControlFlowGraph& g,
                                               std::uint64_t max_work) {
  if (g.blocks.empty()) return 0;
  std::vector<std::optional<TableIndex>> def_of_handle(f.tables->function_handles.size());
  for (std::size_t i = 0; i < f.tables->function_defs.size(); ++i) {
    const TableIndex h = f.tables->function_defs[i].function;
    if (h < def_of_handle.size()) def_of_handle[h] = static_cast<TableIndex>(i);
  }
  RefChecker checker(f, def_of_handle, max_work);
  std::vector<std::optional<RefState>> in(g.blocks.size());
  in[0] = RefState(f);
  std::set<std::pair<std::size_t, std::size_t>> work{{g.rpo_rank[0], 0}};  // (rank, block)
  while (!work.empty()) {
    const std::size_t bi = work.begin()->second;
    work.erase(work.begin());
    PLEXUS_TRY(auto out, checker.block(g.blocks[bi], *in[bi]));
    for (auto succ : g.blocks[bi].successors) {
      bool changed = true;
      if (in[succ])
        changed = in[succ]->join(out);
      else
        in[succ] = out;
      if (changed) work.emplace(g.rpo_rank[succ], succ);
      // A join copies both graphs.
      MOVE_CHECK(checker.charge(in[succ]->take_work() + 2 * out.weight(), g.blocks[bi].end));
    }
  }
  return checker.used();
}

}  // namespace plexus::move::verifier
