#include "move/vm/module_store.hpp"

#include <algorithm>
#include <set>

#include "move/binary/disassembler.hpp"
#include "move/vm/natives.hpp"

namespace plexus::move {

std::string ModuleId::to_string() const { return address_string(address) + "::" + name; }

ModuleId module_id(const BinaryTables& t, TableIndex module_handle) {
  const auto& h = t.module_handles[module_handle];
  return {t.address_identifiers[h.address], t.identifiers[h.name]};
}

std::optional<TableIndex> LoadedModule::find_function(const std::string& name) const {
  for (std::size_t i = 0; i < module.function_defs.size(); ++i)
    if (function_name(static_cast<TableIndex>(i)) == name) return static_cast<TableIndex>(i);
  return std::nullopt;
}

std::optional<TableIndex> LoadedModule::find_struct(const std::string& name) const {
  for (std::size_t i = 0; i < module.struct_defs.size(); ++i)
    if (module.identifiers[module.struct_handles[module.struct_defs[i].handle].name] == name)
      return static_cast<TableIndex>(i);
  return std::nullopt;
}

const std::string& LoadedModule::function_name(TableIndex def) const {
  return module.identifiers[module.function_handles[module.function_defs[def].function].name];
}

const LoadedModule* ModuleStore::find(const ModuleId& id) const {
  const auto it = modules_.find(id);
  return it == modules_.end() ? nullptr : it->second.get();
}

const LoadedModule* ModuleStore::find(BytesView address, const std::string& name) const {
  return find(ModuleId{to_bytes(address), name});
}

namespace {

VmResult<void> check_natives(const CompiledModule& m, const ModuleId& id) {
  for (const auto& def : m.struct_defs)
    if (def.layout == StructLayout::kNative)
      return vm_fail(StatusCode::MISSING_DEPENDENCY, "native struct");
  for (const auto& def : m.function_defs) {
    const std::string& name = m.identifiers[m.function_handles[def.function].name];
    if (def.is_native && !find_native(id, name))
      return vm_fail(StatusCode::MISSING_DEPENDENCY, "native not implemented: " + name);
  }
  return {};
}

}  // namespace

VmResult<const LoadedModule*> ModuleStore::publish(CompiledModule module,
                                                   const UpgradePolicy& upgrade) {
  ModuleId id = self_id(module);
  const auto existing = modules_.find(id);
  if (existing != modules_.end())
    MOVE_CHECK(check_upgrade(existing->second->module, module, upgrade));
  if (verify_) {
    MOVE_CHECK(verify_module(module));
    MOVE_CHECK(check_linkage(module));
  } else {
    MOVE_CHECK(verify_module_structure(module));
  }
  if (strict_) {
    MOVE_CHECK(check_natives(module, id));
    for (const auto& f : module.friend_decls)
      if (!find(module.address_identifiers[f.address], module.identifiers[f.name]))
        return vm_fail(StatusCode::LINKER_ERROR,
                       "friend not published: " + module.identifiers[f.name]);
  }
  if (existing != modules_.end()) {
    const bool relaxed = !upgrade.check_struct_and_function_linking ||
                         !upgrade.check_struct_layout || !upgrade.check_friend_linking;
    return replace(*existing->second, std::move(module), relaxed);
  }
  return insert(std::move(module));
}

VmResult<void> ModuleStore::check_linkage(const CompiledModule& module) const {
  return verify_linkage(module, [this](BytesView addr, const std::string& name) {
    const LoadedModule* m = find(addr, name);
    return m ? &m->module : nullptr;
  });
}

VmResult<const LoadedModule*> ModuleStore::add_verified(CompiledModule module) {
  if (modules_.contains(self_id(module)))
    return vm_fail(StatusCode::DUPLICATE_MODULE_NAME, self_id(module).to_string());
  MOVE_CHECK(check_linkage(module));
  return insert(std::move(module));
}

VmResult<const LoadedModule*> ModuleStore::insert(CompiledModule module) {
  ModuleId id = self_id(module);
  auto loaded = std::make_unique<LoadedModule>();
  loaded->id = id;
  loaded->module = std::move(module);
  MOVE_CHECK(resolve(*loaded));
  MOVE_CHECK(compute_depths(*loaded, 0));
  const LoadedModule* out = loaded.get();
  modules_.emplace(std::move(id), std::move(loaded));
  return out;
}

// The LoadedModule keeps its address (other modules point at it); its contents change, and every
// module is relinked because handles resolve to definition indices of the old version. Only
// relaxed upgrade checks let the new version break modules linked against the old one; those
// stay published but cannot be loaded any more (the reference loader re-verifies a module's
// linkage when it loads it). A new version that cannot be linked itself restores the old one.
VmResult<const LoadedModule*> ModuleStore::replace(LoadedModule& slot, CompiledModule module,
                                                   bool relaxed) {
  std::swap(slot.module, module);
  relink_all(relaxed);
  if (slot.link_error) {
    VmError e = *slot.link_error;
    std::swap(slot.module, module);
    relink_all(relaxed);
    return std::unexpected(std::move(e));
  }
  return &slot;
}

void ModuleStore::relink_all(bool recheck_linkage) {
  auto unlink = [](LoadedModule& m, VmError e) {
    m.struct_targets.clear();
    m.function_targets.clear();
    m.struct_depths.clear();
    m.link_error = std::move(e);
  };
  for (auto& [id, m] : modules_) {
    unlink(*m, {});
    m->link_error.reset();
  }
  for (auto& [id, m] : modules_)
    if (auto r = resolve(*m); !r) unlink(*m, std::move(r).error());
  const ModuleLookup lookup = [this](BytesView addr, const std::string& name) {
    const LoadedModule* found = find(addr, name);
    return found ? &found->module : nullptr;
  };
  for (auto& [id, m] : modules_)
    if (recheck_linkage && !m->link_error)
      if (auto r = verify_linkage(m->module, lookup); !r) unlink(*m, std::move(r).error());
  for (auto& [id, m] : modules_)
    if (!m->link_error)
      if (auto r = compute_depths(*m, 0); !r) unlink(*m, std::move(r).error());
  any_unlinked_ = std::any_of(modules_.begin(), modules_.end(),
                              [](const auto& e) { return e.second->link_error.has_value(); });
}

VmResult<void> ModuleStore::check_loadable(const LoadedModule& root) const {
  if (!any_unlinked_) return {};
  std::set<const LoadedModule*> seen{&root};
  std::vector<const LoadedModule*> todo{&root};
  while (!todo.empty()) {
    const LoadedModule* m = todo.back();
    todo.pop_back();
    if (m->link_error) {
      VmError e = *m->link_error;
      e.status = StatusCode::UNEXPECTED_VERIFIER_ERROR;
      e.message = m->id.to_string() + "::<linking>: " + e.message;
      return std::unexpected(std::move(e));
    }
    auto visit = [&](const LoadedModule* dep) {
      if (dep && seen.insert(dep).second) todo.push_back(dep);
    };
    for (const auto& t : m->struct_targets) visit(t.module);
    for (const auto& t : m->function_targets) visit(t.module);
  }
  return {};
}

// Depth formulas need those of the modules whose structs a module uses, so those come first.
VmResult<void> ModuleStore::compute_depths(LoadedModule& loaded, std::size_t guard) {
  if (loaded.struct_depths.size() == loaded.module.struct_defs.size()) return {};
  if (guard > modules_.size())
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "cyclic struct dependency");
  for (const auto& target : loaded.struct_targets) {
    if (target.module == &loaded) continue;
    const auto it = modules_.find(target.module->id);
    if (it == modules_.end())
      return vm_fail(StatusCode::LOOKUP_FAILED, target.module->id.to_string());
    if (it->second->link_error) return std::unexpected(*it->second->link_error);
    MOVE_CHECK(compute_depths(*it->second, guard + 1));
  }
  MOVE_TRY(loaded.struct_depths, struct_depth_formulas(loaded));
  return {};
}

