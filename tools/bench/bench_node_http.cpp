// Every Boost.Beast template of the load generator is instantiated in this one translation unit.
#include "bench_node_http.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace plexus::bench::node {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Addresses = tcp::resolver::results_type;

// Generous: ganache, under 50 concurrent senders, can leave one connection's transaction
// unanswered for over a minute while it serves the others.
constexpr auto kRequestTimeout = std::chrono::seconds(300);
// Node.js servers close keep-alive connections idle for 5 s; reconnecting after a shorter pause
// avoids racing that close with a request that would then fail half-sent.
constexpr auto kMaxIdle = std::chrono::seconds(2);
constexpr auto kProgressInterval = std::chrono::seconds(3);

Result<Addresses> resolve(net::io_context& ioc, const Endpoint& endpoint) {
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  Addresses addresses = resolver.resolve(endpoint.host, endpoint.port, ec);
  if (ec) return fail(Errc::kIo, "cannot resolve " + endpoint.host + ": " + ec.message());
  return addresses;
}

// One keep-alive HTTP connection, opened on first use and reopened when the server closed it or
// it sat idle.
class Connection {
 public:
  Connection(const net::any_io_executor& executor, const Endpoint& endpoint,
             const Addresses& addresses)
      : endpoint_(endpoint), addresses_(addresses), stream_(executor) {}

  // The response body of one POST; any transport error or non-200 status is an error.
  net::awaitable<Result<std::string>> request(const std::string& body) {
    beast::error_code ec;
    const auto token = [&ec] { return net::redirect_error(net::use_awaitable, ec); };
    if (open_ && Clock::now() - last_used_ > kMaxIdle) close();
    if (!open_) {
      stream_.expires_after(kRequestTimeout);
      co_await stream_.async_connect(addresses_, token());
      if (ec)
        co_return fail(Errc::kIo, "cannot connect to " + endpoint_.url + ": " + ec.message() +
                                      " (is the node running?)");
      open_ = true;
    }
    http::request<http::string_body> req{http::verb::post, endpoint_.target, 11};
    req.set(http::field::host, endpoint_.host);
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    stream_.expires_after(kRequestTimeout);
    co_await http::async_write(stream_, req, token());
    http::response<http::string_body> res;
    if (!ec) co_await http::async_read(stream_, buffer_, res, token());
    last_used_ = Clock::now();
    if (ec) {
      close();
      co_return fail(Errc::kIo, endpoint_.url + ": " + ec.message());
    }
    if (!res.keep_alive()) close();
    if (res.result() != http::status::ok)
      co_return fail(Errc::kIo, endpoint_.url + ": HTTP " + std::to_string(res.result_int()) +
                                    ": " + res.body().substr(0, 200));
    co_return std::move(res.body());
  }

 private:
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    buffer_.clear();
    open_ = false;
  }

  const Endpoint& endpoint_;
  const Addresses& addresses_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool open_ = false;
  Clock::time_point last_used_;
};

net::awaitable<void> single_request(Connection* connection, const std::string* body,
                                    std::optional<Result<std::string>>* out) {
  *out = co_await connection->request(*body);
}

// What the coroutines of one phase share; they all run on one thread.
struct PhaseState {
  const Phase& phase;
  const Endpoint& endpoint;
  const Addresses& addresses;
  net::steady_timer progress_timer;
  std::size_t total = 0;
  std::size_t done = 0;
  std::size_t live_streams = 0;
  std::optional<Error> error;
  PhaseTiming timing;
  Clock::time_point start;
  Clock::time_point end;
};

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

net::awaitable<void> drive_stream(PhaseState* state, std::size_t c) {
  Connection connection(co_await net::this_coro::executor, state->endpoint, state->addresses);
  const std::vector<std::string>& requests = state->phase.streams[c];
  for (std::size_t i = 0; i < requests.size() && !state->error; ++i) {
    const auto sent = Clock::now();
    Result<std::string> body = co_await connection.request(requests[i]);
    if (!body) {
      state->error = body.error();
      break;
    }
    state->timing.latencies_ms.push_back(ms_since(sent));
    if (state->phase.check) {
      if (Result<void> ok = state->phase.check(c, i, *body); !ok) {
        state->error = ok.error();
        break;
      }
    }
    ++state->done;
  }
  if (--state->live_streams == 0) {
    state->end = Clock::now();
    state->progress_timer.cancel();
  }
}

