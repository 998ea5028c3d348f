#pragma once
// The Move bytecode verifier: the reference VM's passes in the reference order (FORMAT-NOTES §7).
//
//   verify_module: bounds, duplication, signatures, instruction consistency, constants, friends,
//     ability field requirements, recursive structs, instantiation loops, then per function:
//     control flow, stack usage, type safety (incl. abilities), locals safety, reference safety,
//     acquires list.
//   verify_linkage: publish-time checks against the modules already in a store: dependencies
//     exist, imported structs/functions match their definitions and are visible, no cyclic
//     dependency or friendship.
// Every rejection is a VmError whose status names the reference's StatusCode.
#include <functional>
#include <string>

#include "move/binary/file_format.hpp"
#include "move/status.hpp"

namespace plexus::move {

[[nodiscard]] VmResult<void> verify_module(const CompiledModule& module);
[[nodiscard]] VmResult<void> verify_script(const CompiledScript& script);

// Only the structural passes (bounds, signatures, constants, recursive structs, instantiation
// loops, instruction forms): what a store that skips verification for testing still needs so
// that loading and interpreting the code stay well defined. Control flow, stack, type, locals
// and reference safety are left to the interpreter's run-time checks.
[[nodiscard]] VmResult<void> verify_module_structure(const CompiledModule& module);
[[nodiscard]] VmResult<void> verify_script_structure(const CompiledScript& script);

// Looks a module up by (address bytes, name); nullptr when absent.
using ModuleLookup =
    std::function<const CompiledModule*(BytesView address, const std::string& name)>;

[[nodiscard]] VmResult<void> verify_linkage(const CompiledModule& module,
                                            const ModuleLookup& lookup);

// Which upgrade rules apply when a published module is replaced (all by default).
struct UpgradePolicy {
  bool check_struct_and_function_linking = true;  // structs and public functions kept
  bool check_struct_layout = true;                // struct fields unchanged
  bool check_friend_linking = true;               // friends and friend functions kept
};

// BACKWARD_INCOMPATIBLE_MODULE_UPDATE unless `new_module` may replace `old_module`: every
// struct kept with no fewer abilities, no stronger type-parameter constraints and (layout) the
// same fields; every public, friend or entry function kept, no less visible, with the same
// signature; no friend dropped.
[[nodiscard]] VmResult<void> check_upgrade(const CompiledModule& old_module,
                                           const CompiledModule& new_module,
                                           const UpgradePolicy& policy = {});

}  // namespace plexus::move
