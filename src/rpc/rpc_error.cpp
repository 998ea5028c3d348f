#include "rpc/rpc_error.hpp"

#include "core/hex.hpp"

namespace plexus::rpc {

// The ABI encoding of Error(string): selector 0x08c379a0, offset word, length word, bytes.
std::optional<std::string> decode_error_string(BytesView data) {
  constexpr Byte kSelector[] = {0x08, 0xc3, 0x79, 0xa0};
  if (data.size() < 4 + 64 || !std::equal(std::begin(kSelector), std::end(kSelector), data.begin()))
    return std::nullopt;
  const BytesView body = data.subspan(4);
  const auto word_as_size = [&](std::size_t at) -> std::optional<std::size_t> {
    if (at > body.size() || body.size() - at < 32) return std::nullopt;
    for (std::size_t i = 0; i < 24; ++i)
      if (body[at + i] != 0) return std::nullopt;
    std::size_t v = 0;
    for (std::size_t i = 24; i < 32; ++i) v = (v << 8) | body[at + i];
    return v;
  };
  const auto offset = word_as_size(0);
  if (!offset) return std::nullopt;
  const auto length = word_as_size(*offset);
  if (!length) return std::nullopt;
  const std::size_t start = *offset + 32;
  if (start > body.size() || body.size() - start < *length) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(body.data() + start), *length);
}

std::string failure_message(evm::StatusCode status) {
  using evm::StatusCode;
  switch (status) {
    case StatusCode::kRevert: return "execution reverted";
    case StatusCode::kOutOfGas: return "out of gas";
    case StatusCode::kInvalidInstruction: return "invalid opcode: INVALID";
    case StatusCode::kUndefinedInstruction: return "invalid opcode";
    case StatusCode::kStackOverflow: return "stack limit reached";
    case StatusCode::kStackUnderflow: return "stack underflow";
    case StatusCode::kBadJumpDestination: return "invalid jump destination";
    case StatusCode::kInvalidMemoryAccess: return "return data out of bounds";
    case StatusCode::kCallDepthExceeded: return "max call depth exceeded";
    case StatusCode::kStaticModeViolation: return "write protection";
    case StatusCode::kInsufficientBalance: return "insufficient balance for transfer";
    case StatusCode::kContractValidationFailure: return "max code size exceeded";
    case StatusCode::kCreateCollision: return "contract address collision";
    default: return "execution failed";
  }
}

RpcError to_rpc_error(const Error& error) {
  switch (error.code) {
    case Errc::kInvalidArgument:
      return {code::kInvalidParams, error.message, std::nullopt};
    case Errc::kNotSupported:
      return {code::kMethodNotSupported, error.message, std::nullopt};
    case Errc::kLimitExceeded:
      return {code::kLimitExceeded, error.message, std::nullopt};
    case Errc::kIo:
    case Errc::kCorruption:
    case Errc::kInternal:
      return {code::kInternalError, error.message, std::nullopt};
    case Errc::kDecode:
    case Errc::kNotFound:
    case Errc::kValidation:
      break;
  }
  return {code::kServerError, error.message, std::nullopt};
}

RpcError execution_reverted(BytesView revert_data) {
  std::string message = "execution reverted";
  if (auto reason = decode_error_string(revert_data)) message += ": " + *reason;
  return {code::kExecutionReverted, std::move(message), json(to_hex(revert_data))};
}

json error_object(const RpcError& error) {
  json out = {{"code", error.code}, {"message", error.message}};
  if (error.data) out["data"] = *error.data;
  return out;
}

}  // namespace plexus::rpc
