// Every Boost.Beast template of the server is instantiated in this one translation unit.
#include "rpc/server.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "rpc/connection_table.hpp"
#include "rpc/execution_pool.hpp"
#include "rpc/http_reply.hpp"
#include "rpc/reply_budget.hpp"
#include "rpc/reply_gate.hpp"
#include "rpc/server_worker.hpp"

namespace plexus::rpc {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using beast::error_code;
using detail::Connection;
using detail::ExecutionPool;
using detail::Worker;
// Connections run on their worker's io_context alone: its concrete executor spares every
// operation the type-erased executor's bookkeeping.
using Executor = net::io_context::executor_type;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Clock = std::chrono::steady_clock;
using Timer = net::basic_waitable_timer<Clock, net::wait_traits<Clock>, Executor>;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr auto kStopGrace = std::chrono::seconds(3);
// A reply text above this size is not kept for reuse, and its memory goes back to the system.
constexpr std::size_t kLargeReply = 1 << 20;

// State every connection shares; connections hold it by shared_ptr so it outlives them all,
// including handlers destroyed with the io_context.
struct Shared {
  explicit Shared(ServerConfig c, ExecutionPool& p)
      : config(std::move(c)),
        table({.max_connections = config.max_connections,
               .max_per_address = config.max_connections_per_address,
               .requests_per_second = config.max_requests_per_second_per_address,
               .slow_request_grace = config.slow_request_grace}),
        pool(p) {}

  const ServerConfig config;
  std::shared_mutex endpoints_mutex;
  std::map<std::string, std::shared_ptr<Dispatcher>, std::less<>> endpoints;
  detail::ConnectionTable table;
  ExecutionPool& pool;  // stopped by Server::stop() before the last connection can go

  void release(std::uint64_t id) { table.release(id); }

  std::shared_ptr<Dispatcher> find_endpoint(std::string_view target) {
    std::string_view path = target.substr(0, target.find('?'));
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    std::shared_lock lock(endpoints_mutex);
    const auto it = endpoints.find(path);
    return it == endpoints.end() ? nullptr : it->second;
  }
};

bool is_json_content_type(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  const beast::string_view v(value.data(), value.size());
  return beast::iequals(v, "application/json") || beast::iequals(v, "application/json-rpc") ||
         beast::iequals(v, "application/jsonrequest");
}

// Beast 1.74 uses boost::string_view, which does not convert to std::string_view by itself.
std::string_view sv(beast::string_view v) { return {v.data(), v.size()}; }

bool is_http_parse_error(const error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

// RFC 6455 4.1: the key is 16 random bytes in base64, 24 characters ending in "==" whose last
// character before the padding carries no bits beyond the 16 bytes.
bool valid_websocket_key(std::string_view key) {
  constexpr std::string_view kBase64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (key.size() != 24 || key.substr(22) != "==") return false;
  if (key.substr(0, 22).find_first_not_of(kBase64) != std::string_view::npos) return false;
  return kBase64.find(key[21]) % 16 == 0;
}

std::string remote_address(const Socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string() : endpoint.address().to_string();
}

std::string rate_limited_text(const ServerConfig& config) {
  return "rate limit exceeded: " +
         std::to_string(static_cast<long long>(config.max_requests_per_second_per_address)) +
         " requests per second per address";
}

class WsSession final : public Connection,
                        public SubscriptionSink,
                        public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, Worker& worker, std::shared_ptr<Dispatcher> dispatcher,
            std::shared_ptr<Shared> shared, std::string address)
      : ws_(std::move(socket)),
        worker_(worker),
        dispatcher_(std::move(dispatcher)),
        shared_(std::move(shared)),
        address_(std::move(address)) {}

  ~WsSession() override {
    dispatcher_->subscriptions().drop(this);
    shared_->release(id_);
  }

  void set_id(std::uint64_t id) { id_ = id; }

