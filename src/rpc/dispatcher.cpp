#include "rpc/dispatcher.hpp"

#include <algorithm>
#include <exception>

#include "core/deadline.hpp"
#include "rpc/reply_budget.hpp"

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

// A reply above this size is followed by handing freed memory back to the system.
constexpr std::size_t kLargeReply = 1 << 20;

// "5s" for whole seconds, "250ms" otherwise, as go-ethereum prints durations.
std::string format_ms(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + "s";
  return std::to_string(ms.count()) + "ms";
}

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

void Dispatcher::set_offloaded(std::initializer_list<std::string_view> names) {
  for (const std::string_view name : names) offloaded_.emplace(name);
}

bool Dispatcher::names_offloaded(const json& request) const {
  if (!request.is_object()) return false;
  const auto method = request.find("method");
  return method != request.end() && method->is_string() &&
         offloaded_.contains(method->get_ref<const std::string&>());
}

Dispatcher::Message Dispatcher::parse(std::string_view text) const {
  Message out;
  if (!nesting_within(text, limits_.max_depth)) {
    out.immediate = error_response(code::kParseError, "parse error: nested too deeply");
    return out;
  }
  out.value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) {
    out.immediate = error_response(code::kParseError, "parse error");
  } else if (!out.value.is_array()) {
    out.offload = names_offloaded(out.value);
  } else if (out.value.empty()) {
    out.immediate = error_response(code::kInvalidRequest, "empty batch");
  } else if (out.value.size() > limits_.max_batch) {
    out.immediate = error_response(code::kInvalidRequest,
                                   "batch too large: " + std::to_string(out.value.size()) +
                                       " requests, limit " + std::to_string(limits_.max_batch));
  } else {
    out.offload = std::any_of(out.value.begin(), out.value.end(),
                              [this](const json& request) { return names_offloaded(request); });
  }
  return out;
}

std::optional<std::string> Dispatcher::handle(std::string_view text,
                                              const std::shared_ptr<SubscriptionSink>& sink) {
  return run(parse(text), sink);
}

std::optional<std::string> Dispatcher::run(const Message& message,
                                           const std::shared_ptr<SubscriptionSink>& sink) {
  if (message.immediate) return message.immediate;
  const auto deadline = std::chrono::steady_clock::now() + limits_.batch_timeout;
  if (!message.value.is_array()) {
    Allowance allowance{.reply_bytes = limits_.max_reply_bytes, .deadline = deadline};
    return handle_one(message.value, sink, allowance);
  }
  std::string replies;  // the array's text, as dump() prints one
  bool large = false;
  bool exceeded = false;
  for (const json& request : message.value) {
    // Two bytes for the brackets; each reply after the first takes a comma. Once a reply did not
    // fit, the rest of the batch gets the error without running (as go-ethereum does).
    const std::size_t used = replies.size() + 2;
    Allowance allowance{
        .reply_bytes = exceeded || used >= limits_.max_reply_bytes ? 0
                                                                    : limits_.max_reply_bytes - used,
        .deadline = deadline};
    std::optional<std::string> reply = handle_one(request, sink, allowance);
    exceeded = exceeded || allowance.exceeded;
    if (reply) {
      large = large || reply->size() > kLargeReply;
      replies += replies.empty() ? '[' : ',';
      replies += *reply;
    }
  }
  if (large) release_free_memory();
  if (replies.empty()) return std::nullopt;
  replies += ']';
  return replies;
}

std::optional<std::string> Dispatcher::handle_one(const json& request,
                                                  const std::shared_ptr<SubscriptionSink>& sink,
                                                  Allowance& allowance) {
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

  RpcResult result = call(method->get_ref<const std::string&>(), params, sink, allowance);
  if (notification) return std::nullopt;
  std::string text = response(id, result);
  if (text.size() <= allowance.reply_bytes) return text;
  // Measured after the fact for results no method estimated; the text goes at once.
  allowance.exceeded = true;
  const std::size_t size = text.size();
  std::string().swap(text);
  result = rpc_fail(code::kLimitExceeded, {});  // frees the rendered values too
  release_free_memory();
  return error_text(id, code::kLimitExceeded,
                    "response too large: " + std::to_string(size) + " bytes, limit " +
                        std::to_string(limits_.max_reply_bytes) + " for a reply or a batch");
}

RpcResult Dispatcher::call(const std::string& method, const json& params,
                           const std::shared_ptr<SubscriptionSink>& sink,
                           Allowance& allowance) {
  if (allowance.reply_bytes == 0) {
    allowance.exceeded = true;
    return rpc_fail(code::kLimitExceeded,
                    "response too large: the batch's replies reached the limit of " +
                        std::to_string(limits_.max_reply_bytes) + " bytes");
  }
  const auto now = std::chrono::steady_clock::now();
  if (now >= allowance.deadline)
    return rpc_fail(code::kTimeout, "request timed out: the batch's time budget of " +
                                        format_ms(limits_.batch_timeout) + " is spent");
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
    // The name is the client's: repeat a bounded part of it only.
    const bool cut = method.size() > limits_.max_echoed_name;
    return rpc_fail(code::kMethodNotFound,
                    "the method " + method.substr(0, limits_.max_echoed_name) +
                        (cut ? "... (" + std::to_string(method.size()) + " bytes)" : "") +
                        " does not exist/is not available");
  }
  const deadline::Scope budget(std::min(allowance.deadline, now + limits_.call_timeout));
  const ReplyBudget::Scope reply_budget(allowance.reply_bytes);
  // Methods report bad input through their Result; this only catches library exceptions (a
  // json accessor used on the wrong type, allocation failure) so one request cannot take the
  // server down.
  try {
    RpcResult result = (*fn)(params);
    allowance.exceeded = reply_budget.refused();
    // Whatever the VM answered, it was cut short.
    if (budget.hit())
      return rpc_fail(code::kServerError,
                      "execution aborted (timeout = " + format_ms(limits_.call_timeout) + ")");
    return result;
  } catch (const std::exception& e) {
    return rpc_fail(code::kInternalError, std::string("internal error: ") + e.what());
  }
}

}  // namespace plexus::rpc
