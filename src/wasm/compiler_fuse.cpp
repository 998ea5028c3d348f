// Peephole fusion of frequent instruction pairs into superinstructions: fewer dispatches and
// fewer operand-stack round trips for what compilers emit most (local access, constant
// arithmetic, compare-and-branch). Only pairs with no branch target between them are fused.
#include "wasm/function_compiler.hpp"

namespace plexus::wasm::detail {
namespace {

// The compare-and-jump op that jumps when `cmp` (0x46..0x4F) holds, or when it fails.
std::uint32_t compare_jump(std::uint32_t cmp, bool when_true) {
  // i32.eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u, and their negations.
  static constexpr std::uint32_t kHolds[] = {op::kJumpIfEq,  op::kJumpIfNe,  op::kJumpIfLtS,
                                             op::kJumpIfLtU, op::kJumpIfGtS, op::kJumpIfGtU,
                                             op::kJumpIfLeS, op::kJumpIfLeU, op::kJumpIfGeS,
                                             op::kJumpIfGeU};
  static constexpr std::uint32_t kFails[] = {op::kJumpIfNe,  op::kJumpIfEq,  op::kJumpIfGeS,
                                             op::kJumpIfGeU, op::kJumpIfLeS, op::kJumpIfLeU,
                                             op::kJumpIfGtS, op::kJumpIfGtU, op::kJumpIfLtS,
                                             op::kJumpIfLtU};
  return when_true ? kHolds[cmp - 0x46] : kFails[cmp - 0x46];
}

bool fuse_const(Instr& prev, std::uint32_t next) {
  const auto c = static_cast<std::uint32_t>(prev.b);
  switch (next) {
    case 0x6A: prev = {op::kI32AddImm, 0, c}; return true;
    case 0x6B: prev = {op::kI32AddImm, 0, static_cast<std::uint32_t>(0u - c)}; return true;
    case 0x71: prev = {op::kI32AndImm, 0, c}; return true;
    case 0x74: prev = {op::kI32ShlImm, 0, c & 31}; return true;
    case 0x76: prev = {op::kI32ShrUImm, 0, c & 31}; return true;
    case 0x77: prev = {op::kI32RotlImm, 0, c & 31}; return true;
    case 0x47: prev = {op::kI32NeImm, 0, c}; return true;
    case 0x49: prev = {op::kI32LtUImm, 0, c}; return true;
    default: return false;
  }
}

}  // namespace

bool fuse_pair(Instr& prev, const Instr& next) {
  switch (prev.op) {
    case op::kConst:
      return fuse_const(prev, next.op);
    case op::kLocalGet:
      if (next.op == op::kLocalGet) {
        prev = {op::kLocalGet2, prev.a, next.a};
        return true;
      }
      if (next.op == op::kConst) {
        prev = {op::kLocalGetConst, prev.a, next.b};
        return true;
      }
      if (next.op == 0x28 || next.op == 0x2B) {  // i32.load, f64.load
        prev = {next.op == 0x28 ? op::kI32LoadLocal : op::kF64LoadLocal, next.a, prev.a};
        return true;
      }
      return false;
    case op::kLocalGet2:
      if (next.op == 0x6A) {
        prev = {op::kLocalAddLocal, prev.a, prev.b};
        return true;
      }
      if (next.op == 0x3A || next.op == 0x36) {  // i32.store8, i32.store
        prev = {next.op == 0x3A ? op::kI32Store8Locals : op::kI32StoreLocals, next.a,
                prev.b << 32 | prev.a};
        return true;
      }
      return false;
    case op::kLocalGetAddImm: {
      const std::uint64_t local_and_addend = static_cast<std::uint64_t>(prev.a) << 32 | prev.b;
      if (next.op == op::kLocalSet) {
        prev = {op::kLocalAddImmSet, next.a, local_and_addend};
        return true;
      }
      if (next.op == 0x28 || next.op == 0x2B) {
        prev = {next.op == 0x28 ? op::kI32LoadLocalImm : op::kF64LoadLocalImm, next.a,
                local_and_addend};
        return true;
      }
      return false;
    }
    case op::kI32NeImm:
    case op::kI32LtUImm:
      if (next.op == op::kJumpIf) {
        prev = {prev.op == op::kI32NeImm ? op::kJumpIfNeImm : op::kJumpIfLtUImm, next.a, prev.b};
        return true;
      }
      return false;
    case op::kLocalGetConst:
      if (next.op == 0x6A) {
        prev = {op::kLocalGetAddImm, prev.a, static_cast<std::uint32_t>(prev.b)};
        return true;
      }
      return false;
    case op::kLocalSet:
      if (next.op == op::kLocalGet) {
        prev = {op::kLocalSetGet, prev.a, next.a};
        return true;
      }
      return false;
    case 0x45:  // i32.eqz then a conditional jump: the opposite conditional jump
      if (next.op == op::kJumpIf || next.op == op::kJumpUnless) {
        prev = {next.op == op::kJumpIf ? op::kJumpUnless : op::kJumpIf, next.a, next.b};
        return true;
      }
      return false;
    default:
      if (prev.op >= 0x46 && prev.op <= 0x4F &&
          (next.op == op::kJumpIf || next.op == op::kJumpUnless)) {
        prev = {compare_jump(prev.op, next.op == op::kJumpIf), next.a, next.b};
        return true;
      }
      return false;
  }
}

}  // namespace plexus::wasm::detail