  void run(http::request<http::string_body> upgrade) {
    upgrade_ = std::move(upgrade);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "plexus"); }));
    ws_.read_message_max(shared_->config.max_body_bytes);
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
    ws_.async_accept(upgrade_,
                     beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
  }

  bool send(std::string message) override {
    if (closed_) return false;
    if (!reserve(message.size())) return false;
    net::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
      self->enqueue(std::move(m));
    });
    return true;
  }

  void shutdown() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->close_now(); });
  }

  // A WebSocket is being served for as long as it is open; only the table's total counts it.
  [[nodiscard]] std::optional<detail::SteadyClock::time_point> waiting_since() const override {
    return std::nullopt;
  }

 private:
  // Counts bytes waiting to be written; a peer that does not read is disconnected rather than
  // allowed to grow the queue without bound. The socket is closed outright: a close handshake
  // would queue behind the writes the peer is not reading and never complete.
  bool reserve(std::size_t n) {
    if (backlog_.fetch_add(n) + n > shared_->config.max_ws_backlog_bytes) {
      backlog_.fetch_sub(n);
      closed_ = true;
      net::post(ws_.get_executor(), [self = shared_from_this()] { self->drop_slow_peer(); });
      return false;
    }
    return true;
  }

  void drop_slow_peer() {
    closing_ = true;
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
    dispatcher_->subscriptions().drop(this);
    // The queue's memory goes now, not when the last pending handler lets go of the session.
    std::deque<std::string>().swap(queue_);
    backlog_ = 0;
    shared_->release(std::exchange(id_, 0));
  }

  void on_accept(error_code ec) {
    if (ec) return;
    read();
  }

  void read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      dispatcher_->subscriptions().drop(this);
      return;
    }
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (!shared_->table.take_request(address_)) {
      std::string refusal =
          Dispatcher::error_response(code::kLimitExceeded, rate_limited_text(shared_->config));
      if (reserve(refusal.size())) enqueue(std::move(refusal));
      return read();
    }
    Dispatcher::Message message = dispatcher_->parse(text);
    if (!message.offload) {
      ReplyGate gate;
      std::optional<std::string> reply;
      {
        const ReplyGate::Scope scope(gate);
        reply = dispatcher_->run(message, shared_from_this());
      }
      deliver(std::move(reply), gate);
      return read();
    }
    // Executed elsewhere; the next message is read once this one is answered, so replies keep
    // their order.
    shared_->pool.post([self = shared_from_this(), message = std::move(message)]() {
      auto gate = std::make_shared<ReplyGate>();
      std::optional<std::string> reply;
      {
        const ReplyGate::Scope scope(*gate);
        reply = self->dispatcher_->run(message, self);
      }
      net::post(self->ws_.get_executor(), [self, gate, reply = std::move(reply)]() mutable {
        self->deliver(std::move(reply), *gate);
        if (!self->closing_) self->read();
      });
    });
  }

  void deliver(std::optional<std::string> reply, ReplyGate& gate) {
    if (!reply) return;
    if (!reserve(reply->size())) return;
    if (gate.deferred()) {
      // Later messages are read and answered meanwhile (replies carry their request's id).
      worker_.release_when_open(gate, [self = shared_from_this(), r = std::move(*reply)]() mutable {
        self->enqueue(std::move(r));
      });
    } else {
      enqueue(std::move(*reply));
    }
  }

  void enqueue(std::string message) {
    if (closing_) return;
    queue_.push_back(std::move(message));
    if (!writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
  }

  void on_write(error_code ec, std::size_t) {
    if (queue_.empty()) {  // dropped as a slow peer meanwhile
      writing_ = false;
      return;
    }
    const std::size_t written = queue_.front().size();
    backlog_.fetch_sub(written);
    queue_.pop_front();
    if (written > kLargeReply) release_free_memory();
    if (ec || queue_.empty()) {
      writing_ = false;
      return;
    }
    write_next();
  }

  void close_now() {
    if (closing_) return;
    closing_ = true;
    closed_ = true;
    if (ws_.is_open()) {
      ws_.async_close(websocket::close_code::going_away, [self = shared_from_this()](error_code) {
        beast::get_lowest_layer(self->ws_).close();
      });
    } else {
      beast::get_lowest_layer(ws_).close();
    }
  }

  websocket::stream<beast::tcp_stream> ws_;
  Worker& worker_;
  std::shared_ptr<Dispatcher> dispatcher_;
  std::shared_ptr<Shared> shared_;
  std::string address_;
  std::uint64_t id_ = 0;
  http::request<http::string_body> upgrade_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;  // worker thread only
  bool writing_ = false;           // worker thread only
  bool closing_ = false;           // worker thread only
  std::atomic<std::size_t> backlog_{0};
  std::atomic<bool> closed_{false};
};

