#include "rpc/subscriptions.hpp"

#include <vector>

#include "rpc/params.hpp"

namespace plexus::rpc {
namespace {

constexpr auto kDumpReplace = json::error_handler_t::replace;

std::string notification(std::string_view id, std::string_view result_text) {
  std::string out = R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":")";
  out.append(id);
  out.append(R"(","result":)");
  out.append(result_text);
  out.append("}}");
  return out;
}

}  // namespace

SubscriptionHub::SubscriptionHub(std::size_t max_per_connection)
    : max_per_connection_(max_per_connection) {}

void SubscriptionHub::add_topic(std::string topic, ParamsCheck check) {
  std::lock_guard lock(mutex_);
  topics_[std::move(topic)] = std::move(check);
}

RpcResult SubscriptionHub::subscribe(const std::shared_ptr<SubscriptionSink>& sink,
                                     const json& params) {
  if (!params.is_array() || params.empty() || !params[0].is_string())
    return rpc_fail(code::kInvalidParams, "eth_subscribe expects [topic, ...params]");
  const std::string topic = params[0].get<std::string>();
  ParamsCheck check;
  {
    std::lock_guard lock(mutex_);
    const auto it = topics_.find(topic);
    if (it == topics_.end())
      return rpc_fail(code::kInvalidParams, "no \"" + topic + "\" subscription");
    check = it->second;
  }
  json extra = json::array();
  for (std::size_t i = 1; i < params.size(); ++i) extra.push_back(params[i]);
  json filter;
  if (check) {
    auto checked = check(extra);
    if (!checked) return std::unexpected(std::move(checked).error());
    filter = std::move(*checked);
  } else if (params.size() > 1) {
    return rpc_fail(code::kInvalidParams, "\"" + topic + "\" takes no parameters");
  }

  std::lock_guard lock(mutex_);
  std::size_t owned = 0;
  for (const auto& [id, sub] : subscriptions_) owned += sub.owner == sink.get();
  if (owned >= max_per_connection_)
    return rpc_fail(code::kLimitExceeded, "too many subscriptions on this connection");
  std::string id = opaque_id(next_id_++);
  subscriptions_.emplace(id, Subscription{topic, std::move(filter), sink.get(), sink});
  return json(std::move(id));
}

RpcResult SubscriptionHub::unsubscribe(const SubscriptionSink* sink, const json& params) {
  if (!params.is_array() || params.size() != 1 || !params[0].is_string())
    return rpc_fail(code::kInvalidParams, "eth_unsubscribe expects [subscription id]");
  std::lock_guard lock(mutex_);
  const auto it = subscriptions_.find(params[0].get_ref<const std::string&>());
  if (it == subscriptions_.end() || it->second.owner != sink) return json(false);
  subscriptions_.erase(it);
  return json(true);
}

void SubscriptionHub::drop(const SubscriptionSink* sink) {
  std::lock_guard lock(mutex_);
  std::erase_if(subscriptions_, [&](const auto& entry) { return entry.second.owner == sink; });
}

std::size_t SubscriptionHub::deliver(
    std::string_view topic,
    const std::function<std::optional<std::string>(const Subscription&)>& body) {
  // Messages are built under the lock but sent after it: a sink may be destroyed when its last
  // reference (taken here) goes away, and its destructor calls drop().
  std::vector<std::pair<std::shared_ptr<SubscriptionSink>, std::string>> outgoing;
  {
    std::lock_guard lock(mutex_);
    for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
      const Subscription& sub = it->second;
      if (sub.topic != topic) {
        ++it;
        continue;
      }
      std::shared_ptr<SubscriptionSink> sink = sub.sink.lock();
      if (!sink) {
        it = subscriptions_.erase(it);
        continue;
      }
      if (std::optional<std::string> text = body(sub))
        outgoing.emplace_back(std::move(sink), notification(it->first, *text));
      ++it;
    }
  }
  std::size_t sent = 0;
  for (auto& [sink, message] : outgoing) sent += sink->send(std::move(message));
  return sent;
}

std::size_t SubscriptionHub::publish(std::string_view topic, const json& result) {
  const std::string text = result.dump(-1, ' ', false, kDumpReplace);
  return deliver(topic, [&](const Subscription&) { return std::optional<std::string>(text); });
}

std::size_t SubscriptionHub::publish(std::string_view topic, const Render& render) {
  return deliver(topic, [&](const Subscription& sub) -> std::optional<std::string> {
    std::optional<json> payload = render(sub.filter);
    if (!payload) return std::nullopt;
    return payload->dump(-1, ' ', false, kDumpReplace);
  });
}

std::size_t SubscriptionHub::count(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, sub] : subscriptions_) n += sub.topic == topic;
  return n;
}

}  // namespace plexus::rpc
