#include "test_client.hpp"

#include <array>
#include <functional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace plexus::rpc::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

tcp::endpoint local(std::uint16_t port) { return {net::ip::make_address("127.0.0.1"), port}; }

// Runs the io_context until the started operations finish or `wait` passes; returns false on
// timeout (the caller then cancels by closing the socket).
bool run_for(net::io_context& ioc, std::chrono::milliseconds wait) {
  ioc.restart();
  ioc.run_for(wait);
  return ioc.stopped();
}

}  // namespace

std::optional<HttpReply> http_request(std::uint16_t port, const HttpRequest& request) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(local(port), ec);
  if (ec) return std::nullopt;
  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(request.path);
  req.version(11);
  req.set(http::field::host, "127.0.0.1");
  if (!request.content_type.empty()) req.set(http::field::content_type, request.content_type);
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return std::nullopt;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  bool done = false;
  http::async_read(stream, buffer, res, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  run_for(ioc, 5000ms);
  if (!done || ec) return std::nullopt;
  return HttpReply{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
                   res.body()};
}

std::optional<HttpReply> post(std::uint16_t port, std::string_view path, std::string_view body) {
  return http_request(port, HttpRequest{.method = "POST",
                                        .path = std::string(path),
                                        .body = std::string(body),
                                        .content_type = "application/json",
                                        .headers = {}});
}

std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                         std::chrono::milliseconds wait) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(local(port), ec);
  if (ec) return {};
  net::write(socket, net::buffer(bytes.data(), bytes.size()), ec);
  std::string received;
  std::array<char, 4096> chunk{};
  std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code e,
                                                                    std::size_t n) {
    received.append(chunk.data(), n);
    if (!e) socket.async_read_some(net::buffer(chunk), on_read);
  };
  socket.async_read_some(net::buffer(chunk), on_read);
  run_for(ioc, wait);
  return received;
}

bool closed_by_server(std::uint16_t port, std::chrono::milliseconds wait) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(local(port), ec);
  if (ec) return true;
  std::array<char, 16> chunk{};
  bool closed = false;
  socket.async_read_some(net::buffer(chunk),
                         [&](beast::error_code e, std::size_t n) { closed = e && n == 0; });
  run_for(ioc, wait);
  return closed;
}

struct RawConnection::Impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  bool ok = false;
};

RawConnection::RawConnection(std::uint16_t port, std::string_view from)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  impl_->socket.open(tcp::v4(), ec);
  if (!ec) impl_->socket.bind({net::ip::make_address(std::string(from)), 0}, ec);
  if (!ec) impl_->socket.connect(local(port), ec);
  impl_->ok = !ec;
}

bool RawConnection::closed_within(std::chrono::milliseconds wait) {
  if (!impl_->ok) return true;
  bool closed = false;
  std::array<char, 4096> chunk{};
  std::function<void(beast::error_code, std::size_t)> on_read;
  on_read = [&](beast::error_code e, std::size_t) {
    if (e) {
      closed = true;
      return;
    }
    impl_->socket.async_read_some(net::buffer(chunk), on_read);
  };
  impl_->socket.async_read_some(net::buffer(chunk), on_read);
  run_for(impl_->ioc, wait);
  const bool result = closed;
  if (!result) {  // stop the pending read before `chunk` goes
    beast::error_code ignored;
    impl_->socket.cancel(ignored);
    run_for(impl_->ioc, 100ms);
  }
  return result;
}

RawConnection::~RawConnection() = default;

void RawConnection::write(std::string_view bytes) {
  beast::error_code ec;
  net::write(impl_->socket, net::buffer(bytes.data(), bytes.size()), ec);
}

bool RawConnection::connected() const { return impl_->ok; }

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool ok = false;
  bool reading = false;
  bool got = false;
  beast::error_code read_error;
};

WsClient::WsClient(std::uint16_t port, std::string_view path) : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).connect(local(port), ec);
  if (ec) return;
  impl_->ws.handshake("127.0.0.1", std::string(path), ec);
  impl_->ok = !ec;
}

WsClient::~WsClient() { close(); }

bool WsClient::connected() const { return impl_->ok; }

bool WsClient::send(std::string_view text) {
  beast::error_code ec;
  impl_->ws.text(true);
  impl_->ws.write(net::buffer(text.data(), text.size()), ec);
  return !ec;
}

std::optional<std::string> WsClient::receive(std::chrono::milliseconds wait) {
  if (!impl_->ok) return std::nullopt;
  // A read left pending by an earlier timeout is still the one to wait for.
  if (!impl_->reading) {
    impl_->reading = true;
    impl_->got = false;
    impl_->ws.async_read(impl_->buffer, [this](beast::error_code e, std::size_t) {
      impl_->read_error = e;
      impl_->got = true;
      impl_->reading = false;
    });
  }
  run_for(impl_->ioc, wait);
  if (!impl_->got) return std::nullopt;
  impl_->got = false;
  if (impl_->read_error) {
    impl_->ok = false;
    return std::nullopt;
  }
  std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return text;
}

void WsClient::close() {
  if (!impl_->ok) return;
  impl_->ok = false;
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).close();
}

}  // namespace plexus::rpc::testing
