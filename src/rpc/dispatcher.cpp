#include "rpc/dispatcher.hpp"

#include <exception>

namespace plexus::rpc {
namespace {

constexpr auto kDumpReplace = json::error_handler_t::replace;

std::string dump(const json& value) { return value.dump(-1, ' ', false, kDumpReplace); }

json response(const json& id, RpcResult result) {
  json out = {{"jsonrpc", "2.0"}, {"id", id}};
  if (result)
    out["result"] = std::move(*result);
  else
    out["error"] = error_object(result.error());
  return out;
}

json error_json(const json& id, int error_code, std::string message) {
  return response(id, rpc_fail(error_code, std::move(message)));
}

// nlohmann's parser is iterative, but copying, comparing and destroying parsed values recurse;
// a message nested thousands deep would exhaust the stack in code downstream. Checking the text
// first keeps every later step bounded.
bool nesting_within(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

bool valid_id(const json& id) { return id.is_string() || id.is_number() || id.is_null(); }

}  // namespace

Dispatcher::Dispatcher(DispatchLimits limits)
    : limits_(limits), hub_(limits.max_subscriptions_per_connection) {}

void Dispatcher::add(std::string name, Method method) {
  add_rpc(std::move(name), [m = std::move(method)](const json& params) -> RpcResult {
    Result<json> r = m(params);
    if (!r) return std::unexpected(to_rpc_error(r.error()));
    return std::move(*r);
  });
}

void Dispatcher::add_rpc(std::string name, RpcMethod method) {
  auto shared = std::make_shared<const RpcMethod>(std::move(method));
  std::unique_lock lock(methods_mutex_);
  methods_[std::move(name)] = std::move(shared);
}

bool Dispatcher::has_method(std::string_view name) const {
  std::shared_lock lock(methods_mutex_);
  return methods_.contains(name);
}

std::string Dispatcher::error_response(int error_code, std::string_view message) {
  return dump(error_json(nullptr, error_code, std::string(message)));
}

std::optional<std::string> Dispatcher::handle(std::string_view text,
                                              const std::shared_ptr<SubscriptionSink>& sink) {
  if (!nesting_within(text, limits_.max_depth))
    return error_response(code::kParseError, "parse error: nested too deeply");
  const json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return error_response(code::kParseError, "parse error");
  if (!message.is_array()) {
    std::optional<json> reply = handle_one(message, sink);
    if (!reply) return std::nullopt;
    return dump(*reply);
  }
  if (message.empty()) return error_response(code::kInvalidRequest, "empty batch");
  if (message.size() > limits_.max_batch)
    return error_response(code::kInvalidRequest,
                          "batch too large: " + std::to_string(message.size()) +
                              " requests, limit " + std::to_string(limits_.max_batch));
  json replies = json::array();
  for (const json& request : message)
    if (std::optional<json> reply = handle_one(request, sink)) replies.push_back(std::move(*reply));
  if (replies.empty()) return std::nullopt;
  return dump(replies);
}

std::optional<json> Dispatcher::handle_one(const json& request,
                                           const std::shared_ptr<SubscriptionSink>& sink) {
  if (!request.is_object()) return error_json(nullptr, code::kInvalidRequest, "invalid request");
  const auto id_it = request.find("id");
  const bool notification = id_it == request.end();
  const json id = notification ? json(nullptr) : *id_it;
  if (!valid_id(id)) return error_json(nullptr, code::kInvalidRequest, "invalid request: bad id");
  const auto version = request.find("jsonrpc");
  if (version == request.end() || *version != "2.0")
    return error_json(id, code::kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
  const auto method = request.find("method");
  if (method == request.end() || !method->is_string())
    return error_json(id, code::kInvalidRequest, "invalid request: method must be a string");
  const auto params_it = request.find("params");
  const json empty = json::array();
  const json& params = params_it == request.end() ? empty : *params_it;
  if (!params.is_array() && !params.is_object())
    return error_json(id, code::kInvalidRequest, "invalid request: params must be array or object");

  RpcResult result = call(method->get_ref<const std::string&>(), params, sink);
  if (notification) return std::nullopt;
  return response(id, std::move(result));
}

RpcResult Dispatcher::call(const std::string& method, const json& params,
                           const std::shared_ptr<SubscriptionSink>& sink) {
  std::shared_ptr<const RpcMethod> fn;
  {
    std::shared_lock lock(methods_mutex_);
    if (const auto it = methods_.find(method); it != methods_.end()) fn = it->second;
  }
  if (!fn) {
    if (method == "eth_subscribe" || method == "eth_unsubscribe") {
      if (!sink)
        return rpc_fail(code::kMethodNotFound,
                        "notifications not supported: connect over WebSocket");
      return method == "eth_subscribe" ? hub_.subscribe(sink, params)
                                       : hub_.unsubscribe(sink.get(), params);
    }
    return rpc_fail(code::kMethodNotFound,
                    "the method " + method + " does not exist/is not available");
  }
  // Methods report bad input through their Result; this only catches library exceptions (a
  // json accessor used on the wrong type, allocation failure) so one request cannot take the
  // server down.
  try {
    return (*fn)(params);
  } catch (const std::exception& e) {
    return rpc_fail(code::kInternalError, std::string("internal error: ") + e.what());
  }
}

}  // namespace plexus::rpc