class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Socket&& socket, Worker& worker, std::shared_ptr<Shared> shared,
              std::string address)
      : socket_(std::move(socket)),
        idle_timer_(socket_.get_executor()),
        worker_(worker),
        shared_(std::move(shared)),
        address_(std::move(address)) {}

  ~HttpSession() override { shared_->release(id_); }

  void set_id(std::uint64_t id) { id_ = id; }

  void run() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->read();
      self->watch_idle();
    });
  }

  void shutdown() override {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
  }

  [[nodiscard]] std::optional<detail::SteadyClock::time_point> waiting_since() const override {
    const std::int64_t since = waiting_since_.load(std::memory_order_relaxed);
    if (since == kNotWaiting) return std::nullopt;
    return detail::SteadyClock::time_point(detail::SteadyClock::duration(since));
  }

 private:
  static constexpr std::int64_t kNotWaiting = -1;

  void read() {
    // From now until a whole request is in, this connection only holds a slot.
    waiting_since_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    parser_.emplace();
    parser_->body_limit(shared_->config.max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    begin_io();
    if (buffer_.size() > 0) return read_request();  // pipelined: part of it is here already
    // Wait until the request arrives, then read it: reading at once would mostly find nothing
    // yet (the client is still taking in the last reply) and cost a system call for nothing.
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) {
      if (ec) return self->on_read(ec, 0);
      self->read_request();
    });
  }

  void read_request() {
    http::async_read(socket_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    in_io_ = false;
    waiting_since_.store(kNotWaiting, std::memory_order_relaxed);
    if (ec == http::error::end_of_stream) return close_send();
    if (ec == http::error::body_limit)
      return error_reply(http::status::payload_too_large, "request body too large", true);
    if (ec && is_http_parse_error(ec))
      return error_reply(http::status::bad_request, "malformed HTTP request", true);
    if (ec) return;  // reset, timeout or shutdown: nothing to answer
    handle(parser_->get());
  }

  void handle(http::request<http::string_body>& req) {
    const std::string_view path = sv(req.target()).substr(0, sv(req.target()).find('?'));
    const StaticSite* site = shared_->config.static_site.get();
    if (site != nullptr && site->covers(path) && !websocket::is_upgrade(req))
      return serve_static(*site, req.method(), path);
    std::shared_ptr<Dispatcher> dispatcher = shared_->find_endpoint(sv(req.target()));
    if (websocket::is_upgrade(req)) {
      if (!dispatcher) return error_reply(http::status::not_found, "no such endpoint", true);
      if (!valid_websocket_key(sv(req[http::field::sec_websocket_key])))
        return error_reply(http::status::bad_request,
                           "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455)", true);
      return upgrade(std::move(dispatcher));
    }
    if (req.method() == http::verb::options) return preflight(req);
    if (!dispatcher) return error_reply(http::status::not_found, "no such endpoint", false);
    if (req.method() != http::verb::post) {
      prepare(405, "text/plain", "use POST (or a WebSocket)\n", false, "Allow: POST, OPTIONS\r\n");
      return write();
    }
    if (!is_json_content_type(sv(req[http::field::content_type])))
      return error_reply(http::status::unsupported_media_type,
                         "content type must be application/json", false);
    if (!shared_->table.take_request(address_)) {
      prepare(429, "text/plain", rate_limited_text(shared_->config) + "\n", false,
              "Retry-After: 1\r\n");
      return write();
    }
    Dispatcher::Message message = dispatcher->parse(req.body());
    std::string().swap(req.body());  // parsed: the text is no longer needed
    if (!message.offload) {
      ReplyGate gate;
      std::optional<std::string> reply;
      {
        const ReplyGate::Scope scope(gate);
        reply = dispatcher->run(message, nullptr);
      }
      return respond(std::move(reply), gate);
    }
    // Executed on the execution threads; this worker serves its other connections meanwhile.
    // The session reads nothing more until the reply is out (one request at a time).
    shared_->pool.post([self = shared_from_this(), dispatcher = std::move(dispatcher),
                        message = std::move(message)]() {
      auto gate = std::make_shared<ReplyGate>();
      std::optional<std::string> reply;
      {
        const ReplyGate::Scope scope(*gate);
        reply = dispatcher->run(message, nullptr);
      }
      net::post(self->socket_.get_executor(), [self, gate, reply = std::move(reply)]() mutable {
        self->respond(std::move(reply), *gate);
      });
    });
  }

  void respond(std::optional<std::string> reply, ReplyGate& gate) {
    if (!socket_.is_open()) return;  // closed while the reply was being made
    if (reply)
      prepare(200, "application/json", *reply, false);
    else
      prepare(204, {}, {}, false);
    if (!gate.deferred()) return write();
    // The prepared text waits in out_.
    worker_.release_when_open(gate, [self = shared_from_this()] { self->write(); });
  }

  void serve_static(const StaticSite& site, http::verb method, std::string_view path) {
    if (method != http::verb::get) {
      prepare(405, "text/plain", "use GET\n", false, "Allow: GET\r\n");
      return write();
    }
    if (!shared_->table.take_request(address_)) {
      prepare(429, "text/plain", rate_limited_text(shared_->config) + "\n", false,
              "Retry-After: 1\r\n");
      return write();
    }
    const StaticFile* file = site.find(path);
    if (file == nullptr) return error_reply(http::status::not_found, "no such file", false);
    // The page may talk to this node only (no CDN, no other origin), and files change with
    // each build, so browsers revalidate rather than keep a stale bundle.
    prepare(200, file->content_type, file->body, false,
            "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n"
            "Content-Security-Policy: default-src 'self'; connect-src 'self'; "
            "img-src 'self' data:; frame-ancestors 'none'\r\n");
    write();
  }

  void upgrade(std::shared_ptr<Dispatcher> dispatcher) {
    idle_timer_.cancel();
    auto ws = std::make_shared<WsSession>(tcp::socket(std::move(socket_)), worker_,
                                          std::move(dispatcher), shared_, address_);
    const std::uint64_t id = shared_->table.admit(ws, address_, /*replacing=*/true);
    if (id == 0) return;  // stopping: the socket closes with `ws`
    ws->set_id(id);
    ws->run(parser_->release());
  }

  // Writes the response text into out_; `close` ends the connection after it.
  void prepare(unsigned status, std::string_view content_type, std::string_view body, bool close,
               std::string_view extra_headers = {}) {
    const bool header_read = parser_ && parser_->is_header_done();
    keep_alive_ = !close && header_read && parser_->get().keep_alive();
    detail::write_http_reply(out_,
                             {.status = status,
                              .version = header_read ? parser_->get().version() : 11,
                              .keep_alive = keep_alive_,
                              .content_type = content_type,
                              .extra_headers = extra_headers,
                              .body = body},
                             shared_->config.cors_origin);
  }

  void error_reply(http::status status, std::string_view text, bool close) {
    const std::string body = std::string(text) + "\n";
    prepare(static_cast<unsigned>(status), "text/plain", body, close);
    write();
  }

  void preflight(const http::request<http::string_body>& req) {
    const auto requested = sv(req[http::field::access_control_request_headers]);
    const std::string headers =
        "Access-Control-Allow-Methods: POST, GET, OPTIONS\r\nAccess-Control-Allow-Headers: " +
        std::string(requested.empty() ? "content-type" : requested) +
        "\r\nAccess-Control-Max-Age: 600\r\n";
    prepare(204, {}, {}, false, headers);
    write();
  }

  void write() {
    begin_io();
    net::async_write(socket_, net::buffer(out_),
                     beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
  }

  void on_write(error_code ec, std::size_t) {
    in_io_ = false;
    if (out_.capacity() > kLargeReply) {
      std::string().swap(out_);
      release_free_memory();
    }
    if (ec) return;
    if (!keep_alive_) return close_send();
    read();
  }

  // One idle timer per connection, re-armed only when it fires: reads and writes just note when
  // they started. (A timer armed and cancelled around every operation cost a timer-queue update
  // and a cancelled handler each time.)
  void begin_io() {
    io_started_ = Clock::now();
    in_io_ = true;
  }

  void watch_idle() {
    idle_timer_.expires_at((in_io_ ? io_started_ : Clock::now()) + shared_->config.idle_timeout);
    idle_timer_.async_wait([weak = weak_from_this()](error_code ec) {
      if (ec) return;
      if (const auto self = weak.lock()) self->on_idle();
    });
  }

  void on_idle() {
    if (!socket_.is_open()) return;
    // An operation running too long (an idle keep-alive connection, a slow header) ends the
    // connection; a reply waiting at its gate does not count.
    if (in_io_ && Clock::now() - io_started_ >= shared_->config.idle_timeout) return close();
    watch_idle();
  }

  void close_send() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  void close() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    idle_timer_.cancel();
    // A reply waiting at its gate keeps the session until the gate opens; the connection is
    // over already, so stop() need not wait for it.
    shared_->release(id_.exchange(0));
  }

  Socket socket_;
  Timer idle_timer_;
  Worker& worker_;
  std::shared_ptr<Shared> shared_;
  std::string address_;
  // Set on the accepting thread, cleared by close(), which stop() may run meanwhile.
  std::atomic<std::uint64_t> id_{0};
  // Steady-clock ticks since a request began to be awaited, kNotWaiting while one is served;
  // read by the connection table on the accepting thread.
  std::atomic<std::int64_t> waiting_since_{kNotWaiting};
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string out_;  // the response being written; reused, so its capacity stays
  bool keep_alive_ = false;
  bool in_io_ = false;
  Clock::time_point io_started_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Accepts on the first worker and hands connections to the workers in turn.
  Listener(std::vector<std::unique_ptr<Worker>>& workers, std::shared_ptr<Shared> shared)
      : workers_(workers),
        acceptor_(workers.front()->context().get_executor()),
        shared_(std::move(shared)) {}

  Result<std::uint16_t> open(const tcp::endpoint& endpoint) {
    error_code ec;
    if (acceptor_.open(endpoint.protocol(), ec); ec) return io_error("open", ec);
    if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec)
      return io_error("set reuse_address", ec);
    if (acceptor_.bind(endpoint, ec); ec) return io_error("bind", ec);
    if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec)
      return io_error("listen", ec);
    return acceptor_.local_endpoint().port();
  }

  void accept() {
    Worker& worker = *workers_[next_++ % workers_.size()];
    acceptor_.async_accept(worker.context().get_executor(),
                           [self = shared_from_this(), &worker](error_code ec, Socket socket) {
                             self->on_accept(ec, std::move(socket), worker);
                           });
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  static std::unexpected<Error> io_error(std::string_view what, const error_code& ec) {
    return fail(Errc::kIo, "rpc server: " + std::string(what) + ": " + ec.message());
  }

  void on_accept(error_code ec, Socket socket, Worker& worker) {
    if (!acceptor_.is_open()) return;
    if (!ec) {
      // Small requests and replies: send each at once rather than waiting to coalesce.
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::string address = remote_address(socket);
      auto session = std::make_shared<HttpSession>(std::move(socket), worker, shared_, address);
      // Over a limit the session is dropped here, which closes the socket at once.
      if (const std::uint64_t id = shared_->table.admit(session, address, /*replacing=*/false)) {
        session->set_id(id);
        session->run();
      }
    }
    accept();
  }

  std::vector<std::unique_ptr<Worker>>& workers_;
  std::size_t next_ = 0;
  net::basic_socket_acceptor<tcp, Executor> acceptor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace

struct Server::Impl {
  explicit Impl(ServerConfig config)
      : pool(config.execution_threads),
        shared(std::make_shared<Shared>(std::move(config), pool)) {
    const std::size_t n = std::max<std::size_t>(1, shared->config.threads);
    for (std::size_t i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
  }

  ExecutionPool pool;
  std::shared_ptr<Shared> shared;
  std::vector<std::unique_ptr<Worker>> workers;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> port{0};
  bool started = false;
  bool stopped = false;
};

Server::Server(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Server::~Server() { stop(); }

Result<void> Server::add_endpoint(std::string path, std::shared_ptr<Dispatcher> dispatcher) {
  if (path.empty() || path.front() != '/' || path.find('?') != std::string::npos)
    return fail(Errc::kInvalidArgument, "rpc endpoint path must start with '/': " + path);
  if (!dispatcher) return fail(Errc::kInvalidArgument, "rpc endpoint needs a dispatcher");
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  std::unique_lock lock(impl_->shared->endpoints_mutex);
  impl_->shared->endpoints[std::move(path)] = std::move(dispatcher);
  return {};
}

Result<void> Server::start() {
  if (impl_->started) return fail(Errc::kInvalidArgument, "rpc server already started");
  error_code ec;
  const auto address = net::ip::make_address(impl_->shared->config.address, ec);
  if (ec)
    return fail(Errc::kInvalidArgument, "rpc server: bad address " + impl_->shared->config.address);
  impl_->listener = std::make_shared<Listener>(impl_->workers, impl_->shared);
  PLEXUS_TRY(std::uint16_t port,
             impl_->listener->open(tcp::endpoint(address, impl_->shared->config.port)));
  impl_->port = port;
  impl_->started = true;
  impl_->listener->accept();
  for (const auto& worker : impl_->workers)
    impl_->threads.emplace_back([w = worker.get()] { w->run(); });
  return {};
}

std::uint16_t Server::port() const noexcept { return impl_->port; }

std::size_t Server::connection_count() const noexcept { return impl_->shared->table.size(); }

std::size_t Server::evicted_count() const noexcept { return impl_->shared->table.evicted(); }

void Server::stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  Shared& shared = *impl_->shared;
  std::vector<std::shared_ptr<Connection>> live = shared.table.stop();
  impl_->listener->close();
  for (const auto& c : live) c->shutdown();
  live.clear();
  // Give WebSocket peers a moment to complete the close handshake, then stop regardless.
  shared.table.wait_empty(kStopGrace);
  // Executions under way finish within their time budget; queued ones are dropped.
  impl_->pool.stop();
  for (const auto& worker : impl_->workers) worker->stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace plexus::rpc
