// Module loading from state with a cache of verified modules (see module_loader.hpp).
#include "move/adapter/module_loader.hpp"

#include <set>

#include "core/hash.hpp"
#include "move/adapter/address.hpp"
#include "move/binary/binary.hpp"
#include "move/verifier/verifier.hpp"
#include "move/vm/types.hpp"

namespace plexus::move {

VmResult<std::shared_ptr<const CompiledModule>> ModuleCache::verified(BytesView bytes) {
  const Hash256 hash = keccak256(bytes);
  if (const auto it = entries_.find(hash); it != entries_.end()) return it->second;
  MOVE_TRY(auto module, deserialize_module(bytes, BinaryConfig{kMoveAddressLength, kMaxVersion}));
  MOVE_CHECK(verify_module(module));
  auto shared = std::make_shared<const CompiledModule>(std::move(module));
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.emplace(hash, shared);
  return shared;
}

void ModuleCache::remember(BytesView bytes, const CompiledModule& module) {
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.insert_or_assign(keccak256(bytes), std::make_shared<const CompiledModule>(module));
}

VmResult<void> ModuleLoader::load(const ModuleId& root) {
  if (store_.find(root)) return {};
  // Depth-first: a module is added once all of its dependencies are in the store. `open` guards
  // against cycles, which stored modules cannot have but state is not trusted to be sane.
  struct Pending {
    std::shared_ptr<const CompiledModule> module;
    std::size_t next = 0;
  };
  std::vector<Pending> stack;
  std::set<ModuleId> open;
  auto fetch = [&](const ModuleId& id) -> VmResult<void> {
    const auto account = to_account(id.address);
    std::optional<Bytes> bytes;
    if (account) bytes = reader_(*account, id.name);
    if (!bytes) return vm_fail(StatusCode::LINKER_ERROR, "no module " + id.to_string());
    MOVE_TRY(auto module, cache_.verified(*bytes));
    if (self_id(*module) != id)
      return vm_fail(StatusCode::LINKER_ERROR,
                     "module stored as " + id.to_string() + " is " + self_id(*module).to_string());
    bytes_loaded_ += bytes->size();
    ++modules_loaded_;
    open.insert(id);
    stack.push_back({std::move(module), 0});
    return {};
  };
  MOVE_CHECK(fetch(root));
  while (!stack.empty()) {
    Pending& top = stack.back();
    const CompiledModule& m = *top.module;
    if (top.next < m.module_handles.size()) {
      const auto h = static_cast<TableIndex>(top.next++);
      if (h == m.self_module_handle) continue;
      const ModuleId dep = module_id(m, h);
      if (store_.find(dep)) continue;
      if (open.contains(dep)) return vm_fail(StatusCode::CYCLIC_MODULE_DEPENDENCY, dep.to_string());
      MOVE_CHECK(fetch(dep));
      continue;
    }
    auto module = std::move(top.module);
    stack.pop_back();
    open.erase(self_id(*module));
    MOVE_CHECK(store_.add_verified(*module));
  }
  return {};
}

VmResult<void> ModuleLoader::load_for_type(std::string_view tag) {
  // Every "0x<hex>::<module>::" in the tag names a module.
  for (std::size_t pos = tag.find("0x"); pos != std::string_view::npos;
       pos = tag.find("0x", pos + 2)) {
    const std::size_t sep = tag.find("::", pos);
    if (sep == std::string_view::npos) break;
    const std::size_t name_end = tag.find("::", sep + 2);
    if (name_end == std::string_view::npos) break;
    MOVE_TRY(auto address, parse_address(tag.substr(pos, sep - pos), kMoveAddressLength));
    MOVE_CHECK(
        load(ModuleId{std::move(address), std::string(tag.substr(sep + 2, name_end - sep - 2))}));
  }
  return {};
}

}  // namespace plexus::move
