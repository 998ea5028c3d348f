// Pass: locals safety. A forward data-flow over the CFG tracks whether each local holds a value
// (available, unavailable, or "maybe" where paths disagree); reads need a value, and values
// without `drop` may not be overwritten or left behind at return.
#include <deque>
#include <optional>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {
namespace {

enum class Avail : std::uint8_t { kUnavailable, kAvailable, kMaybe };
using State = std::vector<Avail>;

bool join_into(State& into, const State& from) {
  bool changed = false;
  for (std::size_t i = 0; i < into.size(); ++i) {
    if (into[i] != from[i] && into[i] != Avail::kMaybe) {
      into[i] = Avail::kMaybe;
      changed = true;
    }
  }
  return changed;
}

}  // namespace

VmResult<void> check_locals_safety(const FunctionView& f, const ControlFlowGraph& g) {
  const auto& code = f.code->code;
  std::vector<bool> droppable;
  for (const auto& l : f.locals)
    droppable.push_back(abilities_of(*f.tables, l, f.type_parameters).has(AbilitySet::kDrop));
  State entry(f.locals.size(), Avail::kUnavailable);
  for (std::size_t i = 0; i < f.parameters.size(); ++i) entry[i] = Avail::kAvailable;

  std::vector<std::optional<State>> in(g.blocks.size());
  in[0] = entry;
  std::deque<std::size_t> work{0};
  while (!work.empty()) {
    const std::size_t bi = work.front();
    work.pop_front();
    State s = *in[bi];
    const auto& b = g.blocks[bi];
    for (std::size_t pc = b.begin; pc <= b.end; ++pc) {
      const auto& ins = code[pc];
      const std::size_t l = ins.a;
      switch (ins.op) {
        case Opcode::CopyLoc:
          if (s[l] != Avail::kAvailable) return f.error(StatusCode::COPYLOC_UNAVAILABLE_ERROR, pc);
          break;
        case Opcode::MoveLoc:
          if (s[l] != Avail::kAvailable) return f.error(StatusCode::MOVELOC_UNAVAILABLE_ERROR, pc);
          s[l] = Avail::kUnavailable;
          break;
        case Opcode::MutBorrowLoc:
        case Opcode::ImmBorrowLoc:
          if (s[l] != Avail::kAvailable)
            return f.error(StatusCode::BORROWLOC_UNAVAILABLE_ERROR, pc);
          break;
        case Opcode::StLoc:
          if (s[l] != Avail::kUnavailable && !droppable[l])
            return f.error(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc);
          s[l] = Avail::kAvailable;
          break;
        case Opcode::Ret:
          for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i] != Avail::kUnavailable && !droppable[i])
              return f.error(StatusCode::UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP, pc);
          break;
        default:
          break;
      }
    }
    for (auto succ : b.successors) {
      if (!in[succ]) {
        in[succ] = s;
        work.push_back(succ);
      } else if (join_into(*in[succ], s)) {
        work.push_back(succ);
      }
    }
  }
  return {};
}

}  // namespace plexus::move::verifier
