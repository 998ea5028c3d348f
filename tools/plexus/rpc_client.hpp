#pragma once
// A small blocking JSON-RPC client over HTTP for the command line (`plexus localnet`), with a
// deadline on every call so that a node that hangs cannot hang the command.
#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace plexus::cli {

// POSTs {"jsonrpc":"2.0","id":1,"method":method,"params":params} to host:port/ and returns the
// result; an RPC error or a transport failure is an Error.
[[nodiscard]] Result<nlohmann::json> rpc_call(
    const std::string& host, std::uint16_t port, const std::string& method,
    const nlohmann::json& params,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(2000),
    const std::string& path = "/");

// A node's address as the commands take it: host:port, with or without http:// and a path.
struct RpcAddress {
  std::string host;
  std::uint16_t port = 0;
};
[[nodiscard]] Result<RpcAddress> parse_rpc_address(const std::string& text);

// A QUANTITY in a node's answer ("0x" and 1 to 16 hex digits); kDecode naming `what` otherwise.
[[nodiscard]] Result<std::uint64_t> answer_quantity(const nlohmann::json& value,
                                                    std::string_view what);

}  // namespace plexus::cli
