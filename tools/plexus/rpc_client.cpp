#include "rpc_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace plexus::cli {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

Result<nlohmann::json> rpc_call(const std::string& host, std::uint16_t port,
                                const std::string& method, const nlohmann::json& params,
                                std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return fail(Errc::kIo, host + ": " + ec.message());
  stream.expires_after(timeout);
  stream.connect(endpoints, ec);
  if (ec) return fail(Errc::kIo, host + ":" + std::to_string(port) + ": " + ec.message());
  http::request<http::string_body> request{http::verb::post, "/", 11};
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
