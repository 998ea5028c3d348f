// Pass: reference safety, in a simplified form of the reference's borrow graph. Every reference
// value carries the set of locals it (transitively) borrows from and whether it is mutable;
// references into global storage or received as parameters carry no local roots.
// Checked: moving or overwriting a borrowed local, immutably borrowing a local that is mutably
// borrowed, and returning a reference to a local.
// Not modelled (documented in docs/MOVE.md): field-path precision, conflicts between references
// derived from parameters, and global-borrow conflicts across calls; the runtime keeps those
// safe by construction of its value model.
#include <bitset>
#include <optional>
#include <set>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

struct AbsValue {
  bool present = true;  // false once moved out of a local (locals only)
  bool is_ref = false;
  bool mut = false;
  std::bitset<256> roots;
  friend bool operator==(const AbsValue&, const AbsValue&) = default;
};

struct State {
  std::vector<AbsValue> locals;
  friend bool operator==(const State&, const State&) = default;
};

class RefChecker {
 public:
  RefChecker(const FunctionView& f, State s) : f_(f), s_(std::move(s)) {}

  VmResult<void> block(const BasicBlock& b) {
    stack_.clear();
    for (pc_ = b.begin; pc_ <= b.end; ++pc_) MOVE_CHECK(step(f_.code->code[pc_]));
    return {};
  }
  [[nodiscard]] const State& state() const { return s_; }

 private:
  // Is local `l` borrowed by a live reference? `mut_only` restricts to mutable borrows.
  bool borrowed(std::size_t l, bool mut_only) const {
    auto hit = [&](const AbsValue& v) {
      return v.is_ref && v.roots.test(l) && (!mut_only || v.mut);
    };
    for (const auto& v : stack_)
      if (hit(v)) return true;
    for (const auto& v : s_.locals)
      if (hit(v)) return true;
    return false;
  }
  AbsValue pop() {
    if (stack_.empty()) return {};
    AbsValue v = stack_.back();
    stack_.pop_back();
    return v;
  }

  VmResult<void> step(const Instruction& ins) {
    const std::size_t l = ins.a;
    switch (ins.op) {
      case Opcode::CopyLoc:
        stack_.push_back(s_.locals[l]);
        return {};
      case Opcode::MoveLoc:
        if (borrowed(l, false)) return f_.error(StatusCode::MOVELOC_EXISTS_BORROW_ERROR, pc_);
        stack_.push_back(s_.locals[l]);
        s_.locals[l] = AbsValue{false, false, false, {}};
        return {};
      case Opcode::StLoc: {
        AbsValue v = pop();
        if (borrowed(l, false)) return f_.error(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc_);
        s_.locals[l] = v;
        return {};
      }
      case Opcode::MutBorrowLoc:
      case Opcode::ImmBorrowLoc: {
        const bool mut = ins.op == Opcode::MutBorrowLoc;
        // As in the reference, a new mutable borrow is always allowed (conflicts surface when the
        // references are used); an immutable one needs the local not to be mutably borrowed.
        if (!mut && borrowed(l, true))
          return f_.error(StatusCode::BORROWLOC_EXISTS_BORROW_ERROR, pc_);
        AbsValue r{true, true, mut, {}};
        r.roots.set(l);
        stack_.push_back(r);
        return {};
      }
      case Opcode::FreezeRef: {
        AbsValue r = pop();
        r.mut = false;
        stack_.push_back(r);
        return {};
      }
      case Opcode::MutBorrowField:
      case Opcode::ImmBorrowField:
      case Opcode::MutBorrowFieldGeneric:
      case Opcode::ImmBorrowFieldGeneric:
      case Opcode::ImmBorrowVariantField:
      case Opcode::MutBorrowVariantField:
      case Opcode::ImmBorrowVariantFieldGeneric:
      case Opcode::MutBorrowVariantFieldGeneric: {
        AbsValue r = pop();
        r.mut = ins.op == Opcode::MutBorrowField || ins.op == Opcode::MutBorrowFieldGeneric ||
                ins.op == Opcode::MutBorrowVariantField ||
                ins.op == Opcode::MutBorrowVariantFieldGeneric;
        stack_.push_back(r);
        return {};
      }
      case Opcode::VecImmBorrow:
      case Opcode::VecMutBorrow: {
        pop();
        AbsValue r = pop();
        r.mut = ins.op == Opcode::VecMutBorrow;
        stack_.push_back(r);
        return {};
      }
      case Opcode::MutBorrowGlobal:
      case Opcode::ImmBorrowGlobal:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
        pop();
        stack_.push_back(
            AbsValue{true,
                     true,
                     ins.op == Opcode::MutBorrowGlobal || ins.op == Opcode::MutBorrowGlobalGeneric,
                     {}});
        return {};
      case Opcode::Call:
      case Opcode::CallGeneric:
        return call(ins);
      case Opcode::Ret:
        for (std::size_t i = 0; i < f_.returns.size(); ++i) {
          if (pop().roots.any())
            return f_.error(StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED, pc_);
        }
        return {};
      default: {
        const auto e = stack_effect(f_, ins);
        for (std::size_t i = 0; i < e.pops; ++i) pop();
        for (std::size_t i = 0; i < e.pushes; ++i) stack_.push_back({});
        return {};
      }
    }
  }