// Points every handle at its defining module (linkage guarantees the lookups succeed).
VmResult<void> ModuleStore::resolve(LoadedModule& loaded) const {
  const CompiledModule& m = loaded.module;
  for (const auto& h : m.struct_handles) {
    const LoadedModule* owner =
        h.module == m.self_module_handle ? &loaded : find(module_id(m, h.module));
    const auto def = owner ? owner->find_struct(m.identifiers[h.name]) : std::nullopt;
    if (!def) return vm_fail(StatusCode::LOOKUP_FAILED, m.identifiers[h.name]);
    loaded.struct_targets.push_back({owner, *def});
  }
  for (const auto& h : m.function_handles) {
    const LoadedModule* owner =
        h.module == m.self_module_handle ? &loaded : find(module_id(m, h.module));
    const auto def = owner ? owner->find_function(m.identifiers[h.name]) : std::nullopt;
    if (!def) return vm_fail(StatusCode::LOOKUP_FAILED, m.identifiers[h.name]);
    loaded.function_targets.push_back({owner, *def});
  }
  return {};
}

VmResult<std::unique_ptr<LoadedModule>> ModuleStore::load_script(
    const CompiledScript& script) const {
  MOVE_CHECK(verify_ ? verify_script(script) : verify_script_structure(script));
  // The script becomes a module "<SELF>" at address zero with one public entry function "main".
  CompiledModule m;
  static_cast<BinaryTables&>(m) = script;
  const Bytes zero(script.address_length, 0);
  auto intern = [](auto& pool, const auto& value) {
    const auto it = std::find(pool.begin(), pool.end(), value);
    if (it != pool.end()) return static_cast<TableIndex>(it - pool.begin());
    pool.push_back(value);
    return static_cast<TableIndex>(pool.size() - 1);
  };
  const TableIndex self_name = intern(m.identifiers, std::string(kScriptModuleName));
  m.module_handles.push_back({intern(m.address_identifiers, zero), self_name});
  m.self_module_handle = static_cast<TableIndex>(m.module_handles.size() - 1);
  FunctionHandle main{m.self_module_handle,   intern(m.identifiers, std::string("main")),
                      script.parameters,      intern(m.signatures, Signature{}),
                      script.type_parameters, {}};
  m.function_handles.push_back(std::move(main));
  FunctionDefinition def;
  def.function = static_cast<TableIndex>(m.function_handles.size() - 1);
  def.visibility = Visibility::kPublic;
  def.is_entry = true;
  def.code = script.code;
  m.function_defs.push_back(std::move(def));
  auto linked = verify_linkage(m, [this](BytesView addr, const std::string& name) {
    const LoadedModule* found = find(addr, name);
    return found ? &found->module : nullptr;
  });
  // A script is not being published: a module it imports that does not exist is a link error.
  if (!linked) {
    VmError& e = linked.error();
    if (e.status == StatusCode::MISSING_DEPENDENCY) {
      e.status = StatusCode::LINKER_ERROR;
    } else {
      // Any other link error is the script's own (it names what it may not use).
      e.message =
          ModuleId{zero, std::string(kScriptModuleName)}.to_string() + "::main: " + e.message;
    }
    return std::unexpected(std::move(e));
  }
  auto loaded = std::make_unique<LoadedModule>();
  loaded->id = {zero, std::string(kScriptModuleName)};
  loaded->module = std::move(m);
  MOVE_CHECK(resolve(*loaded));
  return loaded;
}