net::awaitable<void> report_progress(PhaseState* state) {
  while (state->live_streams > 0) {
    beast::error_code ec;
    state->progress_timer.expires_after(kProgressInterval);
    co_await state->progress_timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    if (ec || state->live_streams == 0) break;
    const double seconds = ms_since(state->start) / 1000;
    std::fprintf(stderr, "  %s: %zu/%zu requests, %.0f/s\n", state->phase.label.c_str(),
                 state->done, state->total, static_cast<double>(state->done) / seconds);
  }
}

}  // namespace

Result<Endpoint> parse_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme))
    return fail(Errc::kInvalidArgument,
                "url must start with http://, got \"" + std::string(url) + "\"");
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  Endpoint out{std::string(url), "", "80",
               slash == std::string_view::npos ? "/" : std::string(rest.substr(slash))};
  // A bracketed IPv6 literal may contain colons; the port follows the closing bracket.
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    out.port = std::string(authority.substr(colon + 1));
    out.host = std::string(authority.substr(0, colon));
  } else {
    out.host = std::string(authority);
  }
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty() || out.port.empty() ||
      out.port.find_first_not_of("0123456789") != std::string::npos)
    return fail(Errc::kInvalidArgument, "malformed url \"" + std::string(url) + "\"");
  return out;
}

std::string request_body(std::size_t id, std::string_view method, const nlohmann::json& params) {
  return nlohmann::json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}
      .dump();
}

Result<nlohmann::json> response_result(std::string_view body) {
  nlohmann::json response = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (response.is_discarded() || !response.is_object())
    return fail(Errc::kDecode,
                "response is not a JSON object: " + std::string(body.substr(0, 200)));
  if (const auto error = response.find("error"); error != response.end()) {
    const auto message = error->find("message");
    return fail(Errc::kValidation, message != error->end() && message->is_string()
                                       ? message->get<std::string>()
                                       : error->dump());
  }
  const auto result = response.find("result");
  if (result == response.end())
    return fail(Errc::kDecode, "response has no result: " + std::string(body.substr(0, 200)));
  return std::move(*result);
}

struct RpcClient::Impl {
  Impl(const Endpoint& e, Addresses a)
      : endpoint(e), addresses(std::move(a)), connection(ioc.get_executor(), endpoint, addresses) {}
  net::io_context ioc{1};
  Endpoint endpoint;
  Addresses addresses;
  Connection connection;
  std::size_t next_id = 1;
};

RpcClient::RpcClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RpcClient::RpcClient(RpcClient&&) noexcept = default;
RpcClient& RpcClient::operator=(RpcClient&&) noexcept = default;
RpcClient::~RpcClient() = default;

Result<RpcClient> RpcClient::connect(const Endpoint& endpoint) {
  net::io_context resolver_context;
  PLEXUS_TRY(Addresses addresses, resolve(resolver_context, endpoint));
  RpcClient client(std::make_unique<Impl>(endpoint, std::move(addresses)));
  // Fails early, with the connect error, if nothing listens there.
  PLEXUS_CHECK(client.call("eth_chainId", nlohmann::json::array()));
  return client;
}

Result<nlohmann::json> RpcClient::call(std::string_view method, nlohmann::json params) {
  const std::string body = request_body(impl_->next_id++, method, params);
  std::optional<Result<std::string>> response;
  net::co_spawn(impl_->ioc, single_request(&impl_->connection, &body, &response), net::detached);
  impl_->ioc.restart();
  impl_->ioc.run();
  if (!response) return fail(Errc::kInternal, "request did not complete");
  if (!*response) return std::unexpected(response->error());
  Result<nlohmann::json> result = response_result(**response);
  if (!result)
    return fail(result.error().code, std::string(method) + ": " + result.error().message);
  return result;
}

Result<PhaseTiming> run_phase(const Endpoint& endpoint, const Phase& phase) {
  net::io_context ioc{1};
  PLEXUS_TRY(const Addresses addresses, resolve(ioc, endpoint));
  PhaseState state{phase, endpoint, addresses, net::steady_timer(ioc), 0, 0, 0, {}, {}, {}, {}};
  for (const auto& stream : phase.streams) state.total += stream.size();
  state.timing.latencies_ms.reserve(state.total);
  state.live_streams = phase.streams.size();
  const double cpu_start = process_cpu_seconds();
  state.start = Clock::now();
  state.end = state.start;
  for (std::size_t c = 0; c < phase.streams.size(); ++c)
    net::co_spawn(ioc, drive_stream(&state, c), net::detached);
  net::co_spawn(ioc, report_progress(&state), net::detached);
  ioc.run();
  if (state.error) return std::unexpected(*state.error);
  state.timing.seconds = std::chrono::duration<double>(state.end - state.start).count();
  state.timing.client_cpu_seconds = process_cpu_seconds() - cpu_start;
  return std::move(state.timing);
}

}  // namespace plexus::bench::node
