#pragma once
// Human-readable listing of a compiled module or script (for `plexus-move disasm` and errors).
#include <string>

#include "move/binary/file_format.hpp"

namespace plexus::move {

// "0x1::vector" for a module handle; addresses print as minimal hex.
[[nodiscard]] std::string module_name(const BinaryTables& t, TableIndex module_handle);
[[nodiscard]] std::string address_string(BytesView address);
// A signature token as Move source syntax, type parameters as T0, T1, ...
[[nodiscard]] std::string token_string(const BinaryTables& t, const SignatureToken& tok);
[[nodiscard]] std::string instruction_string(const BinaryTables& t, const CodeUnit& code,
                                             const Instruction& ins);
[[nodiscard]] std::string disassemble(const CompiledModule& module);
[[nodiscard]] std::string disassemble(const CompiledScript& script);

}  // namespace plexus::move