VmResult<std::vector<const LoadedModule*>> ModuleStore::publish_bundle(
    std::vector<CompiledModule> modules) {
  std::map<ModuleId, std::size_t> index;
  for (std::size_t i = 0; i < modules.size(); ++i)
    if (!index.emplace(self_id(modules[i]), i).second)
      return vm_fail(StatusCode::DUPLICATE_MODULE_NAME, self_id(modules[i]).to_string());
  // Depth-first topological order over in-bundle dependencies, in input order for determinism.
  std::vector<int> state(modules.size(), 0);
  std::vector<std::size_t> order;
  for (std::size_t root = 0; root < modules.size(); ++root) {
    if (state[root]) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& m = modules[node];
      if (next < m.module_handles.size()) {
        const std::size_t h = next++;
        if (h == m.self_module_handle) continue;
        const auto it = index.find(module_id(m, static_cast<TableIndex>(h)));
        if (it == index.end()) continue;  // must already be in the store
        if (state[it->second] == 1)
          return vm_fail(StatusCode::CYCLIC_MODULE_DEPENDENCY, self_id(m).to_string());
        if (state[it->second] == 0) {
          state[it->second] = 1;
          stack.emplace_back(it->second, 0);
        }
        continue;
      }
      state[node] = 2;
      order.push_back(node);
      stack.pop_back();
    }
  }
  std::vector<const LoadedModule*> out;
  for (auto i : order) {
    const std::string name = self_id(modules[i]).to_string();
    auto r = publish(std::move(modules[i]));
    if (!r) {
      r.error().message = name + ": " + r.error().message;
      return std::unexpected(r.error());
    }
    out.push_back(*r);
  }
  return out;
}

}  // namespace plexus::move
