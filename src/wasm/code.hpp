#pragma once
// The pre-decoded internal form executed by the interpreter. Opcodes keep the binary format's
// numbers where the semantics are the same (numeric, memory, variable instructions); 0xFC-prefixed
// instructions become 0x100 + sub-opcode; control flow is lowered to jumps with resolved targets
// and explicit stack adjustments, so nothing is decoded while executing.
#include <cstdint>
#include <vector>

namespace plexus::wasm {

namespace op {
inline constexpr std::uint32_t kUnreachable = 0x00;
inline constexpr std::uint32_t kReturn = 0x0F;        // a = result arity
inline constexpr std::uint32_t kCall = 0x10;          // a = function index
inline constexpr std::uint32_t kCallIndirect = 0x11;  // a = type index, b = table index
inline constexpr std::uint32_t kDrop = 0x1A;
inline constexpr std::uint32_t kSelect = 0x1B;
inline constexpr std::uint32_t kLocalGet = 0x20;  // a = slot
inline constexpr std::uint32_t kLocalSet = 0x21;
inline constexpr std::uint32_t kLocalTee = 0x22;
inline constexpr std::uint32_t kGlobalGet = 0x23;  // a = global index
inline constexpr std::uint32_t kGlobalSet = 0x24;
inline constexpr std::uint32_t kTableGet = 0x25;  // a = table index
inline constexpr std::uint32_t kTableSet = 0x26;
// 0x28..0x3E loads and stores: a = static offset.
inline constexpr std::uint32_t kMemorySize = 0x3F;
inline constexpr std::uint32_t kMemoryGrow = 0x40;
// 0x45..0xC4 numeric instructions, no immediates.
inline constexpr std::uint32_t kRefIsNull = 0xD1;
inline constexpr std::uint32_t kRefFunc = 0xD2;  // a = function index
inline constexpr std::uint32_t kConst = 0xE0;    // b = bits
// Jumps and branches: a = target offset relative to the instruction (two's complement).
inline constexpr std::uint32_t kJump = 0xE1;
inline constexpr std::uint32_t kJumpIf = 0xE2;
inline constexpr std::uint32_t kJumpUnless = 0xE3;
// Branches that move `arity` values down to `height`: b = arity << 32 | height.
inline constexpr std::uint32_t kBr = 0xE4;
inline constexpr std::uint32_t kBrIf = 0xE5;
// a = label count n; n + 1 branch instructions follow, the last one the default.
inline constexpr std::uint32_t kBrTable = 0xE6;
inline constexpr std::uint32_t kGas = 0xE8;  // a = cost of the basic block it starts
inline constexpr std::uint32_t kCanonF32 = 0xE9;  // replaces a NaN on top with the canonical NaN
inline constexpr std::uint32_t kCanonF64 = 0xEA;
// Superinstructions made by fusing frequent pairs (compiler_fuse.cpp).
inline constexpr std::uint32_t kLocalGet2 = 0xEB;       // push local a, then local b
inline constexpr std::uint32_t kLocalSetGet = 0xEC;     // pop into local a, push local b
inline constexpr std::uint32_t kLocalGetConst = 0xED;   // push local a, then constant b
inline constexpr std::uint32_t kLocalGetAddImm = 0xEE;  // push i32 local a + b
inline constexpr std::uint32_t kI32AddImm = 0xEF;       // top += b (i32)
inline constexpr std::uint32_t kI32AndImm = 0xF0;
inline constexpr std::uint32_t kI32ShlImm = 0xF1;
inline constexpr std::uint32_t kI32ShrUImm = 0xF2;
inline constexpr std::uint32_t kI32RotlImm = 0xF3;
inline constexpr std::uint32_t kI32LoadLocal = 0xF4;  // push i32.load (local b) offset a
// Compare two i32 and jump (relative target a) when the comparison holds.
inline constexpr std::uint32_t kJumpIfEq = 0xF5;
inline constexpr std::uint32_t kJumpIfNe = 0xF6;
inline constexpr std::uint32_t kJumpIfLtS = 0xF7;
inline constexpr std::uint32_t kJumpIfLtU = 0xF8;
inline constexpr std::uint32_t kJumpIfGtS = 0xF9;
inline constexpr std::uint32_t kJumpIfGtU = 0xFA;
inline constexpr std::uint32_t kJumpIfLeS = 0xFB;
inline constexpr std::uint32_t kJumpIfLeU = 0xFC;
inline constexpr std::uint32_t kJumpIfGeS = 0xFD;
inline constexpr std::uint32_t kJumpIfGeU = 0xFE;
inline constexpr std::uint32_t kLocalAddLocal = 0xE7;  // push i32 local a + local b
inline constexpr std::uint32_t kI32NeImm = 0xFF;        // top = (top != b) (i32)
inline constexpr std::uint32_t kI32LtUImm = 0x01;       // top = (top <u b); 0x01 (nop) is free
inline constexpr std::uint32_t kJumpIfNeImm = 0x02;     // pop x, jump if x != b
inline constexpr std::uint32_t kJumpIfLtUImm = 0x03;    // pop x, jump if x <u b
// Stores of local b>>32 (value) at local (b & 0xFFFFFFFF) + offset a; 0x04 (if) is free.
inline constexpr std::uint32_t kI32Store8Locals = 0x04;
inline constexpr std::uint32_t kI32StoreLocals = 0x05;  // 0x05 (else) is free
// local a = i32 local (b >> 32) + (b & 0xFFFFFFFF); 0x06 is unused by the binary format.
inline constexpr std::uint32_t kLocalAddImmSet = 0x06;
// Loads from a local's address: a = static offset, b = local, or local << 32 | addend (the i32
// addition wraps before the offset is added, as in the unfused pair). 0x07..0x09 are unused.
inline constexpr std::uint32_t kF64LoadLocal = 0x07;
inline constexpr std::uint32_t kF64LoadLocalImm = 0x08;
inline constexpr std::uint32_t kI32LoadLocalImm = 0x09;
inline constexpr std::uint32_t kFcBase = 0x100;  // 0xFC n -> kFcBase + n (a, b = immediates)
inline constexpr std::uint32_t kCount = kFcBase + 18;

[[nodiscard]] constexpr bool is_jump(std::uint32_t o) noexcept {
  return (o >= kJump && o <= kBrIf) || (o >= kJumpIfEq && o <= kJumpIfGeU) ||
         o == kJumpIfNeImm || o == kJumpIfLtUImm;
}
}  // namespace op

struct Instr {
  std::uint32_t op = 0;
  std::uint32_t a = 0;
  std::uint64_t b = 0;
};

struct CompiledFunction {
  std::vector<Instr> code;
  std::uint32_t num_params = 0;
  std::uint32_t num_results = 0;
  std::uint32_t num_locals = 0;   // including parameters
  std::uint32_t max_height = 0;   // locals plus the deepest operand stack, in slots
};

}  // namespace plexus::wasm
