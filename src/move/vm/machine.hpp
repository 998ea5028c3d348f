#pragma once
// Internal: the interpreter's machine state (frames and operand stack), implemented by
// interpreter.cpp (frames, calls, globals, vectors) and interpreter_step.cpp (the opcodes).
#include <vector>

#include "move/vm/runtime.hpp"
#include "move/vm/runtime_type_checks.hpp"

namespace plexus::move::detail {

struct Frame {
  const LoadedModule* module = nullptr;
  TableIndex def = 0;
  const CodeUnit* code = nullptr;
  std::vector<Type> type_args;
  std::shared_ptr<Container> locals;
  std::uint32_t pc = 0;
};

enum class Flow : std::uint8_t { kNext, kJump, kCall, kReturn };

class Machine {
 public:
  // `unverified_code`: the store holds modules that skipped the bytecode verifier, so every
  // instruction's operands are checked before use (runtime_type_checks.hpp).
  Machine(GlobalStorage& storage, const VmConfig& config, GasMeter& gas,
          bool unverified_code = false)
      : storage_(storage), config_(config), gas_(gas) {
    if (unverified_code || config.paranoid_type_checks)
      checks_ = std::make_unique<RuntimeChecks>(config.paranoid_type_checks);
  }

  // Frames left by an error: their locals may reference themselves (see Ret).
  ~Machine() {
    for (auto& f : frames_)
      if (f.locals) f.locals->elems.clear();
  }
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Runs a function to completion; returns the values left by its final Ret.
  [[nodiscard]] VmResult<std::vector<Value>> run(const LoadedModule& m, TableIndex def,
                                                 std::vector<Type> type_args,
                                                 std::vector<Value> args);

 private:
  VmResult<void> enter(const LoadedModule& m, TableIndex def, std::vector<Type> type_args,
                       std::vector<Value> args);
  VmResult<Flow> call(Frame& f, TableIndex handle, std::vector<Type> type_args);
  VmResult<Flow> global(Opcode op, const Type& t);
  VmResult<Flow> vector_op(const Frame& f, const Instruction& ins);
  VmResult<Flow> step(Frame& f, const Instruction& ins);
  // step() wrapped in the run-time checks when they are on (interpreter_checks.cpp).
  VmResult<Flow> checked_step(Frame& f, const Instruction& ins);
  VmResult<void> check_call(const Frame& f, const FunctionTarget& callee,
                            const std::vector<Type>& type_args);
  VmResult<Flow> step_structs(Frame& f, const Instruction& ins);

  // Code reaches the interpreter only after verification, but a reference that outlived its
  // element or a value of the wrong shape must still end in an error, never in undefined
  // behaviour: these accessors check what they are given.
  static VmResult<Value*> target(const Value& ref) {
    if (ref.kind != ValueKind::kRef || !ref.container || ref.index >= ref.container->elems.size())
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "dangling reference");
    return &ref.container->elems[ref.index];
  }
  static VmResult<std::vector<Value>*> elements(const Value& v) {
    if (!v.container || v.kind == ValueKind::kRef)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "not a struct or vector");
    return &v.container->elems;
  }
  static VmResult<const Bytes*> address_bytes(const Value& v) {
    if (v.kind != ValueKind::kAddress || !v.address)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "not an address");
    return v.address.get();
  }

  Value pop() {
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  std::vector<Value> pop_n(std::size_t n) {
    std::vector<Value> out(std::make_move_iterator(stack_.end() - static_cast<std::ptrdiff_t>(n)),
                           std::make_move_iterator(stack_.end()));
    stack_.resize(stack_.size() - n);
    return out;
  }
  VmResult<void> push(Value v) {
    if (stack_.size() >= config_.max_value_stack)
      return vm_fail(StatusCode::EXECUTION_STACK_OVERFLOW);
    stack_.push_back(std::move(v));
    return {};
  }
  Type struct_type(const Frame& f, TableIndex def, const Signature* args) const {
    Type t{TypeKind::kStruct, f.module, def, {}};
    if (args) t.args = make_types(*f.module, *args, f.type_args);
    return t;
  }

  GlobalStorage& storage_;
  const VmConfig& config_;
  GasMeter& gas_;
  std::vector<Frame> frames_;
  std::vector<Value> stack_;
  std::unique_ptr<RuntimeChecks> checks_;  // null for verified code without paranoid checks
};

[[nodiscard]] VmResult<Value> decode_constant(const Constant& c, std::size_t address_length);
[[nodiscard]] Value wide_literal(const CodeUnit& code, const Instruction& ins);

}  // namespace plexus::move::detail
