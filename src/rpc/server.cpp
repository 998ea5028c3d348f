// Every Boost.Beast template of the server is instantiated in this one translation unit.
#include "rpc/server.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "rpc/reply_gate.hpp"

namespace plexus::rpc {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using beast::error_code;

// Runs `release` on `ex` (a connection's strand) once every deferral of `gate` has opened, or at
// the gate's timeout, whichever comes first; no thread waits meanwhile.
template <class Executor>
void release_when_open(const Executor& ex, ReplyGate& gate, std::function<void()> release) {
  struct Pending {
    explicit Pending(const Executor& e) : timer(e) {}
    net::steady_timer timer;
    std::atomic<std::size_t> closed{0};
    bool released = false;  // strand only
    std::function<void()> release;
  };
  auto pending = std::make_shared<Pending>(ex);
  pending->release = std::move(release);
  std::vector<ReplyGate::Arm> arms = gate.take_arms();
  pending->closed = arms.size();
  const auto fire = [pending] {
    if (pending->released) return;
    pending->released = true;
    pending->timer.cancel();
    pending->release();
  };
  pending->timer.expires_after(gate.timeout());
  pending->timer.async_wait([fire](error_code ec) {
    if (!ec) fire();
  });
  for (ReplyGate::Arm& arm : arms)
    arm([ex, pending, fire] {
      if (pending->closed.fetch_sub(1) == 1) net::post(ex, fire);
    });
}

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr auto kStopGrace = std::chrono::seconds(3);

// What stop() needs from a live connection.
class Connection {
 public:
  virtual ~Connection() = default;
  // Thread-safe: posts the close to the connection's strand.
  virtual void shutdown() = 0;
};

// State every connection shares; connections hold it by shared_ptr so it outlives them all,
// including handlers destroyed with the io_context.
struct Shared {
  explicit Shared(ServerConfig c) : config(std::move(c)) {}

  const ServerConfig config;
  std::shared_mutex endpoints_mutex;
  std::map<std::string, std::shared_ptr<Dispatcher>, std::less<>> endpoints;
  std::mutex connections_mutex;
  std::condition_variable connections_cv;
  std::map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_connection_id = 1;
  bool stopping = false;  // guarded by connections_mutex

  // Registers a connection; refused while stopping or at the limit unless it replaces one
  // (an HTTP connection upgrading to WebSocket). Returns the id, 0 if refused.
  std::uint64_t admit(const std::shared_ptr<Connection>& c, bool replacing) {
    std::lock_guard lock(connections_mutex);
    if (stopping || (!replacing && connections.size() >= config.max_connections)) return 0;
    const std::uint64_t id = next_connection_id++;
    connections.emplace(id, c);
    return id;
  }

  void release(std::uint64_t id) {
    if (id == 0) return;
    std::lock_guard lock(connections_mutex);
    connections.erase(id);
    connections_cv.notify_all();
  }

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
  std::string lower(value);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" || lower == "application/json-rpc" ||
         lower == "application/jsonrequest";
}

// Beast 1.74 uses boost::string_view, which does not convert to std::string_view by itself.
std::string_view sv(beast::string_view v) { return {v.data(), v.size()}; }

bool is_http_parse_error(const error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

class WsSession final : public Connection,
                        public SubscriptionSink,
                        public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, std::shared_ptr<Dispatcher> dispatcher,
            std::shared_ptr<Shared> shared)
      : ws_(std::move(socket)), dispatcher_(std::move(dispatcher)), shared_(std::move(shared)) {}

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

 private:
  // Counts bytes waiting to be written; a peer that does not read is disconnected rather than
  // allowed to grow the queue without bound.
  bool reserve(std::size_t n) {
    if (backlog_.fetch_add(n) + n > shared_->config.max_ws_backlog_bytes) {
      backlog_.fetch_sub(n);
      closed_ = true;
      shutdown();
      return false;
    }
    return true;
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
    ReplyGate gate;
    std::optional<std::string> reply;
    {
      const ReplyGate::Scope scope(gate);
      reply = dispatcher_->handle(text, shared_from_this());
    }
    if (reply) {
      if (!reserve(reply->size())) return;
      if (gate.deferred()) {
        // Later messages are read and answered meanwhile (replies carry their request's id).
        release_when_open(ws_.get_executor(), gate,
                          [self = shared_from_this(), r = std::move(*reply)]() mutable {
                            self->enqueue(std::move(r));
                          });
      } else {
        enqueue(std::move(*reply));
      }
    }
    read();
  }

