#include "move/vm/arithmetic.hpp"

namespace plexus::move {
namespace {

unsigned width(ValueKind k) {
  switch (k) {
    case ValueKind::kU8:
      return 8;
    case ValueKind::kU16:
      return 16;
    case ValueKind::kU32:
      return 32;
    case ValueKind::kU64:
      return 64;
    case ValueKind::kU128:
      return 128;
    default:
      return 256;
  }
}

u128 max_of(unsigned bits) { return bits >= 128 ? ~u128{0} : (u128{1} << bits) - 1; }

std::unexpected<VmError> arithmetic_error(const char* what) {
  return vm_fail(StatusCode::ARITHMETIC_ERROR, what);
}

uint256 as_u256(const Value& v) {
  if (v.kind == ValueKind::kU256) return *v.big;
  const uint256 hi = static_cast<std::uint64_t>(v.num >> 64);
  return (hi << 64) | uint256(static_cast<std::uint64_t>(v.num));
}

VmResult<Value> small_op(Opcode op, ValueKind kind, u128 a, u128 b) {
  const unsigned bits = width(kind);
  const u128 max = max_of(bits);
  switch (op) {
    case Opcode::Add: {
      const u128 r = a + b;
      if (r < a || r > max) return arithmetic_error("addition overflow");
      return Value::integer(kind, r);
    }
    case Opcode::Sub:
      if (a < b) return arithmetic_error("subtraction underflow");
      return Value::integer(kind, a - b);
    case Opcode::Mul: {
      if (a != 0 && b > max / a) return arithmetic_error("multiplication overflow");
      return Value::integer(kind, a * b);
    }
    case Opcode::Div:
      if (b == 0) return arithmetic_error("division by zero");
      return Value::integer(kind, a / b);
    case Opcode::Mod:
      if (b == 0) return arithmetic_error("modulo by zero");
      return Value::integer(kind, a % b);
    case Opcode::BitOr:
      return Value::integer(kind, a | b);
    case Opcode::BitAnd:
      return Value::integer(kind, a & b);
    case Opcode::Xor:
      return Value::integer(kind, a ^ b);
    case Opcode::Shl:
      if (b >= bits) return arithmetic_error("shift too large");
      return Value::integer(kind, (a << static_cast<unsigned>(b)) & max);
    case Opcode::Shr:
      if (b >= bits) return arithmetic_error("shift too large");
      return Value::integer(kind, a >> static_cast<unsigned>(b));
    case Opcode::Lt:
      return Value::boolean(a < b);
    case Opcode::Gt:
      return Value::boolean(a > b);
    case Opcode::Le:
      return Value::boolean(a <= b);
    case Opcode::Ge:
      return Value::boolean(a >= b);
    default:
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "not an integer op");
  }
}

VmResult<Value> big_op(Opcode op, const uint256& a, const Value& rhs) {
  if (op == Opcode::Shl || op == Opcode::Shr) {
    const unsigned s = static_cast<unsigned>(rhs.num);  // u8: always < 256
    return Value::u256(op == Opcode::Shl ? uint256(a << s) : uint256(a >> s));
  }
  const uint256 b = as_u256(rhs);
  switch (op) {
    case Opcode::Add: {
      const uint256 r = a + b;
      if (r < a) return arithmetic_error("addition overflow");
      return Value::u256(r);
    }
    case Opcode::Sub:
      if (a < b) return arithmetic_error("subtraction underflow");
      return Value::u256(a - b);
    case Opcode::Mul: {
      const uint256 r = a * b;
      if (a != 0 && r / a != b) return arithmetic_error("multiplication overflow");
      return Value::u256(r);
    }
    case Opcode::Div:
      if (b == 0) return arithmetic_error("division by zero");
      return Value::u256(a / b);
    case Opcode::Mod:
      if (b == 0) return arithmetic_error("modulo by zero");
      return Value::u256(a % b);
    case Opcode::BitOr:
      return Value::u256(a | b);
    case Opcode::BitAnd:
      return Value::u256(a & b);
    case Opcode::Xor:
      return Value::u256(a ^ b);
    case Opcode::Lt:
      return Value::boolean(a < b);
    case Opcode::Gt:
      return Value::boolean(a > b);
    case Opcode::Le:
      return Value::boolean(a <= b);
    case Opcode::Ge:
      return Value::boolean(a >= b);
    default:
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "not an integer op");
  }
}

}  // namespace

VmResult<Value> integer_op(Opcode op, const Value& a, const Value& b) {
  if (!a.is_integer() || !b.is_integer())
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "integer operands expected");
  if (a.kind == ValueKind::kU256) return big_op(op, *a.big, b);
  return small_op(op, a.kind, a.num, b.num);
}

VmResult<Value> integer_cast(Opcode op, const Value& v) {
  ValueKind target;
  switch (op) {
    case Opcode::CastU8:
      target = ValueKind::kU8;
      break;
    case Opcode::CastU16:
      target = ValueKind::kU16;
      break;
    case Opcode::CastU32:
      target = ValueKind::kU32;
      break;
    case Opcode::CastU64:
      target = ValueKind::kU64;
      break;
    case Opcode::CastU128:
      target = ValueKind::kU128;
      break;
    default:
      return Value::u256(as_u256(v));
  }
  u128 n = v.num;
  if (v.kind == ValueKind::kU256) {
    if (*v.big > as_u256(Value::integer(ValueKind::kU128, max_of(128))))
      return arithmetic_error("cast overflow");
    const uint256 hi = *v.big >> 64;
    n = (u128{static_cast<std::uint64_t>(hi)} << 64) | static_cast<std::uint64_t>(*v.big);
  }
  if (n > max_of(width(target))) return arithmetic_error("cast overflow");
  return Value::integer(target, n);
}

}  // namespace plexus::move
