#pragma once
// Internal to the IR test backend: running a test script or a published function on the Move
// interpreter with a task's --signers, --args, --type-args and --gas-budget.
#include <optional>
#include <string>

#include "core/error.hpp"
#include "irtest_tasks.hpp"
#include "move/vm/module_store.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move::irtest {

// Either the VM's error or the outcome of the call.
struct CallRun {
  std::optional<VmError> error;
  ExecutionResult result;
};

// not_supported when an argument or type-argument form is not handled.
[[nodiscard]] Result<CallRun> execute_script(const ModuleStore& store, GlobalStorage& storage,
                                             const CompiledScript& script, const Task& task);
// `function` is "0x42::M::f"; visibility is bypassed, as the reference harness does.
[[nodiscard]] Result<CallRun> execute_function(const ModuleStore& store, GlobalStorage& storage,
                                               const std::string& function, const Task& task);

// The `view --address A --resource T` text: the resource's fields, or "[No Resource Exists]".
[[nodiscard]] Result<std::string> view_resource(const ModuleStore& store,
                                                const GlobalStorage& storage, const Task& task);

// "mutable inputs after call: ..." and "return values: ..." lines (nullopt when both are empty).
[[nodiscard]] std::optional<std::string> render_result(const ExecutionResult& r);

}  // namespace plexus::move::irtest
