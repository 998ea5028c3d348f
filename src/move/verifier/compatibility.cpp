// Upgrade compatibility: what a republished module must keep so that the modules already linked
// against it, and the resources already stored, stay valid (the reference's three checks).
#include <algorithm>
#include <map>
#include <set>

#include "move/verifier/passes.hpp"

namespace plexus::move {
namespace {

using verifier::resolved_signature_key;
using verifier::resolved_token_key;

const std::string& struct_name(const CompiledModule& m, const StructDefinition& d) {
  return m.identifiers[m.struct_handles[d.handle].name];
}

// Field names and types, or the variants' (the stored layout of the struct).
std::string layout_key(const CompiledModule& m, const StructDefinition& d) {
  std::string out = std::to_string(static_cast<int>(d.layout)) + "|";
  auto fields = [&](const std::vector<FieldDefinition>& fs) {
    for (const auto& f : fs)
      out += m.identifiers[f.name] + ":" + resolved_token_key(m, f.type) + ";";
  };
  fields(d.fields);
  for (const auto& v : d.variants) {
    out += "#" + m.identifiers[v.name] + "{";
    fields(v.fields);
    out += "}";
  }
  return out;
}

// A function is exposed when other modules or transactions can call it.
bool exposed(const FunctionDefinition& d) {
  return d.visibility != Visibility::kPrivate || d.is_entry;
}

const FunctionDefinition* find_function(const CompiledModule& m, const std::string& name) {
  for (const auto& d : m.function_defs)
    if (m.identifiers[m.function_handles[d.function].name] == name) return &d;
  return nullptr;
}

// New constraints may only be weaker than the old ones.
bool constraints_compatible(AbilitySet old_c, AbilitySet new_c) {
  return new_c.is_subset_of(old_c);
}

std::set<std::pair<Bytes, std::string>> friends_of(const CompiledModule& m) {
  std::set<std::pair<Bytes, std::string>> out;
  for (const auto& f : m.friend_decls)
    out.emplace(m.address_identifiers[f.address], m.identifiers[f.name]);
  return out;
}

}  // namespace

VmResult<void> check_upgrade(const CompiledModule& old_m, const CompiledModule& new_m,
                             const UpgradePolicy& policy) {
  bool linking = true, layout = true, friends = true;
  std::map<std::string, const StructDefinition*> new_structs;
  for (const auto& d : new_m.struct_defs) new_structs.emplace(struct_name(new_m, d), &d);
  for (const auto& old_d : old_m.struct_defs) {
    const auto it = new_structs.find(struct_name(old_m, old_d));
    if (it == new_structs.end()) {
      linking = layout = false;
      break;
    }
    const auto& oh = old_m.struct_handles[old_d.handle];
    const auto& nh = new_m.struct_handles[it->second->handle];
    bool same = oh.abilities.is_subset_of(nh.abilities) &&
                oh.type_parameters.size() == nh.type_parameters.size();
    for (std::size_t i = 0; same && i < oh.type_parameters.size(); ++i)
      same = (!oh.type_parameters[i].is_phantom || nh.type_parameters[i].is_phantom) &&
             constraints_compatible(oh.type_parameters[i].constraints,
                                    nh.type_parameters[i].constraints);
    if (!same) linking = false;
    if (layout_key(old_m, old_d) != layout_key(new_m, *it->second)) layout = false;
  }
  for (const auto& old_d : old_m.function_defs) {
    if (!exposed(old_d)) continue;
    const auto& oh = old_m.function_handles[old_d.function];
    bool& verdict = old_d.visibility == Visibility::kFriend ? friends : linking;
    const FunctionDefinition* new_d = find_function(new_m, old_m.identifiers[oh.name]);
    if (!new_d || !exposed(*new_d)) {
      verdict = false;
      continue;
    }
    const auto& nh = new_m.function_handles[new_d->function];
    bool ok = true;
    if (old_d.is_public()) ok = new_d->is_public();
    if (old_d.visibility == Visibility::kFriend)
      ok = new_d->is_public() || new_d->visibility == Visibility::kFriend;
    // Before version 5 the entry flag was part of the visibility and could not change.
    if (old_m.version() < 5 && new_m.version() < 5)
      ok = ok && old_d.is_entry == new_d->is_entry;
    else
      ok = ok && (!old_d.is_entry || new_d->is_entry);
    ok = ok &&
         resolved_signature_key(old_m, oh.parameters) ==
             resolved_signature_key(new_m, nh.parameters) &&
         resolved_signature_key(old_m, oh.return_) == resolved_signature_key(new_m, nh.return_) &&
         oh.type_parameters.size() == nh.type_parameters.size();
    for (std::size_t i = 0; ok && i < oh.type_parameters.size(); ++i)
      ok = constraints_compatible(oh.type_parameters[i], nh.type_parameters[i]);
    if (!ok) verdict = false;
  }
  const auto old_friends = friends_of(old_m), new_friends = friends_of(new_m);
  if (!std::includes(new_friends.begin(), new_friends.end(), old_friends.begin(),
                     old_friends.end()))
    friends = false;
  if ((policy.check_struct_and_function_linking && !linking) ||
      (policy.check_struct_layout && !layout) || (policy.check_friend_linking && !friends))
    return vm_fail(StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE);
  return {};
}

}  // namespace plexus::move
