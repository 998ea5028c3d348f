#pragma once
// Internal helpers shared by the verifier passes (and by the loader): abilities of types,
// type substitution, and the per-function view of a code unit.
#include <span>
#include <string>
#include <vector>

#include "move/binary/file_format.hpp"
#include "move/status.hpp"

namespace plexus::move::verifier {

// Abilities of a type whose type parameters have the given constraints.
[[nodiscard]] AbilitySet abilities_of(const BinaryTables& t, const SignatureToken& tok,
                                      std::span<const AbilitySet> type_params);
// Replaces TypeParameter(i) by args[i] (args must cover every index used).
[[nodiscard]] SignatureToken instantiate(const SignatureToken& tok, const Signature& args);
[[nodiscard]] bool contains_type_parameter(const SignatureToken& tok);
// Appends an unambiguous encoding of the token (for sets and maps keyed by types).
void append_token_key(Bytes& key, const SignatureToken& tok);
// A key for a signature that names structs by address::module::name, so that signatures written
// in different modules compare equal exactly when they denote the same types.
[[nodiscard]] std::string resolved_signature_key(const BinaryTables& t, TableIndex sig);
[[nodiscard]] std::string resolved_token_key(const BinaryTables& t, const SignatureToken& tok);

inline constexpr AbilitySet kPrimitiveAbilities{AbilitySet::kCopy | AbilitySet::kDrop |
                                                AbilitySet::kStore};

// The module's functions and scripts share one shape for the code passes.
struct FunctionView {
  const BinaryTables* tables = nullptr;
  const CodeUnit* code = nullptr;
  std::uint32_t index = Location::kNone;  // function definition index (kNone for scripts)
  Signature parameters;
  Signature returns;
  Signature locals;  // parameters followed by declared locals
  std::vector<AbilitySet> type_parameters;
  const FunctionDefinition* definition = nullptr;  // null for scripts

  [[nodiscard]] std::unexpected<VmError> error(StatusCode code, std::size_t pc,
                                               std::string message = {}) const {
    return vm_fail(code, std::move(message), {index, static_cast<std::uint32_t>(pc)});
  }
};

[[nodiscard]] FunctionView function_view(const CompiledModule& m, std::size_t def_index);
[[nodiscard]] FunctionView script_view(const CompiledScript& s);

// Values an instruction pops and pushes (operands must be in bounds).
struct StackEffect {
  std::size_t pops;
  std::size_t pushes;
};
[[nodiscard]] StackEffect stack_effect(const FunctionView& f, const Instruction& ins);

// Basic blocks of a code unit. Blocks start at 0, at every branch target and after every
// branch/return/abort; successors follow the instruction at the block's end.
struct BasicBlock {
  std::uint16_t begin = 0;
  std::uint16_t end = 0;                  // inclusive: the last instruction
  std::vector<std::uint16_t> successors;  // block indices
};

struct ControlFlowGraph {
  std::vector<BasicBlock> blocks;
  std::vector<std::uint16_t> block_of;  // instruction -> block index
  // Rank of each block in reverse post-order from block 0 (unreachable blocks rank last), so a
  // data-flow that visits lower ranks first sees all forward predecessors of a block before it.
  std::vector<std::size_t> rpo_rank;
};

[[nodiscard]] ControlFlowGraph build_cfg(const CodeUnit& code);
[[nodiscard]] bool is_branch(Opcode op) noexcept;
[[nodiscard]] bool is_terminator(Opcode op) noexcept;  // Ret, Abort, Branch

}  // namespace plexus::move::verifier
