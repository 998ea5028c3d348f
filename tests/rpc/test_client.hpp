#pragma once
// A small blocking HTTP/WebSocket client for driving the server in tests. Beast stays in
// test_client.cpp; every call gives up after a timeout instead of hanging a test.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plexus::rpc::testing {

using namespace std::chrono_literals;

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HttpRequest {
  std::string method = "POST";
  std::string path = "/";
  std::string body;
  std::string content_type = "application/json";  // empty: no Content-Type header
  std::vector<std::pair<std::string, std::string>> headers;
};

// One request on a fresh connection; nullopt if the server closed it without a reply.
[[nodiscard]] std::optional<HttpReply> http_request(std::uint16_t port, const HttpRequest& request);
[[nodiscard]] std::optional<HttpReply> post(std::uint16_t port, std::string_view path,
                                            std::string_view body);

// Writes raw bytes and returns whatever the server sends until it closes or `wait` passes.
[[nodiscard]] std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                                       std::chrono::milliseconds wait = 1000ms);
// Opens a connection and returns true if the server closed it within `wait` without data.
[[nodiscard]] bool closed_by_server(std::uint16_t port, std::chrono::milliseconds wait = 1000ms);

class RawConnection {
 public:
  // `from`: the local address to connect from (any of 127.0.0.0/8 is this machine), so tests can
  // play clients at different addresses.
  explicit RawConnection(std::uint16_t port, std::string_view from = "127.0.0.1");
  ~RawConnection();
  void write(std::string_view bytes);
  [[nodiscard]] bool connected() const;
  // True if the server closed the connection (or it was never open) within `wait`.
  [[nodiscard]] bool closed_within(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class WsClient {
 public:
  // Connects and completes the handshake; check connected().
  WsClient(std::uint16_t port, std::string_view path);
  ~WsClient();
  [[nodiscard]] bool connected() const;
  [[nodiscard]] bool send(std::string_view text);
  // The next message, or nullopt after `wait` or if the connection closed.
  [[nodiscard]] std::optional<std::string> receive(std::chrono::milliseconds wait = 2000ms);
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plexus::rpc::testing
