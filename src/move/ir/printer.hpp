#pragma once
// Listing of a compiled module or script in the layout of the reference disassembler without a
// source map (parameters named Arg0.., locals loc0.., type parameters Ty0..), basic blocks marked
// B0, B1, ... This is the text the IR transactional tests expect from `print-bytecode`.
#include <string>

#include "move/binary/file_format.hpp"

namespace plexus::move::ir {

[[nodiscard]] std::string print_bytecode(const CompiledModule& module);
[[nodiscard]] std::string print_bytecode(const CompiledScript& script);

}  // namespace plexus::move::ir