  // Returned references borrow from the reference arguments (mutable results only from mutable
  // arguments), as in the reference's call rule.
  VmResult<void> call(const Instruction& ins) {
    const auto& t = *f_.tables;
    const auto& h =
        t.function_handles[ins.op == Opcode::Call ? ins.a
                                                  : t.function_instantiations[ins.a].handle];
    std::bitset<256> all, mut_roots;
    for (std::size_t i = 0; i < t.signatures[h.parameters].size(); ++i) {
      const AbsValue v = pop();
      if (!v.is_ref) continue;
      all |= v.roots;
      if (v.mut) mut_roots |= v.roots;
    }
    for (const auto& r : t.signatures[h.return_]) {
      if (!r.is_reference()) {
        stack_.push_back({});
        continue;
      }
      const bool mut = r.kind == TokenKind::kMutableReference;
      stack_.push_back(AbsValue{true, true, mut, mut ? mut_roots : all});
    }
    return {};
  }

  const FunctionView& f_;
  State s_;
  std::vector<AbsValue> stack_;
  std::size_t pc_ = 0;
};

State join(const State& a, const State& b) {
  State out = a;
  for (std::size_t i = 0; i < out.locals.size(); ++i) {
    auto& o = out.locals[i];
    const auto& v = b.locals[i];
    // A local that is empty on one path is empty after the join (its borrows end), as in the
    // reference, where locals safety makes such a local unusable anyway.
    if (!o.present || !v.present) {
      o = AbsValue{false, false, false, {}};
      continue;
    }
    o.is_ref = o.is_ref || v.is_ref;
    o.mut = o.mut || v.mut;
    o.roots |= v.roots;
  }
  return out;
}

}  // namespace

VmResult<void> check_reference_safety(const FunctionView& f, const ControlFlowGraph& g) {
  State entry;
  entry.locals.assign(f.locals.size(), AbsValue{false, false, false, {}});
  for (std::size_t i = 0; i < f.parameters.size(); ++i)
    entry.locals[i] = AbsValue{true,
                               f.parameters[i].is_reference(),
                               f.parameters[i].kind == TokenKind::kMutableReference,
                               {}};
  std::vector<std::optional<State>> in(g.blocks.size());
  in[0] = entry;
  std::set<std::pair<std::size_t, std::size_t>> work{{g.rpo_rank[0], 0}};  // (rank, block)
  while (!work.empty()) {
    const std::size_t bi = work.begin()->second;
    work.erase(work.begin());
    RefChecker checker(f, *in[bi]);
    MOVE_CHECK(checker.block(g.blocks[bi]));
    for (auto succ : g.blocks[bi].successors) {
      State next = in[succ] ? join(*in[succ], checker.state()) : checker.state();
      if (!in[succ] || next != *in[succ]) {
        in[succ] = std::move(next);
        work.emplace(g.rpo_rank[succ], succ);
      }
    }
  }
  return {};
}

}  // namespace plexus::move::verifier
