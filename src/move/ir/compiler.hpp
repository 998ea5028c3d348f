#pragma once
// Compiles a parsed Move IR module or script to the binary format model (file_format.hpp), ready
// for serialize_module/serialize_script. Imported modules are resolved against `deps`, the
// compiled modules already available (for example, those published earlier); the tables are
// filled in first-use order so that indices match the reference IR compiler's output.
#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

#include "move/binary/file_format.hpp"
#include "move/ir/ast.hpp"

namespace plexus::move::ir {

struct CompileOptions {
  std::size_t address_length = 16;
  std::uint32_t version = 6;
};

using CompiledUnit = std::variant<CompiledModule, CompiledScript>;

[[nodiscard]] IrResult<CompiledModule> compile_module(const ModuleDef& module,
                                                      const std::vector<const CompiledModule*>& deps,
                                                      const CompileOptions& options = {});
[[nodiscard]] IrResult<CompiledScript> compile_script(const ScriptDef& script,
                                                      const std::vector<const CompiledModule*>& deps,
                                                      const CompileOptions& options = {});

// Parse and compile in one step (module or script, whichever the text holds).
[[nodiscard]] IrResult<CompiledUnit> assemble(std::string_view text,
                                              const std::vector<const CompiledModule*>& deps,
                                              const CompileOptions& options = {});

}  // namespace plexus::move::ir
