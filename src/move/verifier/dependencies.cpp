// Publish-time checks (the reference runs them in the runtime, not in verify_module): every
// imported module exists, every imported struct/function exists with the same abilities, type
// parameters and signature and is visible to the importer, and there are no dependency or
// friendship cycles.
#include <set>
#include <vector>

#include "move/verifier/passes.hpp"

namespace plexus::move {
namespace {

using ModuleKey = std::pair<Bytes, std::string>;

ModuleKey key_of(const BinaryTables& t, TableIndex mh) {
  const auto& h = t.module_handles[mh];
  return {t.address_identifiers[h.address], t.identifiers[h.name]};
}

bool is_friend_of(const CompiledModule& dep, const ModuleKey& who) {
  for (const auto& f : dep.friend_decls)
    if (dep.address_identifiers[f.address] == who.first && dep.identifiers[f.name] == who.second)
      return true;
  return false;
}

VmResult<void> check_struct(const CompiledModule& m, const StructHandle& h,
                            const CompiledModule& dep) {
  for (const auto& d : dep.struct_defs) {
    const auto& dh = dep.struct_handles[d.handle];
    if (dep.identifiers[dh.name] != m.identifiers[h.name]) continue;
    bool same =
        dh.abilities == h.abilities && dh.type_parameters.size() == h.type_parameters.size();
    for (std::size_t i = 0; same && i < h.type_parameters.size(); ++i)
      same = dh.type_parameters[i].constraints == h.type_parameters[i].constraints &&
             dh.type_parameters[i].is_phantom == h.type_parameters[i].is_phantom;
    if (!same) return vm_fail(StatusCode::TYPE_MISMATCH, "struct " + m.identifiers[h.name]);
    return {};
  }
  return vm_fail(StatusCode::LOOKUP_FAILED, "struct " + m.identifiers[h.name]);
}

VmResult<void> check_function(const CompiledModule& m, const FunctionHandle& h,
                              const CompiledModule& dep) {
  const std::string& name = m.identifiers[h.name];
  for (const auto& d : dep.function_defs) {
    const auto& dh = dep.function_handles[d.function];
    if (dep.identifiers[dh.name] != name) continue;
    const bool visible = d.is_public() || (d.visibility == Visibility::kFriend &&
                                           is_friend_of(dep, key_of(m, m.self_module_handle)));
    if (!visible) return vm_fail(StatusCode::LOOKUP_FAILED, "function " + name + " is not visible");
    if (dh.type_parameters != h.type_parameters ||
        verifier::resolved_signature_key(dep, dh.parameters) !=
            verifier::resolved_signature_key(m, h.parameters) ||
        verifier::resolved_signature_key(dep, dh.return_) !=
            verifier::resolved_signature_key(m, h.return_))
      return vm_fail(StatusCode::TYPE_MISMATCH, "function " + name);
    return {};
  }
  return vm_fail(StatusCode::LOOKUP_FAILED, "function " + name);
}

// True if `target` is reachable from `from` through module dependencies.
bool depends_on(const CompiledModule& from, const ModuleKey& target, const ModuleLookup& lookup,
                std::set<ModuleKey>& seen) {
  for (std::size_t i = 0; i < from.module_handles.size(); ++i) {
    if (i == from.self_module_handle) continue;
    const ModuleKey k = key_of(from, static_cast<TableIndex>(i));
    if (k == target) return true;
    if (!seen.insert(k).second) continue;
    if (const auto* dep = lookup(k.first, k.second); dep && depends_on(*dep, target, lookup, seen))
      return true;
  }
  return false;
}

}  // namespace

VmResult<void> verify_linkage(const CompiledModule& m, const ModuleLookup& lookup) {
  const ModuleKey self = key_of(m, m.self_module_handle);
  for (std::size_t i = 0; i < m.module_handles.size(); ++i) {
    if (i == m.self_module_handle) continue;
    const ModuleKey k = key_of(m, static_cast<TableIndex>(i));
    const CompiledModule* dep = lookup(k.first, k.second);
    if (!dep) return vm_fail(StatusCode::MISSING_DEPENDENCY, k.second);
    for (const auto& h : m.struct_handles)
      if (h.module == i) MOVE_CHECK(check_struct(m, h, *dep));
    for (const auto& h : m.function_handles)
      if (h.module == i) MOVE_CHECK(check_function(m, h, *dep));
  }
  std::set<ModuleKey> seen;
  if (depends_on(m, self, lookup, seen)) return vm_fail(StatusCode::CYCLIC_MODULE_DEPENDENCY);
  // Friends of friends, transitively: reaching this module again is a friendship cycle.
  std::set<ModuleKey> friends;
  std::vector<const CompiledModule*> todo{&m};
  while (!todo.empty()) {
    const CompiledModule* cur = todo.back();
    todo.pop_back();
    for (const auto& f : cur->friend_decls) {
      const ModuleKey fk{cur->address_identifiers[f.address], cur->identifiers[f.name]};
      if (fk == self) return vm_fail(StatusCode::CYCLIC_MODULE_FRIENDSHIP, fk.second);
      if (!friends.insert(fk).second) continue;
      if (const auto* fm = lookup(fk.first, fk.second)) todo.push_back(fm);
    }
  }
  // A module may not befriend one it depends on, directly or not.
  for (const auto& fk : friends) {
    std::set<ModuleKey> seen_friend;
    if (depends_on(m, fk, lookup, seen_friend))
      return vm_fail(StatusCode::INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES, fk.second);
  }
  return {};
}

}  // namespace plexus::move
