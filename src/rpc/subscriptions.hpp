#pragma once
// eth_subscribe plumbing: WebSocket connections subscribe to named topics ("newHeads", "logs",
// ...) and the node pushes results to every subscriber. Thread-safe: the node publishes from its
// own threads while connections subscribe from the server's.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

// One WebSocket connection as seen by the hub.
class SubscriptionSink {
 public:
  virtual ~SubscriptionSink() = default;
  // Queues a text message for the peer without blocking. Returns false if the peer is gone or
  // too far behind (the connection then closes and its subscriptions are dropped).
  virtual bool send(std::string message) = 0;
};

class SubscriptionHub {
 public:
  // Checks a topic's extra parameters (the elements after the topic name, always an array) and
  // returns the normalised filter handed back to the renderer on every publish.
  using ParamsCheck = std::function<RpcResult(const json& params)>;
  // Builds one subscription's payload from its filter; nullopt skips that subscription. Runs
  // with the hub locked: it must not call back into the hub.
  using Render = std::function<std::optional<json>(const json& filter)>;

  explicit SubscriptionHub(std::size_t max_per_connection = 256);

  // A topic without a check accepts no extra parameters.
  void add_topic(std::string topic, ParamsCheck check = {});

  // eth_subscribe params: [topic, ...extra]; returns the subscription id.
  [[nodiscard]] RpcResult subscribe(const std::shared_ptr<SubscriptionSink>& sink,
                                    const json& params);
  // eth_unsubscribe params: [id]; true if `sink` owned that subscription.
  [[nodiscard]] RpcResult unsubscribe(const SubscriptionSink* sink, const json& params);
  // Forgets every subscription of a closed connection.
  void drop(const SubscriptionSink* sink);

  // Sends `result` to every subscriber of `topic`; returns how many were sent.
  std::size_t publish(std::string_view topic, const json& result);
  std::size_t publish(std::string_view topic, const Render& render);
  [[nodiscard]] std::size_t count(std::string_view topic) const;

 private:
  struct Subscription {
    std::string topic;
    json filter;
    const SubscriptionSink* owner = nullptr;
    std::weak_ptr<SubscriptionSink> sink;
  };
  std::size_t deliver(std::string_view topic,
                      const std::function<std::optional<std::string>(const Subscription&)>& body);

  const std::size_t max_per_connection_;
  mutable std::mutex mutex_;
  std::map<std::string, ParamsCheck, std::less<>> topics_;
  std::map<std::string, Subscription, std::less<>> subscriptions_;  // by id
  std::uint64_t next_id_ = 1;
};

}  // namespace plexus::rpc