  void enqueue(std::string message) {
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
    backlog_.fetch_sub(queue_.front().size());
    queue_.pop_front();
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
  std::shared_ptr<Dispatcher> dispatcher_;
  std::shared_ptr<Shared> shared_;
  std::uint64_t id_ = 0;
  http::request<http::string_body> upgrade_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;  // strand only
  bool writing_ = false;           // strand only
  bool closing_ = false;           // strand only
  std::atomic<std::size_t> backlog_{0};
  std::atomic<bool> closed_{false};
};

class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}

  ~HttpSession() override { shared_->release(id_); }

  void set_id(std::uint64_t id) { id_ = id; }

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::read, shared_from_this()));
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      self->stream_.close();
    });
  }

 private:
  using Response = http::response<http::string_body>;

  void read() {
    parser_.emplace();
    parser_->body_limit(shared_->config.max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(shared_->config.idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close_send();
    if (ec == http::error::body_limit)
      return write(error_reply(http::status::payload_too_large, "request body too large"), true);
    if (ec && is_http_parse_error(ec))
      return write(error_reply(http::status::bad_request, "malformed HTTP request"), true);
    if (ec) return;  // reset, timeout or shutdown: nothing to answer
    handle(parser_->get());
  }

  void handle(http::request<http::string_body>& req) {
    std::shared_ptr<Dispatcher> dispatcher = shared_->find_endpoint(sv(req.target()));
    if (websocket::is_upgrade(req)) {
      if (!dispatcher) return write(error_reply(http::status::not_found, "no such endpoint"), true);
      return upgrade(std::move(dispatcher));
    }
    if (req.method() == http::verb::options) return write(preflight(req), false);
    if (!dispatcher) return write(error_reply(http::status::not_found, "no such endpoint"), false);
    if (req.method() != http::verb::post) {
      Response res = error_reply(http::status::method_not_allowed, "use POST (or a WebSocket)");
      res.set(http::field::allow, "POST, OPTIONS");
      return write(std::move(res), false);
    }
    if (!is_json_content_type(sv(req[http::field::content_type])))
      return write(error_reply(http::status::unsupported_media_type,
                               "content type must be application/json"),
                   false);
    ReplyGate gate;
    std::optional<std::string> reply;
    {
      const ReplyGate::Scope scope(gate);
      reply = dispatcher->handle(req.body(), nullptr);
    }
    Response res{reply ? http::status::ok : http::status::no_content, req.version()};
    if (reply) {
      res.set(http::field::content_type, "application/json");
      res.body() = std::move(*reply);
    }
    if (!gate.deferred()) return write(std::move(res), false);
    // The session reads nothing more until the reply is out (one request at a time).
    release_when_open(stream_.get_executor(), gate,
                      [self = shared_from_this(), res = std::move(res)]() mutable {
                        self->write(std::move(res), false);
                      });
  }

  void upgrade(std::shared_ptr<Dispatcher> dispatcher) {
    auto ws = std::make_shared<WsSession>(stream_.release_socket(), std::move(dispatcher), shared_);
    const std::uint64_t id = shared_->admit(ws, /*replacing=*/true);
    if (id == 0) return;  // stopping: the socket closes with `ws`
    ws->set_id(id);
    ws->run(parser_->release());
  }

  Response error_reply(http::status status, std::string_view text) const {
    Response res{status, 11};
    res.set(http::field::content_type, "text/plain");
    res.body() = std::string(text) + "\n";
    return res;
  }

  Response preflight(const http::request<http::string_body>& req) const {
    Response res{http::status::no_content, req.version()};
    res.set(http::field::access_control_allow_methods, "POST, GET, OPTIONS");
    const auto requested = req[http::field::access_control_request_headers];
    res.set(http::field::access_control_allow_headers,
            requested.empty() ? beast::string_view("content-type") : requested);
    res.set(http::field::access_control_max_age, "600");
    return res;
  }

  void write(Response res, bool close) {
    const bool keep_alive =
        !close && parser_ && parser_->is_header_done() && parser_->get().keep_alive();
    res_ = std::move(res);
    res_.set(http::field::server, "plexus");
    if (!shared_->config.cors_origin.empty())
      res_.set(http::field::access_control_allow_origin, shared_->config.cors_origin);
    res_.keep_alive(keep_alive);
    res_.prepare_payload();
    stream_.expires_after(shared_->config.idle_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
  }

  void on_write(error_code ec, std::size_t) {
    if (ec) return;
    if (!res_.keep_alive()) return close_send();
    read();
  }

  void close_send() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Shared> shared_;
  std::uint64_t id_ = 0;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response res_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<Shared> shared)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), shared_(std::move(shared)) {}

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
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
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

  void on_accept(error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;
    if (!ec) {
      auto session = std::make_shared<HttpSession>(std::move(socket), shared_);
      // Over the limit the session is dropped here, which closes the socket at once.
      if (const std::uint64_t id = shared_->admit(session, /*replacing=*/false)) {
        session->set_id(id);
        session->run();
      }
    }
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace

struct Server::Impl {
  explicit Impl(ServerConfig config)
      : shared(std::make_shared<Shared>(std::move(config))),
        ioc(static_cast<int>(std::max<std::size_t>(1, shared->config.threads))) {}

  std::shared_ptr<Shared> shared;
  net::io_context ioc;
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
  impl_->listener = std::make_shared<Listener>(impl_->ioc, impl_->shared);
  PLEXUS_TRY(std::uint16_t port,
             impl_->listener->open(tcp::endpoint(address, impl_->shared->config.port)));
  impl_->port = port;
  impl_->started = true;
  impl_->listener->accept();
  const std::size_t n = std::max<std::size_t>(1, impl_->shared->config.threads);
  for (std::size_t i = 0; i < n; ++i)
    impl_->threads.emplace_back([this] {
      // Handlers report errors through error codes; an exception escaping one (allocation
      // failure) must not end the thread, or the server would silently stop serving.
      for (;;) {
        try {
          impl_->ioc.run();
          return;
        } catch (const std::exception& e) {
          std::fprintf(stderr, "rpc server: handler failed: %s\n", e.what());
        }
      }
    });
  return {};
}

std::uint16_t Server::port() const noexcept { return impl_->port; }

std::size_t Server::connection_count() const noexcept {
  std::lock_guard lock(impl_->shared->connections_mutex);
  return impl_->shared->connections.size();
}

void Server::stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  Shared& shared = *impl_->shared;
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(shared.connections_mutex);
    shared.stopping = true;
    for (const auto& [id, weak] : shared.connections)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  impl_->listener->close();
  for (const auto& c : live) c->shutdown();
  live.clear();
  {
    // Give WebSocket peers a moment to complete the close handshake, then stop regardless.
    std::unique_lock lock(shared.connections_mutex);
    shared.connections_cv.wait_for(lock, kStopGrace, [&] { return shared.connections.empty(); });
  }
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace plexus::rpc
