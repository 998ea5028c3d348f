#include "rpc_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace plexus::cli {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

Result<std::uint64_t> answer_quantity(const nlohmann::json& value, std::string_view what) {
  const std::string text = value.is_string() ? value.get<std::string>() : std::string();
  const bool hex = text.size() > 2 && text.size() <= 18 && text.starts_with("0x") &&
                   text.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
  if (!hex) return fail(Errc::kDecode, std::string(what) + ": not a quantity (0x and hex digits)");
  return std::stoull(text.substr(2), nullptr, 16);
}

Result<RpcAddress> parse_rpc_address(const std::string& text) {
  std::string url = text.rfind("http://", 0) == 0 ? text.substr(7) : text;
  if (const auto slash = url.find('/'); slash != std::string::npos) url.resize(slash);
  const std::size_t colon = url.rfind(':');
  const auto bad = [&] {
    return fail(Errc::kInvalidArgument,
                "--rpc " + text + ": expected host:port (or http://host:port/)");
  };
  if (colon == std::string::npos || colon == 0) return bad();
  const std::string digits = url.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return bad();
  const unsigned long port = std::stoul(digits);
  if (port == 0 || port > 65535) return bad();
  return RpcAddress{url.substr(0, colon), static_cast<std::uint16_t>(port)};
}

Result<nlohmann::json> rpc_call(const std::string& host, std::uint16_t port,
                                const std::string& method, const nlohmann::json& params,
                                std::chrono::milliseconds timeout, const std::string& path) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return fail(Errc::kIo, host + ": " + ec.message());
  stream.expires_after(timeout);
  stream.connect(endpoints, ec);
  if (ec) return fail(Errc::kIo, host + ":" + std::to_string(port) + ": " + ec.message());
  http::request<http::string_body> request{http::verb::post, path, 11};
  request.set(http::field::host, host);
  request.set(http::field::content_type, "application/json");
  request.body() =
      nlohmann::json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}}.dump();
  request.prepare_payload();
  http::write(stream, request, ec);
  if (ec) return fail(Errc::kIo, "rpc " + method + ": " + ec.message());
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  if (ec) return fail(Errc::kIo, "rpc " + method + ": " + ec.message());
  const auto reply = nlohmann::json::parse(response.body(), nullptr, false);
  if (reply.is_discarded() || !reply.is_object())
    return fail(Errc::kDecode, "rpc " + method + ": the reply is not JSON");
  if (reply.contains("error"))
    return fail(Errc::kValidation, "rpc " + method + ": " + reply["error"].dump());
  return reply.value("result", nlohmann::json());
}

}  // namespace plexus::cli
