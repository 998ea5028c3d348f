#pragma once
// Integer semantics of the interpreter: checked arithmetic (overflow, underflow and division by
// zero abort with ARITHMETIC_ERROR), shifts, bitwise ops, comparisons and casts for u8..u256.
#include "move/binary/opcodes.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

// Add Sub Mul Div Mod BitOr BitAnd Xor Shl Shr Lt Gt Le Ge on two integers of the same width
// (Shl/Shr: right operand u8).
[[nodiscard]] VmResult<Value> integer_op(Opcode op, const Value& a, const Value& b);
// CastU8 .. CastU256.
[[nodiscard]] VmResult<Value> integer_cast(Opcode op, const Value& v);

}  // namespace plexus::move
