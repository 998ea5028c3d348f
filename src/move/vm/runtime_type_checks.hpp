#pragma once
// Run-time checks for code that did not pass the bytecode verifier.
//
// Two layers, both off for verified code:
// - The value guard (always on when unverified code may run): before each instruction it checks
//   that the operands the interpreter is about to touch exist and have the shape the instruction
//   needs, so ill-typed code ends in a status instead of undefined behaviour. A wrong value kind
//   is INTERNAL_TYPE_ERROR, as in the reference VM whose value casts fail with that status.
// - The paranoid type checks (VmConfig::paranoid_type_checks): a type stack beside the operand
//   stack and the types of every frame's locals; each instruction's operand types, abilities and
//   reference mutability are checked and its result types pushed. As in the reference VM, the
//   branch, abort, store-local and return checks run before the instruction and the others after
//   it; a violation is UNKNOWN_INVARIANT_VIOLATION_ERROR.
//
// Errors of a call's own checks (visibility, argument types) are reported where the reference
// reports them: at the caller's caller (or nowhere), or at a native callee's module. Such errors
// come back with their location set and the message already naming that place.
#include <map>
#include <memory>
#include <vector>

#include "move/vm/module_store.hpp"
#include "move/vm/runtime.hpp"
#include "move/vm/types.hpp"
#include "move/vm/values.hpp"

namespace plexus::move::detail {

// Where an instruction runs: the function's module, its type arguments and its locals.
struct CheckFrame {
  const LoadedModule& module;
  const std::vector<Type>& type_args;
  const std::vector<Value>& locals;
};

// The module making a call, and the function that called the caller (nullptr for an entry
// function): the reference attributes a call's failed checks to the latter.
struct CallSite {
  const LoadedModule& module;
  const LoadedModule* parent_module = nullptr;
  TableIndex parent_def = 0;
};

class RuntimeChecks {
 public:
  explicit RuntimeChecks(bool type_checks) : type_checks_(type_checks) {}

  // A function's frame is entered (entry function or call): records its locals' types.
  [[nodiscard]] VmResult<void> enter(const LoadedModule& m, TableIndex def,
                                     const std::vector<Type>& type_args);
  // Before / after one instruction of the current frame (`after` only for instructions that
  // neither call, return, branch nor abort).
  [[nodiscard]] VmResult<void> before(const CheckFrame& f, const Instruction& ins,
                                      const std::vector<Value>& stack);
  [[nodiscard]] VmResult<void> after(const CheckFrame& f, const Instruction& ins,
                                     const std::vector<Value>& stack);
  // Before a call pops its arguments: visibility, argument count and types. For a native callee
  // also pushes its result types (a Move callee's frame is entered through enter()).
  [[nodiscard]] VmResult<void> call(const CallSite& site, const FunctionTarget& callee,
                                    const std::vector<Type>& callee_type_args,
                                    const std::vector<Value>& stack);

  // When the outermost function returned: the resources moved to global storage must fit their
  // types, as the reference's write set serializes them by type (INTERNAL_TYPE_ERROR, located
  // nowhere, otherwise).
  [[nodiscard]] VmResult<void> check_write_set(const GlobalStorage& storage) const;

 private:
  // The value guard (runtime_value_guard.cpp).
  VmResult<void> guard(const CheckFrame& f, const Instruction& ins,
                       const std::vector<Value>& stack);
  VmResult<void> guard_vector(const CheckFrame& f, const Instruction& ins,
                              const std::vector<Value>& stack);
  VmResult<void> guard_struct(const CheckFrame& f, const Instruction& ins,
                              const std::vector<Value>& stack);
  // The element kind of a vector created as a vector of a primitive type (kInvalid: unknown).
  [[nodiscard]] ValueKind element_kind(const std::shared_ptr<Container>& c) const;
  void note_vector(const Value& vector, const Type& element);

  // The type transitions (runtime_type_checks.cpp).
  VmResult<void> pre_types(const CheckFrame& f, const Instruction& ins);
  VmResult<void> post_types(const CheckFrame& f, const Instruction& ins);
  VmResult<void> post_struct_types(const CheckFrame& f, const Instruction& ins);
  VmResult<void> post_vector_types(const CheckFrame& f, const Instruction& ins);
  VmResult<void> post_global_types(const CheckFrame& f, const Instruction& ins);
  static Type resource_type(const CheckFrame& f, const Instruction& ins);
  VmResult<Type> pop_type();
  VmResult<void> push_type(Type t);
  VmResult<void> check_call_types(const CallSite& site, const FunctionTarget& callee,
                                  const std::vector<Type>& callee_type_args);

  bool type_checks_;
  std::vector<Type> types_;                     // mirrors the operand stack
  std::vector<std::vector<Type>> local_types_;  // per active Move frame
  // Vectors packed as vectors of a primitive type: the reference VM stores those unboxed, so
  // writing another kind of value into them is a value-level type error there.
  std::map<const Container*, std::pair<std::weak_ptr<Container>, ValueKind>> primitive_vectors_;
  std::vector<std::pair<Bytes, Type>> moved_to_;  // where MoveTo published resources, and types
};

// Whether `v` is a well-formed value of `t` (references: of the referenced type). Natives rely
// on their arguments' shapes; unverified code may hand them anything.
[[nodiscard]] bool value_fits(const Value& v, const Type& t, std::size_t depth = 0);

}  // namespace plexus::move::detail
