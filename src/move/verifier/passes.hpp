#pragma once
// Internal: one function per verifier pass, in the order verify_module runs them.
#include "move/verifier/common.hpp"
#include "move/verifier/verifier.hpp"

namespace plexus::move::verifier {

[[nodiscard]] VmResult<void> check_duplication(const CompiledModule& m);
[[nodiscard]] VmResult<void> check_signatures(const BinaryTables& t);
[[nodiscard]] VmResult<void> check_script_signatures(const CompiledScript& s);
[[nodiscard]] VmResult<void> check_instruction_consistency(const BinaryTables& t,
                                                           const CodeUnit& code, std::uint32_t fn);
[[nodiscard]] VmResult<void> check_constants(const BinaryTables& t);
[[nodiscard]] VmResult<void> check_friends(const CompiledModule& m);
[[nodiscard]] VmResult<void> check_field_abilities(const CompiledModule& m);
[[nodiscard]] VmResult<void> check_recursive_structs(const CompiledModule& m);
[[nodiscard]] VmResult<void> check_instantiation_loops(const CompiledModule& m);

// Code unit passes.
[[nodiscard]] VmResult<void> check_control_flow(const FunctionView& f, const ControlFlowGraph& g);
[[nodiscard]] VmResult<void> check_stack_usage(const FunctionView& f, const ControlFlowGraph& g);
[[nodiscard]] VmResult<void> check_type_safety(const FunctionView& f, const ControlFlowGraph& g);
[[nodiscard]] VmResult<void> check_locals_safety(const FunctionView& f, const ControlFlowGraph& g);
// Work units (graph edges and path labels touched, instructions interpreted) the reference-safety
// pass may spend on one function, and on all functions of a module, before giving up with
// CONSTRAINT_NOT_SATISFIED. Far above what compiled code needs (corpus functions stay below
// 100,000), low enough to bound the time hostile code can cost.
inline constexpr std::uint64_t kReferenceSafetyFunctionWork = 10'000'000;
inline constexpr std::uint64_t kReferenceSafetyModuleWork = 40'000'000;
// Returns the work units spent.
[[nodiscard]] VmResult<std::uint64_t> check_reference_safety(
    const FunctionView& f, const ControlFlowGraph& g,
    std::uint64_t max_work = kReferenceSafetyFunctionWork);
[[nodiscard]] VmResult<void> check_acquires(const CompiledModule& m, const FunctionView& f);

}  // namespace plexus::move::verifier
