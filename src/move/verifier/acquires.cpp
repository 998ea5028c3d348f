// Pass: the `acquires` list of a function names exactly the resources of this module it moves
// from or borrows globally, directly or through calls to this module's functions, and only
// structs with `key`.
#include <map>
#include <set>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {

VmResult<void> check_acquires(const CompiledModule& m, const FunctionView& f) {
  const auto& def = *f.definition;
  const std::set<TableIndex> declared(def.acquires.begin(), def.acquires.end());
  for (auto s : declared)
    if (!m.struct_handles[m.struct_defs[s].handle].abilities.has(AbilitySet::kKey))
      return vm_fail(StatusCode::INVALID_ACQUIRES_ANNOTATION, {}, {f.index, Location::kNone});
  std::map<TableIndex, const FunctionDefinition*> local_fns;
  for (const auto& d : m.function_defs) local_fns[d.function] = &d;

  std::set<TableIndex> used;
  const auto& code = f.code->code;
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    const auto& ins = code[pc];
    std::vector<TableIndex> needs;
    switch (ins.op) {
      case Opcode::MoveFrom:
      case Opcode::MutBorrowGlobal:
      case Opcode::ImmBorrowGlobal:
        needs.push_back(static_cast<TableIndex>(ins.a));
        break;
      case Opcode::MoveFromGeneric:
      case Opcode::MutBorrowGlobalGeneric:
      case Opcode::ImmBorrowGlobalGeneric:
        needs.push_back(m.struct_def_instantiations[ins.a].handle);
        break;
      case Opcode::Call:
      case Opcode::CallGeneric: {
        const TableIndex fh = ins.op == Opcode::Call ? static_cast<TableIndex>(ins.a)
                                                     : m.function_instantiations[ins.a].handle;
        if (auto it = local_fns.find(fh); it != local_fns.end()) needs = it->second->acquires;
        break;
      }
      default:
        continue;
    }
    for (auto s : needs) {
      if (!declared.contains(s)) return f.error(StatusCode::MISSING_ACQUIRES_ANNOTATION, pc);
      used.insert(s);
    }
  }
  if (used.size() != declared.size())
    return vm_fail(StatusCode::EXTRANEOUS_ACQUIRES_ANNOTATION, {}, {f.index, Location::kNone});
  return {};
}

}  // namespace plexus::move::verifier
