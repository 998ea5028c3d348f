#pragma once
// A JSON-RPC 2.0 endpoint: a method table plus the request/response rules (single calls,
// batches, notifications, error objects). It knows nothing about HTTP or WebSocket; the server
// hands it message text and sends back what it returns. Methods are registered by the node
// (eth_*, net_*, plexus_*); eth_subscribe/eth_unsubscribe are answered from subscriptions().
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "rpc/rpc_error.hpp"
#include "rpc/subscriptions.hpp"

namespace plexus::rpc {

struct DispatchLimits {
  std::size_t max_batch = 1000;  // requests in one batch
  std::size_t max_depth = 64;    // nesting of arrays/objects in a message
  std::size_t max_subscriptions_per_connection = 256;
  // The text of one reply, or of a batch's replies together (go-ethereum's batch limit).
  std::size_t max_reply_bytes = 25'000'000;
  // Each method call's time budget: the VMs stop at it (core/deadline.hpp) and the call answers
  // "execution aborted (timeout = ...)", as go-ethereum's eth_call does after 5 s.
  std::chrono::milliseconds call_timeout{5000};
  // A whole batch's: calls not started by then answer "request timed out".
  std::chrono::milliseconds batch_timeout{10000};
  // The longest method name an error message repeats; longer ones are cut.
  std::size_t max_echoed_name = 64;
};

class Dispatcher {
 public:
  // `params` is the request's params: an array or object, or an empty array when absent.
  // Errors map to JSON-RPC codes through to_rpc_error().
  using Method = std::function<Result<json>(const json& params)>;
  // For methods that need a specific code or error data (eth_call's revert: execution_reverted()).
  using RpcMethod = std::function<RpcResult(const json& params)>;

  explicit Dispatcher(DispatchLimits limits = {});

  // Registering a name again replaces the method. Safe while requests are being served.
  void add(std::string name, Method method);
  void add_rpc(std::string name, RpcMethod method);
  [[nodiscard]] bool has_method(std::string_view name) const;

  [[nodiscard]] SubscriptionHub& subscriptions() noexcept { return hub_; }

  // Methods whose work is execution or unbounded reads (eth_call, eth_getLogs, ...): a message
  // naming one is run on the server's execution threads, never on an I/O thread, so it cannot
  // stall the other connections of its worker. Set before serving.
  void set_offloaded(std::initializer_list<std::string_view> names);

  // A message read and checked, ready to run: either its reply is already known (a parse error,
  // an oversized batch) or it holds the requests.
  struct Message {
    json value;
    std::optional<std::string> immediate;
    bool offload = false;  // names an offloaded method
  };
  [[nodiscard]] Message parse(std::string_view text) const;
  // Runs a parsed message (any thread). Same result as handle().
  [[nodiscard]] std::optional<std::string> run(const Message& message,
                                               const std::shared_ptr<SubscriptionSink>& sink);

  // Handles one HTTP body or WebSocket message. `sink` is the WebSocket connection (null over
  // HTTP, where subscriptions are refused). Returns the response text, or nullopt when nothing
  // must be sent back (the message held only notifications).
  [[nodiscard]] std::optional<std::string> handle(
      std::string_view text, const std::shared_ptr<SubscriptionSink>& sink = nullptr);

  // The response to a message the transport could not even read (e.g. too large).
  [[nodiscard]] static std::string error_response(int error_code, std::string_view message);

 private:
  // What a request may still use: the bytes of reply left and the batch's deadline; `exceeded`
  // reports back that its reply did not fit (the rest of the batch then does not run).
  struct Allowance {
    std::size_t reply_bytes = 0;
    std::chrono::steady_clock::time_point deadline;
    bool exceeded = false;
  };
  // The response text; nullopt for a notification.
  std::optional<std::string> handle_one(const json& request,
                                        const std::shared_ptr<SubscriptionSink>& sink,
                                        Allowance& allowance);
  RpcResult call(const std::string& method, const json& params,
                 const std::shared_ptr<SubscriptionSink>& sink, Allowance& allowance);
  [[nodiscard]] bool names_offloaded(const json& request) const;

  const DispatchLimits limits_;
  std::unordered_set<std::string> offloaded_;
  mutable std::shared_mutex methods_mutex_;
  std::map<std::string, std::shared_ptr<const RpcMethod>, std::less<>> methods_;
  SubscriptionHub hub_;
};

}  // namespace plexus::rpc
