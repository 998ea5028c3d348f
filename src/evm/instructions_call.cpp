// CALL-family and CREATE-family instructions: the interpreter's half of a nested frame (gas,
// memory, depth and balance checks; see interpreter.hpp), the Host's half through Host::call.
#include <limits>

#include "core/transaction.hpp"
#include "evm/instructions.hpp"

namespace plexus::evm::instr {
namespace {

constexpr std::int32_t kMaxDepth = 1024;
constexpr std::uint64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kCallValueCost = 9000;
constexpr std::int64_t kCallStipend = 2300;
constexpr std::uint64_t kMaxInitcodeSize = 2 * 24576;  // EIP-3860
constexpr std::int64_t kInitcodeWordCost = 2;          // EIP-3860
constexpr std::int64_t kCreate2WordCost = 6;           // hashing the initcode

// All but one 64th of the gas may be passed on (EIP-150).
[[nodiscard]] constexpr std::int64_t all_but_one_64th(std::int64_t gas) noexcept {
  return gas - gas / 64;
}

// EIP-7702: calling an account whose code is a delegation designator also reads the delegate's
// code, which costs its access (cold or warm) on top of the target's.
[[nodiscard]] std::int64_t delegation_access_cost(Frame& f, const Address& target) {
  constexpr std::size_t kDesignatorSize = 23;
  if (f.rev < Revision::kPrague || f.host->get_code_size(target) != kDesignatorSize) return 0;
  Byte code[kDesignatorSize];
  f.host->copy_code(target, 0, code);
  const std::optional<Address> delegate = tx::delegation_target(BytesView(code, kDesignatorSize));
  if (!delegate) return 0;
  return f.host->access_account(*delegate) == AccessStatus::kCold ? kColdAccountCost
                                                                  : kWarmAccessCost;
}

[[nodiscard]] bool insufficient_balance(Frame& f, const uint256& value) {
  return !value.is_zero() && from_bytes32(f.host->get_balance(f.msg->recipient)) < value;
}

}  // namespace

StatusCode create(Frame& f, uint256* sp, std::int64_t& gas, bool create2) noexcept {
  if (f.msg->is_static) return StatusCode::kStaticModeViolation;
  const uint256 value = sp[-1];
  const uint256 offset = sp[-2];
  const uint256 size = sp[-3];
  uint256& result = create2 ? sp[-4] : sp[-3];
  if (!check_memory(f, gas, offset, size)) return StatusCode::kOutOfGas;
  const std::uint64_t n = size.is_zero() ? 0 : size.limb(0);
  if (f.rev >= Revision::kShanghai) {
    if (n > kMaxInitcodeSize) return StatusCode::kOutOfGas;
    gas -= kInitcodeWordCost * static_cast<std::int64_t>(num_words(n));
  }
  if (create2) gas -= kCreate2WordCost * static_cast<std::int64_t>(num_words(n));
  if (gas < 0) return StatusCode::kOutOfGas;

  Message msg;
  msg.kind = create2 ? CallKind::kCreate2 : CallKind::kCreate;
  if (create2) msg.create2_salt = to_bytes32(sp[-4]);
  result = 0;
  f.return_data.clear();
  if (f.msg->depth >= kMaxDepth || insufficient_balance(f, value)) return StatusCode::kSuccess;

  msg.depth = f.msg->depth + 1;
  msg.gas = all_but_one_64th(gas);
  msg.sender = f.msg->recipient;
  msg.value = to_bytes32(value);
  msg.input = n ? BytesView(&f.memory[static_cast<std::size_t>(offset)], n) : BytesView{};
  gas -= msg.gas;
  ExecResult r = f.host->call(msg);
  gas += r.gas_left;
  f.gas_refund += r.gas_refund;
  if (r.status == StatusCode::kSuccess)
    result = from_address(r.create_address);
  else
    f.return_data = std::move(r.output);
  return StatusCode::kSuccess;
}

StatusCode call(Frame& f, uint256* sp, std::int64_t& gas, std::uint8_t opcode) noexcept {
  const bool has_value_arg = opcode == kCall || opcode == kCallcode;
  const uint256 requested_gas = sp[-1];
  const Address target = to_address(sp[-2]);
  const uint256 value = has_value_arg ? sp[-3] : uint256{};
  const uint256* args = has_value_arg ? sp - 4 : sp - 3;  // args[0] is the input offset
  // Copies: the result slot below overlaps the last argument.
  const uint256 in_offset = args[0];
  const uint256 in_size = args[-1];
  const uint256 out_offset = args[-2];
  const uint256 out_size = args[-3];
  uint256& result = sp[has_value_arg ? -7 : -6];

  if (f.host->access_account(target) == AccessStatus::kCold && (gas -= kColdAccountExtra) < 0)
    return StatusCode::kOutOfGas;
  if ((gas -= delegation_access_cost(f, target)) < 0) return StatusCode::kOutOfGas;
  if (!check_memory(f, gas, in_offset, in_size) || !check_memory(f, gas, out_offset, out_size))
    return StatusCode::kOutOfGas;

  const bool has_value = !value.is_zero();
  std::int64_t cost = 0;
  if (has_value) {
    if (opcode == kCall && f.msg->is_static) return StatusCode::kStaticModeViolation;
    cost += kCallValueCost;
    if (opcode == kCall && !f.host->account_exists(target)) cost += kNewAccountCost;
  }
  if ((gas -= cost) < 0) return StatusCode::kOutOfGas;

  Message msg;
  msg.gas = std::min(all_but_one_64th(gas),
                     fits_uint64(requested_gas) && requested_gas.limb(0) <= kInt64Max
                         ? static_cast<std::int64_t>(requested_gas.limb(0))
                         : static_cast<std::int64_t>(kInt64Max));
  if (has_value) {  // the stipend is free for the caller
    msg.gas += kCallStipend;
    gas += kCallStipend;
  }
  result = 0;
  f.return_data.clear();
  if (f.msg->depth >= kMaxDepth) return StatusCode::kSuccess;
  if (opcode != kDelegatecall && insufficient_balance(f, value)) return StatusCode::kSuccess;

  msg.depth = f.msg->depth + 1;
  msg.code_address = target;
  msg.input = in_size.is_zero() ? BytesView{}
                                : BytesView(&f.memory[static_cast<std::size_t>(in_offset)],
                                            static_cast<std::size_t>(in_size));
  switch (opcode) {
    case kCall:
    case kStaticcall:
      msg.kind = CallKind::kCall;
      msg.is_static = f.msg->is_static || opcode == kStaticcall;
      msg.recipient = target;
      msg.sender = f.msg->recipient;
      msg.value = to_bytes32(value);
      break;
    case kCallcode:
      msg.kind = CallKind::kCallCode;
      msg.is_static = f.msg->is_static;
      msg.recipient = f.msg->recipient;
      msg.sender = f.msg->recipient;
      msg.value = to_bytes32(value);
      break;
    default:  // kDelegatecall
      msg.kind = CallKind::kDelegateCall;
      msg.is_static = f.msg->is_static;
      msg.recipient = f.msg->recipient;
      msg.sender = f.msg->sender;
      msg.value = f.msg->value;
      break;
  }
  gas -= msg.gas;
  ExecResult r = f.host->call(msg);
  gas += r.gas_left;
  f.gas_refund += r.gas_refund;
  result = r.status == StatusCode::kSuccess ? 1 : 0;
  if (!out_size.is_zero()) {
    const std::size_t n = std::min(r.output.size(), static_cast<std::size_t>(out_size));
    if (n) std::memcpy(&f.memory[static_cast<std::size_t>(out_offset)], r.output.data(), n);
  }
  f.return_data = std::move(r.output);
  return StatusCode::kSuccess;
}

}  // namespace plexus::evm::instr
