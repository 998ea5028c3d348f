#pragma once
// Parser of Move IR source text into the syntax tree of ast.hpp. Specification clauses
// (ensures/requires/aborts_if/succeeds_if, struct invariants, synthetic variables) are accepted and
// discarded: they never reach bytecode.
#include <cstddef>
#include <string_view>
#include <variant>

#include "move/ir/ast.hpp"

namespace plexus::move::ir {

using CompilationUnit = std::variant<ModuleDef, ScriptDef>;

[[nodiscard]] IrResult<ModuleDef> parse_module(std::string_view text, std::size_t address_length);
[[nodiscard]] IrResult<ScriptDef> parse_script(std::string_view text, std::size_t address_length);
// A module when the text starts with `module`, a script otherwise.
[[nodiscard]] IrResult<CompilationUnit> parse_unit(std::string_view text,
                                                   std::size_t address_length);

}  // namespace plexus::move::ir
