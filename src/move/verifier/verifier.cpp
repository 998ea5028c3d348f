// Pass order of verify_module / verify_script (FORMAT-NOTES §7).
#include "move/verifier/verifier.hpp"

#include <algorithm>

#include "move/binary/binary.hpp"
#include "move/verifier/passes.hpp"

namespace plexus::move {
namespace {

using namespace verifier;

// `work` is what the module's reference-safety checks may still spend.
VmResult<void> verify_code(const FunctionView& f, const CompiledModule* module,
                           std::uint64_t& work) {
  MOVE_CHECK(check_instruction_consistency(*f.tables, *f.code, f.index));
  const ControlFlowGraph g = build_cfg(*f.code);
  MOVE_CHECK(check_control_flow(f, g));
  MOVE_CHECK(check_stack_usage(f, g));
  MOVE_CHECK(check_type_safety(f, g));
  MOVE_CHECK(check_locals_safety(f, g));
  PLEXUS_TRY(const std::uint64_t used,
             check_reference_safety(f, g, std::min(work, kReferenceSafetyFunctionWork)));
  work -= used;
  if (module) MOVE_CHECK(check_acquires(*module, f));
  return {};
}

}  // namespace

VmResult<void> verify_module(const CompiledModule& m) {
  MOVE_CHECK(check_bounds(m));
  MOVE_CHECK(check_duplication(m));
  MOVE_CHECK(check_signatures(m));
  MOVE_CHECK(check_constants(m));
  MOVE_CHECK(check_friends(m));
  MOVE_CHECK(check_field_abilities(m));
  MOVE_CHECK(check_recursive_structs(m));
  MOVE_CHECK(check_instantiation_loops(m));
  std::uint64_t work = kReferenceSafetyModuleWork;
  for (std::size_t i = 0; i < m.function_defs.size(); ++i) {
    if (!m.function_defs[i].code) continue;
    MOVE_CHECK(verify_code(function_view(m, i), &m, work));
  }
  return {};
}

VmResult<void> verify_script(const CompiledScript& s) {
  MOVE_CHECK(check_bounds(s));
  MOVE_CHECK(check_signatures(s));
  MOVE_CHECK(check_script_signatures(s));
  MOVE_CHECK(check_constants(s));
  const FunctionView f = script_view(s);
  std::uint64_t work = kReferenceSafetyFunctionWork;
  MOVE_CHECK(verify_code(f, nullptr, work));
  // Script signature rule: main returns nothing.
  if (!f.returns.empty()) return vm_fail(StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE);
  return {};
}

namespace {

VmResult<void> verify_code_structure(const FunctionView& f) {
  return check_instruction_consistency(*f.tables, *f.code, f.index);
}

}  // namespace

VmResult<void> verify_module_structure(const CompiledModule& m) {
  MOVE_CHECK(check_bounds(m));
  MOVE_CHECK(check_signatures(m));
  MOVE_CHECK(check_constants(m));
  MOVE_CHECK(check_recursive_structs(m));
  MOVE_CHECK(check_instantiation_loops(m));
  for (std::size_t i = 0; i < m.function_defs.size(); ++i)
    if (m.function_defs[i].code) MOVE_CHECK(verify_code_structure(function_view(m, i)));
  return {};
}

VmResult<void> verify_script_structure(const CompiledScript& s) {
  MOVE_CHECK(check_bounds(s));
  MOVE_CHECK(check_signatures(s));
  MOVE_CHECK(check_script_signatures(s));
  MOVE_CHECK(check_constants(s));
  return verify_code_structure(script_view(s));
}

}  // namespace plexus::move
