#include "rpc/dispatcher.hpp"

#include <exception>

namespace plexus::rpc {
namespace {

constexpr auto kDumpReplace = json::error_handler_t::replace;

std::string dump(const json& value) { return value.dump(-1, ' ', false, kDumpReplace); }

// The response object's text, keys in the order dump() prints an object's, written directly:
// building the object first cost an allocation per key and value on every request.
std::string response(const json& id, const RpcResult& result) {
  std::string out;
  if (result) {
    out += R"({"id":)";
    out += dump(id);
    out += R"(,"jsonrpc":"2.0","result":)";
    out += dump(*result);
  } else {
    out += R"({"error":)";
    out += dump(error_object(result.error()));
    out += R"(,"id":)";
    out += dump(id);
    out += R"(,"jsonrpc":"2.0")";
  }
  out += '}';
  return out;
}

std::string error_text(const json& id, int error_code, std::string message) {
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
  return error_text(nullptr, error_code, std::string(message));
}

std::optional<std::string> Dispatcher::handle(std::string_view text,
                                              const std::shared_ptr<SubscriptionSink>& sink) {
  if (!nesting_within(text, limits_.max_depth))
    return error_response(code::kParseError, "parse error: nested too deeply");
  const json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return error_response(code::kParseError, "parse error");
  if (!message.is_array()) return handle_one(message, sink);
  if (message.empty()) return error_response(code::kInvalidRequest, "empty batch");
  if (message.size() > limits_.max_batch)
    return error_response(code::kInvalidRequest,
                          "batch too large: " + std::to_string(message.size()) +
                              " requests, limit " + std::to_string(limits_.max_batch));
  std::string replies;  // the array's text, as dump() prints one
  for (const json& request : message) {
    if (std::optional<std::string> reply = handle_one(request, sink)) {
      replies += replies.empty() ? '[' : ',';
      replies += *reply;
    }
  }
  if (replies.empty()) return std::nullopt;
  replies += ']';
  return replies;
}

std::optional<std::string> Dispatcher::handle_one(const json& request,
                                                  const std::shared_ptr<SubscriptionSink>& sink) {
  static const json kNoId = nullptr;
  static const json kNoParams = json::array();
  if (!request.is_object()) return error_text(nullptr, code::kInvalidRequest, "invalid request");
  const auto id_it = request.find("id");
  const bool notification = id_it == request.end();
  const json& id = notification ? kNoId : *id_it;
  if (!valid_id(id)) return error_text(nullptr, code::kInvalidRequest, "invalid request: bad id");
  const auto version = request.find("jsonrpc");
  if (version == request.end() || *version != "2.0")
    return error_text(id, code::kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
  const auto method = request.find("method");
  if (method == request.end() || !method->is_string())
    return error_text(id, code::kInvalidRequest, "invalid request: method must be a string");
  const auto params_it = request.find("params");
  const json& params = params_it == request.end() ? kNoParams : *params_it;
  if (!params.is_array() && !params.is_object())
    return error_text(id, code::kInvalidRequest, "invalid request: params must be array or object");

  RpcResult result = call(method->get_ref<const std::string&>(), params, sink);
  if (notification) return std::nullopt;
  return response(id, result);
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
