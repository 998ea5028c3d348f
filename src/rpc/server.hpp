#pragma once
// The JSON-RPC server: HTTP POST and WebSocket on one port, one Dispatcher per URL path
// (docs/RPC.md). Boost.Beast stays behind this header so users compile none of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/static_site.hpp"

namespace plexus::rpc {

struct ServerConfig {
  std::string address = "127.0.0.1";  // loopback only unless the operator says otherwise
  std::uint16_t port = 8545;          // 0 picks a free port (see Server::port())
  std::size_t threads = 2;
  std::size_t max_body_bytes = 5 * 1024 * 1024;         // HTTP body and WebSocket message
  std::size_t max_connections = 512;                    // HTTP and WebSocket together
  std::size_t max_ws_backlog_bytes = 16 * 1024 * 1024;  // unsent data before a slow peer is cut
  std::chrono::seconds idle_timeout{60};                // HTTP keep-alive and header reads
  std::string cors_origin = "*";  // Access-Control-Allow-Origin; empty disables CORS headers
  // One remote address's share of max_connections.
  std::size_t max_connections_per_address = 256;
  // HTTP requests and WebSocket messages per second from one address (bursts of one second's
  // worth); 0: unlimited, as a dev node's own load generators on loopback need.
  double max_requests_per_second_per_address = 0;
  // When the server is full, a connection that has waited this long for a complete request
  // (headers still coming, or idle between requests) is closed to admit a new one.
  std::chrono::milliseconds slow_request_grace{2000};
  // Threads for the messages that execute or read much (Dispatcher::set_offloaded).
  std::size_t execution_threads = 2;
  // Files served to HTTP GET under the site's prefix (the explorer); none when null.
  std::shared_ptr<const StaticSite> static_site{};
};

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves `dispatcher` at `path` ("/" or "/subnet/<name>"); one dispatcher may serve several
  // paths. Paths must start with '/'; the query string of a request is ignored.
  [[nodiscard]] Result<void> add_endpoint(std::string path, std::shared_ptr<Dispatcher> dispatcher);

  // Binds and starts the worker threads.
  [[nodiscard]] Result<void> start();
  // The bound port (useful with port 0); 0 before start().
  [[nodiscard]] std::uint16_t port() const noexcept;
  [[nodiscard]] std::size_t connection_count() const noexcept;
  // Connections closed to make room for new ones (ServerConfig::slow_request_grace).
  [[nodiscard]] std::size_t evicted_count() const noexcept;
  // Stops accepting, closes every connection and joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plexus::rpc
