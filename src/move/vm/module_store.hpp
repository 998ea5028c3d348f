#pragma once
// The module store: verified, linked modules by (address, name). Publishing runs the full
// verifier and the link-time checks against what is already published, so a module is only
// accepted after all of its dependencies; publish_bundle orders a set of modules itself.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "move/binary/file_format.hpp"
#include "move/status.hpp"
#include "move/verifier/verifier.hpp"
#include "move/vm/type_depth.hpp"

namespace plexus::move {

struct ModuleId {
  Bytes address;
  std::string name;
  friend auto operator<=>(const ModuleId&, const ModuleId&) = default;
  [[nodiscard]] std::string to_string() const;  // "0x1::vector"
};

[[nodiscard]] ModuleId module_id(const BinaryTables& t, TableIndex module_handle);
[[nodiscard]] inline ModuleId self_id(const CompiledModule& m) {
  return module_id(m, m.self_module_handle);
}

struct LoadedModule;

inline constexpr std::string_view kScriptModuleName = "<SELF>";

// Where a struct or function handle of a module points after linking.
struct StructTarget {
  const LoadedModule* module = nullptr;
  TableIndex def = 0;
};
struct FunctionTarget {
  const LoadedModule* module = nullptr;
  TableIndex def = 0;
};

struct LoadedModule {
  ModuleId id;
  CompiledModule module;
  std::vector<StructTarget> struct_targets;      // per struct handle
  std::vector<FunctionTarget> function_targets;  // per function handle
  std::vector<DepthFormula> struct_depths;       // per struct definition
  // Set when an upgrade of a dependency (under relaxed checks) broke this module's linkage:
  // it stays published but cannot be loaded (its targets are empty).
  std::optional<VmError> link_error;

  // Function definition index by name, or nullopt.
  [[nodiscard]] std::optional<TableIndex> find_function(const std::string& name) const;
  [[nodiscard]] std::optional<TableIndex> find_struct(const std::string& name) const;
  [[nodiscard]] const std::string& function_name(TableIndex def) const;
};

class ModuleStore {
 public:
  // Verifies, links and stores one module; every dependency must already be published. A module
  // already in the store is replaced when `upgrade` allows (BACKWARD_INCOMPATIBLE_MODULE_UPDATE
  // otherwise); modules linked against it are relinked to the new version.
  [[nodiscard]] VmResult<const LoadedModule*> publish(CompiledModule module,
                                                      const UpgradePolicy& upgrade = {});
  // Links and stores a module that already passed verify_module (a cache of verified modules
  // skips re-verifying); runs the link-time checks only and never replaces a module.
  [[nodiscard]] VmResult<const LoadedModule*> add_verified(CompiledModule module);
  // Publishes modules in dependency order (computed from their handles); refuses cycles and
  // dependencies found neither in the bundle nor in the store.
  [[nodiscard]] VmResult<std::vector<const LoadedModule*>> publish_bundle(
      std::vector<CompiledModule> modules);

  // Verifies a script and links it against the store as a transient module named "<SELF>"
  // whose function 0 is the script's body ("main"); it is not stored.
  [[nodiscard]] VmResult<std::unique_ptr<LoadedModule>> load_script(
      const CompiledScript& script) const;

  // Test-only: later publications and scripts get the structural checks only, not the full
  // verifier or the link-time visibility checks (verify_module_structure), and the VM then
  // runs their code with its run-time checks. Never used for code from transactions.
  void skip_verification_for_testing() noexcept { verify_ = false; }
  [[nodiscard]] bool verifies() const noexcept { return verify_; }
  // Publish as the reference loader does: a module declaring a native function this VM does
  // not implement or a native struct is refused (MISSING_DEPENDENCY), and so is one naming a
  // friend that is not published (LINKER_ERROR). Off by default: stores fed with other
  // frameworks keep such modules and fail only when a missing native is called.
  void strict_loading() noexcept { strict_ = true; }

  // UNEXPECTED_VERIFIER_ERROR when `m` or a module it uses, directly or not, no longer links
  // (see LoadedModule::link_error): loading it would re-verify and refuse it.
  [[nodiscard]] VmResult<void> check_loadable(const LoadedModule& m) const;

  [[nodiscard]] const LoadedModule* find(const ModuleId& id) const;
  [[nodiscard]] const LoadedModule* find(BytesView address, const std::string& name) const;
  [[nodiscard]] std::size_t size() const noexcept { return modules_.size(); }

 private:
  VmResult<void> check_linkage(const CompiledModule& module) const;
  VmResult<void> resolve(LoadedModule& loaded) const;
  VmResult<void> compute_depths(LoadedModule& loaded, std::size_t guard);
  void relink_all(bool recheck_linkage);
  VmResult<const LoadedModule*> replace(LoadedModule& slot, CompiledModule module, bool relaxed);
  // Links and stores a module whose checks are done.
  VmResult<const LoadedModule*> insert(CompiledModule module);

  std::map<ModuleId, std::unique_ptr<LoadedModule>> modules_;
  bool verify_ = true;
  bool strict_ = false;
  bool any_unlinked_ = false;  // some module has a link_error
};

}  // namespace plexus::move
