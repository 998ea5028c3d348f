// The interpreter's hooks into the run-time checks for unverified code.
#include "move/vm/machine.hpp"

namespace plexus::move::detail {
namespace {

bool leaves_frame(Opcode op) {
  return op == Opcode::Call || op == Opcode::CallGeneric || op == Opcode::Ret ||
         op == Opcode::Branch || op == Opcode::BrTrue || op == Opcode::BrFalse ||
         op == Opcode::Abort;
}

}  // namespace

VmResult<Flow> Machine::checked_step(Frame& f, const Instruction& ins) {
  if (!checks_) return step(f, ins);
  const CheckFrame where{*f.module, f.type_args, f.locals->elems};
  MOVE_CHECK(checks_->before(where, ins, stack_));
  MOVE_TRY(const Flow flow, step(f, ins));
  // Calls, returns and branches leave `f` behind (it may no longer exist); their checks are done.
  if (!leaves_frame(ins.op)) MOVE_CHECK(checks_->after(where, ins, stack_));
  if (!frames_.empty()) return flow;
  // The caller of the VM reads what the entry function returns, references included.
  for (const auto& v : stack_)
    if (v.kind == ValueKind::kInvalid ||
        (v.kind == ValueKind::kRef && (!v.container || v.index >= v.container->elems.size())))
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "dangling return value");
  MOVE_CHECK(checks_->check_write_set(storage_));
  return flow;
}

VmResult<void> Machine::check_call(const Frame& f, const FunctionTarget& callee,
                                   const std::vector<Type>& type_args) {
  const Frame* parent = frames_.size() >= 2 ? &frames_[frames_.size() - 2] : nullptr;
  const CallSite site{*f.module, parent ? parent->module : nullptr,
                      parent ? parent->def : TableIndex{0}};
  return checks_->call(site, callee, type_args, stack_);
}

}  // namespace plexus::move::detail
