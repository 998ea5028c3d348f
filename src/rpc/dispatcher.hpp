#pragma once
// A JSON-RPC 2.0 endpoint: a method table plus the request/response rules (single calls,
// batches, notifications, error objects). It knows nothing about HTTP or WebSocket; the server
// hands it message text and sends back what it returns. Methods are registered by the node
// (eth_*, net_*, plexus_*); eth_subscribe/eth_unsubscribe are answered from subscriptions().
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "rpc/rpc_error.hpp"
#include "rpc/subscriptions.hpp"

namespace plexus::rpc {

struct DispatchLimits {
  std::size_t max_batch = 1000;  // requests in one batch
  std::size_t max_depth = 64;    // nesting of arrays/objects in a message
  std::size_t max_subscriptions_per_connection = 256;
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

  // Handles one HTTP body or WebSocket message. `sink` is the WebSocket connection (null over
  // HTTP, where subscriptions are refused). Returns the response text, or nullopt when nothing
  // must be sent back (the message held only notifications).
  [[nodiscard]] std::optional<std::string> handle(
      std::string_view text, const std::shared_ptr<SubscriptionSink>& sink = nullptr);

  // The response to a message the transport could not even read (e.g. too large).
  [[nodiscard]] static std::string error_response(int error_code, std::string_view message);

 private:
  // The response text; nullopt for a notification.
  std::optional<std::string> handle_one(const json& request,
                                        const std::shared_ptr<SubscriptionSink>& sink);
  RpcResult call(const std::string& method, const json& params,
                 const std::shared_ptr<SubscriptionSink>& sink);

  const DispatchLimits limits_;
  mutable std::shared_mutex methods_mutex_;
  std::map<std::string, std::shared_ptr<const RpcMethod>, std::less<>> methods_;
  SubscriptionHub hub_;
};

}  // namespace plexus::rpc
