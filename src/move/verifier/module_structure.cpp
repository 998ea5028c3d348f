// Passes: friend declarations, ability requirements on fields, and recursive struct definitions.
#include <map>

#include "move/verifier/passes.hpp"

namespace plexus::move::verifier {

VmResult<void> check_friends(const CompiledModule& m) {
  const auto& self = m.self_handle();
  for (const auto& f : m.friend_decls) {
    if (f == self) return vm_fail(StatusCode::INVALID_FRIEND_DECL_WITH_SELF);
    if (m.address_identifiers[f.address] != m.address_identifiers[self.address])
      return vm_fail(StatusCode::INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS);
  }
  return {};
}

VmResult<void> check_field_abilities(const CompiledModule& m) {
  for (std::size_t i = 0; i < m.struct_defs.size(); ++i) {
    const auto& d = m.struct_defs[i];
    const auto& h = m.struct_handles[d.handle];
    // Type parameters are assumed to have every ability: the struct's own abilities are then
    // narrowed per instantiation (see abilities_of).
    const std::vector<AbilitySet> tps(h.type_parameters.size(), AbilitySet{AbilitySet::kAll});
    std::uint8_t required =
        h.abilities.bits & (AbilitySet::kCopy | AbilitySet::kDrop | AbilitySet::kStore);
    if (h.abilities.has(AbilitySet::kKey)) required |= AbilitySet::kStore;
    auto check = [&](const std::vector<FieldDefinition>& fields) -> VmResult<void> {
      for (const auto& f : fields)
        if (!AbilitySet{required}.is_subset_of(abilities_of(m, f.type, tps)))
          return vm_fail(StatusCode::FIELD_MISSING_TYPE_ABILITY,
                         m.identifiers[h.name] + "." + m.identifiers[f.name]);
      return {};
    };
    MOVE_CHECK(check(d.fields));
    for (const auto& v : d.variants) MOVE_CHECK(check(v.fields));
  }
  return {};
}

namespace {

void collect_structs(const SignatureToken& tok, std::vector<TableIndex>& out) {
  if (tok.kind == TokenKind::kStruct || tok.kind == TokenKind::kStructInstantiation)
    out.push_back(tok.index);
  for (const auto& a : tok.args) collect_structs(a, out);
}

}  // namespace

VmResult<void> check_recursive_structs(const CompiledModule& m) {
  std::map<TableIndex, std::size_t> def_of_handle;
  for (std::size_t i = 0; i < m.struct_defs.size(); ++i) def_of_handle[m.struct_defs[i].handle] = i;
  std::vector<std::vector<std::size_t>> edges(m.struct_defs.size());
  for (std::size_t i = 0; i < m.struct_defs.size(); ++i) {
    std::vector<TableIndex> handles;
    for (const auto& f : m.struct_defs[i].fields) collect_structs(f.type, handles);
    for (const auto& v : m.struct_defs[i].variants)
      for (const auto& f : v.fields) collect_structs(f.type, handles);
    for (auto h : handles)
      if (auto it = def_of_handle.find(h); it != def_of_handle.end())
        edges[i].push_back(it->second);
  }
  // Iterative DFS with colours: a grey node reached again closes a cycle.
  std::vector<int> colour(edges.size(), 0);
  for (std::size_t root = 0; root < edges.size(); ++root) {
    if (colour[root]) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
    colour[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == edges[node].size()) {
        colour[node] = 2;
        stack.pop_back();
        continue;
      }
      const std::size_t succ = edges[node][next++];
      if (colour[succ] == 1) return vm_fail(StatusCode::RECURSIVE_STRUCT_DEFINITION);
      if (colour[succ] == 0) {
        colour[succ] = 1;
        stack.emplace_back(succ, 0);
      }
    }
  }
  return {};
}

}  // namespace plexus::move::verifier
