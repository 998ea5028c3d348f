#pragma once
// `plexus-move irtest <dir>`: runs the Move IR transactional tests (.mvir + .exp) of a directory
// tree and compares every task's outcome with the expected output.
//
// Compilation and `print-bytecode` only need the IR assembler. Publishing (verification, linking)
// and running scripts/functions go through a VmBackend, so the runner works with whatever
// verifier and interpreter the Move layer provides; a backend that lacks a capability answers
// not_supported and the task counts as failed with that reason.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "irtest_tasks.hpp"
#include "move/binary/file_format.hpp"

namespace plexus::move::irtest {

// What a task printed: nullopt = silent success, otherwise the text after "task N ...:".
using TaskOutput = std::optional<std::string>;

class VmBackend {
 public:
  virtual ~VmBackend() = default;
  // Starts a fresh store for one test file, with the standard library already published.
  virtual void reset(const std::vector<CompiledModule>& stdlib) = 0;
  // Verifies, links and publishes. `paranoid`: verifier passes switched off (runtime checks only).
  [[nodiscard]] virtual Result<TaskOutput> publish(const CompiledModule& module, const Task& task,
                                                   bool paranoid) = 0;
  [[nodiscard]] virtual Result<TaskOutput> run_script(const CompiledScript& script,
                                                      const Task& task, bool paranoid) = 0;
  [[nodiscard]] virtual Result<TaskOutput> run_function(const std::string& function,
                                                        const Task& task, bool paranoid) = 0;
  [[nodiscard]] virtual Result<TaskOutput> view(const Task& task) = 0;
};

// The backend available in this build (see irtest_backend.cpp).
[[nodiscard]] std::unique_ptr<VmBackend> make_backend();

// The IR standard library the tests assume at 0x1, compiled in dependency order.
[[nodiscard]] Result<std::vector<CompiledModule>> build_stdlib();

struct IrTestOptions {
  std::optional<std::filesystem::path> known_failures;
  std::optional<std::filesystem::path> write_failures;
  bool verbose = false;
};

// Returns the process exit code.
int run_ir_tests(const std::filesystem::path& dir, const IrTestOptions& options);

// Compiles one task body against `deps` and renders it as the reference `print-bytecode` does.
[[nodiscard]] TaskOutput print_bytecode_task(const Task& task,
                                             const std::vector<const CompiledModule*>& deps);

}  // namespace plexus::move::irtest
