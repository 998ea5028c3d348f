// GCC 12 reports false -Wrestrict / -Wstringop-overread inside inlined std::string and
// std::vector comparisons (GCC bugs 105329, 105651).
#pragma GCC diagnostic ignored "-Wrestrict"
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include "move/ir/compile_context.hpp"

#include "core/hex.hpp"

namespace plexus::move::ir {
namespace {

constexpr std::size_t kTableMax = 65535;

void token_key(std::string& k, const SignatureToken& t) {
  k += static_cast<char>(t.kind);
  k += std::to_string(t.index) + "(";
  for (const auto& a : t.args) token_key(k, a);
  k += ")";
}

std::string signature_key(const Signature& sig) {
  std::string k;
  for (const auto& t : sig) token_key(k, t);
  return k;
}

template <typename Map, typename Key, typename Vec, typename Value>
IrResult<TableIndex> get_or_add(Map& map, const Key& key, Vec& pool, Value&& value) {
  if (auto it = map.find(key); it != map.end()) return it->second;
  if (pool.size() >= kTableMax) return compile_error("Max table size reached!");
  const auto idx = static_cast<TableIndex>(pool.size());
  pool.push_back(std::forward<Value>(value));
  map.emplace(key, idx);
  return idx;
}

// "0000..0001" as the reference prints an address with {:?}.
std::string ident_string(const ModuleIdent& id) { return to_hex(id.address, false) + "." + id.name; }

}  // namespace

IrResult<TableIndex> Context::identifier(const std::string& s) {
  return get_or_add(identifiers_, s, out_.identifiers, s);
}

IrResult<TableIndex> Context::address(const Bytes& a) {
  return get_or_add(addresses_, a, out_.address_identifiers, a);
}

IrResult<TableIndex> Context::signature(const Signature& sig) {
  return get_or_add(signatures_, signature_key(sig), out_.signatures, sig);
}

IrResult<TableIndex> Context::constant(const Constant& c) {
  std::string key;
  token_key(key, c.type);
  key += to_hex(c.data, false);
  return get_or_add(constants_, key, out_.constant_pool, c);
}

IrResult<TableIndex> Context::field_handle(TableIndex owner, TableIndex field) {
  return get_or_add(field_handles_, std::pair{owner, field}, out_.field_handles,
                    FieldHandle{owner, field});
}

IrResult<TableIndex> Context::struct_instantiation(TableIndex def, TableIndex sig) {
  return get_or_add(struct_insts_, std::pair{def, sig}, out_.struct_def_instantiations,
                    Instantiation{def, sig});
}

IrResult<TableIndex> Context::function_instantiation(TableIndex handle, TableIndex sig) {
  return get_or_add(function_insts_, std::pair{handle, sig}, out_.function_instantiations,
                    Instantiation{handle, sig});
}

IrResult<TableIndex> Context::field_instantiation(TableIndex handle, TableIndex sig) {
  return get_or_add(field_insts_, std::pair{handle, sig}, out_.field_instantiations,
                    Instantiation{handle, sig});
}

IrResult<ModuleHandle> Context::declare_friend(const ModuleIdent& id) {
  IR_TRY(auto a, address(id.address));
  IR_TRY(auto n, identifier(id.name));
  return ModuleHandle{a, n};
}

IrResult<TableIndex> Context::declare_import(const ModuleIdent& id, const std::string& alias) {
  aliases_[{id.address, id.name}] = alias;
  IR_TRY(auto a, address(id.address));
  IR_TRY(auto n, identifier(id.name));
  modules_[alias] = {id, ModuleHandle{a, n}};
  return get_or_add(module_handles_, std::tuple{a, n}, out_.module_handles, ModuleHandle{a, n});
}

IrResult<TableIndex> Context::declare_struct_handle(const std::string& module,
                                                    const std::string& name, AbilitySet abilities,
                                                    std::vector<StructTypeParameter> tps) {
  auto m = modules_.find(module);
  if (m == modules_.end()) return compile_error("Unbound module alias " + module);
  const TableIndex mh = module_handles_.at({m->second.second.address, m->second.second.name});
  IR_TRY(auto n, identifier(name));
  std::string key = std::to_string(mh) + "/" + std::to_string(n) + "/" +
                    std::to_string(abilities.bits);
  for (const auto& tp : tps)
    key += "/" + std::to_string(tp.constraints.bits) + (tp.is_phantom ? "p" : "");
  structs_[{module, name}] = key;
  return get_or_add(struct_handles_, key, out_.struct_handles,
                    StructHandle{mh, n, abilities, std::move(tps)});
}

TableIndex Context::declare_struct_definition(const std::string& name) {
  return struct_defs_.emplace(name, static_cast<TableIndex>(struct_defs_.size())).first->second;
}

void Context::declare_field(TableIndex sh, const std::string& field, FieldInfo info) {
  fields_.emplace(std::pair{sh, field}, std::move(info));
}

IrResult<void> Context::declare_function(const std::string& module, const std::string& name,
                                         const FunctionSig& sig) {
  auto m = modules_.find(module);
  if (m == modules_.end()) return compile_error("Unbound module alias " + module);
  const TableIndex mh = module_handles_.at({m->second.second.address, m->second.second.name});
  IR_TRY(auto n, identifier(name));
  IR_TRY(auto params, signature(sig.parameters));
  IR_TRY(auto rets, signature(sig.returns));
  FunctionHandle h{mh, n, params, rets, sig.type_parameters, std::nullopt};
  if (auto it = functions_.find({module, name}); it != functions_.end()) {
    out_.function_handles[it->second] = std::move(h);
    return {};
  }
  if (out_.function_handles.size() >= kTableMax)
    return compile_error("too many functions: " + module + "." + name);
  functions_[{module, name}] = static_cast<TableIndex>(out_.function_handles.size());
  out_.function_handles.push_back(std::move(h));
  return {};
}

const CompiledModule* Context::dependency(const ModuleIdent& id) const {
  for (const CompiledModule* d : deps_) {
    const auto& h = d->self_handle();
    if (d->address_identifiers[h.address] == id.address && d->identifiers[h.name] == id.name)
      return d;
  }
  return nullptr;
}

IrResult<TableIndex> Context::struct_handle_index(const std::string& module,
                                                  const std::string& name) {
  if (auto it = structs_.find({module, name}); it != structs_.end())
    return struct_handles_.at(it->second);
  const std::string qualified = module + "." + name;
  if (module == "Self") return compile_error("Unbound struct " + qualified);
  auto m = modules_.find(module);
  if (m == modules_.end()) return compile_error("Unbound module alias " + module);
  const ModuleIdent& id = m->second.first;
  const CompiledModule* dep = dependency(id);
  if (!dep) return compile_error("Dependency not provided for " + ident_string(id));
  for (const auto& sh : dep->struct_handles) {
    const auto& mh = dep->module_handles[sh.module];
    if (dep->identifiers[mh.name] == id.name && dep->identifiers[sh.name] == name)
      return declare_struct_handle(module, name, sh.abilities, sh.type_parameters);
  }
  return compile_error("Unbound struct " + qualified);
}

IrResult<TableIndex> Context::struct_definition_index(const std::string& name) const {
  auto it = struct_defs_.find(name);
  if (it == struct_defs_.end()) return compile_error("Missing struct definition for " + name);
  return it->second;
}

IrResult<FieldInfo> Context::field(TableIndex sh, const std::string& f) const {
  auto it = fields_.find({sh, f});
  if (it == fields_.end()) return compile_error("Unbound field " + f);
  return it->second;
}

IrResult<SignatureToken> Context::reindex(const CompiledModule& dep, const SignatureToken& tok) {
  SignatureToken out = tok;
  if (tok.kind == TokenKind::kStruct || tok.kind == TokenKind::kStructInstantiation) {
    const auto& sh = dep.struct_handles[tok.index];
    const auto& mh = dep.module_handles[sh.module];
    const ModuleIdent owner{dep.address_identifiers[mh.address], dep.identifiers[mh.name]};
    auto alias = aliases_.find({owner.address, owner.name});
    if (alias == aliases_.end())
      return compile_error("Missing import for module " + ident_string(owner));
    IR_TRY(out.index, struct_handle_index(alias->second, dep.identifiers[sh.name]));
  }
  for (auto& a : out.args) {
    IR_TRY(a, reindex(dep, a));
  }
  return out;
}

IrResult<TableIndex> Context::function_handle(const std::string& module, const std::string& name) {
  if (auto it = functions_.find({module, name}); it != functions_.end()) return it->second;
  if (module == "Self") return compile_error("Unbound function " + module + "." + name);
  auto m = modules_.find(module);
  if (m == modules_.end()) return compile_error("Unbound module alias " + module);
  const ModuleIdent id = m->second.first;
  const CompiledModule* dep = dependency(id);
  if (!dep) return compile_error("Dependency not provided for " + ident_string(id));
  // The last self-module handle with this name wins, as in the reference compiler.
  const FunctionHandle* found = nullptr;
  for (const auto& fh : dep->function_handles)
    if (fh.module == dep->self_module_handle && dep->identifiers[fh.name] == name) found = &fh;
  if (!found) return compile_error("Unbound function " + ident_string(id) + "." + name);
  FunctionSig sig;
  sig.type_parameters = found->type_parameters;
  for (const auto& t : dep->signatures[found->return_]) {
    IR_TRY(auto r, reindex(*dep, t));
    sig.returns.push_back(std::move(r));
  }
  for (const auto& t : dep->signatures[found->parameters]) {
    IR_TRY(auto p, reindex(*dep, t));
    sig.parameters.push_back(std::move(p));
  }
  IR_CHECK(declare_function(module, name, sig));
  return functions_.at({module, name});
}

}  // namespace plexus::move::ir
