#include "move/vm/module_store.hpp"

#include <algorithm>
#include <set>

#include "move/binary/disassembler.hpp"

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

VmResult<const LoadedModule*> ModuleStore::publish(CompiledModule module) {
  ModuleId id = self_id(module);
  if (find(id)) return vm_fail(StatusCode::DUPLICATE_MODULE_NAME, id.to_string());
  MOVE_CHECK(verify_module(module));
  MOVE_CHECK(verify_linkage(module, [this](BytesView addr, const std::string& name) {
    const LoadedModule* m = find(addr, name);
    return m ? &m->module : nullptr;
  }));
  auto loaded = std::make_unique<LoadedModule>();
  loaded->id = id;
  loaded->module = std::move(module);
  const CompiledModule& m = loaded->module;
  // Resolve every handle to its defining module (linkage guarantees the lookups succeed).
  for (const auto& h : m.struct_handles) {
    const LoadedModule* owner = h.module == m.self_module_handle ? loaded.get()
                                                                 : find(module_id(m, h.module));
    const auto def = owner->find_struct(m.identifiers[h.name]);
    if (!def) return vm_fail(StatusCode::LOOKUP_FAILED, m.identifiers[h.name]);
    loaded->struct_targets.push_back({owner, *def});
  }
  for (const auto& h : m.function_handles) {
    const LoadedModule* owner = h.module == m.self_module_handle ? loaded.get()
                                                                 : find(module_id(m, h.module));
    const auto def = owner->find_function(m.identifiers[h.name]);
    if (!def) return vm_fail(StatusCode::LOOKUP_FAILED, m.identifiers[h.name]);
    loaded->function_targets.push_back({owner, *def});
  }
  const LoadedModule* out = loaded.get();
  modules_.emplace(std::move(id), std::move(loaded));
  return out;
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
