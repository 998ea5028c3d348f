#pragma once
// JSON-RPC over HTTP/1.1 keep-alive connections for `plexus-bench node`: a blocking client for the
// setup phases, and a driver for the measured phases that keeps one request in flight on each of
// many connections from a single thread (so the load generator takes as little of the machine's
// CPU from the node as possible). All Boost.Beast code is in bench_node_http.cpp.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace plexus::bench::node {

// An http:// URL, its host name resolved once.
struct Endpoint {
  std::string url;  // as given, for messages
  std::string host;
  std::string port;
  std::string target;  // the request path
};
[[nodiscard]] Result<Endpoint> parse_url(std::string_view url);

// One keep-alive connection; call() sends a request and waits for its answer.
class RpcClient {
 public:
  [[nodiscard]] static Result<RpcClient> connect(const Endpoint& endpoint);
  RpcClient(RpcClient&&) noexcept;
  RpcClient& operator=(RpcClient&&) noexcept;
  ~RpcClient();

  // The response's "result"; a JSON-RPC error becomes Errc::kValidation with its message.
  [[nodiscard]] Result<nlohmann::json> call(std::string_view method, nlohmann::json params);

 private:
  struct Impl;
  explicit RpcClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A JSON-RPC 2.0 request body.
[[nodiscard]] std::string request_body(std::size_t id, std::string_view method,
                                       const nlohmann::json& params);
// The "result" of a response body, or its error.
[[nodiscard]] Result<nlohmann::json> response_result(std::string_view body);

// A measured phase: streams[c] is sent in order on connection c, one request at a time, so the
// number of streams is the number of requests in flight.
struct Phase {
  std::string label;  // for the progress line
  std::vector<std::vector<std::string>> streams;
  // Checks one response body; an error ends the phase.
  std::function<Result<void>(std::size_t stream, std::size_t index, std::string_view body)> check;
};

struct PhaseTiming {
  double seconds = 0;
  // CPU time this process spent meanwhile: near `seconds`, the load generator was the bottleneck.
  double client_cpu_seconds = 0;
  std::vector<double> latencies_ms;  // one per request
};

// Runs the phase; prints a progress line to stderr every few seconds.
[[nodiscard]] Result<PhaseTiming> run_phase(const Endpoint& endpoint, const Phase& phase);

}  // namespace plexus::bench::node
