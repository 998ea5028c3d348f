#pragma once
// Internal to the IR test backend: running a test script on the Move interpreter.
#include <optional>
#include <string>

#include "core/error.hpp"
#include "irtest_tasks.hpp"
#include "move/vm/module_store.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move::irtest {

// nullopt error = the script ran to completion.
struct ScriptRun {
  std::optional<VmError> error;
};

// The script as a module `<0x0>::<name>` whose public entry function `main` is the script body.
[[nodiscard]] CompiledModule wrap_script(const CompiledScript& script, const std::string& name);

// Publishes the wrapped script and runs it with the task's --signers, --args, --type-args and
// --gas-budget. not_supported when an argument form or the wrapping is not handled.
[[nodiscard]] Result<ScriptRun> execute_script(ModuleStore& store, GlobalStorage& storage,
                                               const CompiledScript& script, const Task& task,
                                               const std::string& name);

}  // namespace plexus::move::irtest
