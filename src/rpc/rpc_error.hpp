#pragma once
// JSON-RPC error objects: the codes of the JSON-RPC 2.0 spec, the server-error range Ethereum
// clients use (EIP-1474), and code 3 "execution reverted" with the revert data as `data`.
#include <expected>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "evm/host.hpp"

namespace plexus::rpc {

using json = nlohmann::json;

namespace code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// go-ethereum answers most failures (transaction pool rejections, decoding errors) with -32000;
// libraries match on the message, so the code stays the one they expect.
inline constexpr int kServerError = -32000;
inline constexpr int kTimeout = -32002;  // go-ethereum's "request timed out"
inline constexpr int kMethodNotSupported = -32004;
inline constexpr int kLimitExceeded = -32005;
inline constexpr int kExecutionReverted = 3;
}  // namespace code

struct RpcError {
  int code = code::kInternalError;
  std::string message;
  std::optional<json> data;
};

using RpcResult = std::expected<json, RpcError>;

[[nodiscard]] inline std::unexpected<RpcError> rpc_fail(int error_code, std::string message) {
  return std::unexpected(RpcError{error_code, std::move(message), std::nullopt});
}

// kInvalidArgument -> invalid params, kNotSupported -> method not supported, kLimitExceeded ->
// limit exceeded, bugs and storage failures -> internal error, everything else -> -32000.
[[nodiscard]] RpcError to_rpc_error(const Error& error);
// Code 3 with `data` = the hex revert bytes; the message carries the decoded Error(string)
// reason when there is one ("execution reverted: insufficient balance"), as clients expect.
[[nodiscard]] RpcError execution_reverted(BytesView revert_data);
// The reason in revert data encoded as Error(string), if it is.
[[nodiscard]] std::optional<std::string> decode_error_string(BytesView data);
// go-ethereum's wording for why a frame failed ("out of gas", "execution reverted", ...).
[[nodiscard]] std::string failure_message(evm::StatusCode status);
// {"code": ..., "message": ..., "data"?: ...}
[[nodiscard]] json error_object(const RpcError& error);

}  // namespace plexus::rpc
