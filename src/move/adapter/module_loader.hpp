#pragma once
// Loading published modules from the chain's state into a per-execution ModuleStore.
//
// Modules are stored as their bytes under Namespace::kMoveModule at the publisher's account,
// keyed by the module name. A ModuleCache remembers modules that passed the bytecode verifier by
// the keccak256 of their bytes (which fix the address and name too): a module is only used if the
// state holds exactly those bytes, so a publish that was reverted can never leave a usable module
// behind, and repeated calls do not re-verify. Linking is checked again in every execution (it is
// cheap).
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "core/bytes.hpp"
#include "move/vm/module_store.hpp"

namespace plexus::move {

// The stored bytes of module `name` at `account`, or nullopt.
using ModuleReader =
    std::function<std::optional<Bytes>(const Address& account, const std::string& name)>;

class ModuleCache {
 public:
  // Deserialized and verified (verify_module) module for these bytes, from the cache or fresh.
  [[nodiscard]] VmResult<std::shared_ptr<const CompiledModule>> verified(BytesView bytes);
  // Records a module verified elsewhere (by a publish) under its bytes.
  void remember(BytesView bytes, const CompiledModule& module);

 private:
  static constexpr std::size_t kMaxEntries = 4096;  // bounded: cleared when full
  std::map<Hash256, std::shared_ptr<const CompiledModule>> entries_;
};

class ModuleLoader {
 public:
  ModuleLoader(ModuleReader reader, ModuleCache& cache, ModuleStore& store)
      : reader_(std::move(reader)), cache_(cache), store_(store) {}

  // Brings `id` and everything it depends on into the store (dependencies first). LINKER_ERROR
  // names a module that is not published.
  [[nodiscard]] VmResult<void> load(const ModuleId& id);
  // Every module named in a type tag such as "0x1::option::Option<0xab::coin::Coin>".
  [[nodiscard]] VmResult<void> load_for_type(std::string_view type_tag);
  // Bytes of the modules loaded so far (for gas).
  [[nodiscard]] std::uint64_t bytes_loaded() const noexcept { return bytes_loaded_; }
  [[nodiscard]] std::uint64_t modules_loaded() const noexcept { return modules_loaded_; }

 private:
  ModuleReader reader_;
  ModuleCache& cache_;
  ModuleStore& store_;
  std::uint64_t bytes_loaded_ = 0;
  std::uint64_t modules_loaded_ = 0;
};

}  // namespace plexus::move
