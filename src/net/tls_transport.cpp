#include "net/tls_transport.hpp"

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "core/hex.hpp"
#include "net/envelope.hpp"
#include "net/tls_context.hpp"
#include "net/tls_session.hpp"

namespace plexus::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::TlsSession;

class TlsTransport::Impl final : public detail::SessionHost {
 public:
  Impl(Identity identity, TlsConfig config)
      : identity_(std::move(identity)),
        config_(std::move(config)),
        clock_(config_.clock != nullptr ? config_.clock : &system_clock_),
        ssl_(asio::ssl::context::tls),
        acceptor_(io_),
        work_(asio::make_work_guard(io_)),
        scores_(config_.scoring) {}

  Result<void> open() {
    PLEXUS_CHECK(configure_tls(ssl_.native_handle(), identity_));
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(config_.listen.host, ec);
    if (ec) return fail(Errc::kInvalidArgument, "net: bad listen address " + config_.listen.host);
    const tcp::endpoint endpoint(address, config_.listen.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(Errc::kIo, "net: cannot listen on " + to_string(config_.listen) + ": " + ec.message());
    const auto bound = acceptor_.local_endpoint();
    local_ = Endpoint{.host = bound.address().to_string(), .port = bound.port()};
    // Signed once: the address and its timestamp are what peers may relay to others.
    const Endpoint advertised = config_.advertise.value_or(local_);
    if (advertised.host.empty() || advertised.host.size() > kMaxHostLength)
      return fail(Errc::kInvalidArgument, "net: the advertised host must be 1 to " +
                                              std::to_string(kMaxHostLength) + " bytes");
    address_ = sign_address(identity_, config_.network_id, advertised, clock_->unix_seconds());
    accept();
    thread_ = std::thread([this] { io_.run(); });
    return {};
  }

  void stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
      stopping_ = true;
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      auto sessions = pending_;
      for (auto& [id, session] : snapshot()) sessions.insert(session);
      for (auto& session : sessions) session->close(Error{Errc::kIo, "net: transport stopped"});
      // Stops at once; the completions the closes queued are run after the join, below.
      io_.stop();
    });
    thread_.join();
    // Runs what the closes left queued (each sees its session closed and returns), so sessions
    // are released here while everything they refer to still exists.
    work_.reset();
    io_.restart();
    io_.poll();
    pending_.clear();
    std::lock_guard lock(mutex_);
    peers_.clear();
  }

  // ---- SessionHost (io thread) ----
  const Identity& identity() const override { return identity_; }
  const TlsConfig& config() const override { return config_; }
  const Clock& clock() const override { return *clock_; }
  const SignedAddress& address() const override { return address_; }
  asio::ssl::context& ssl() override { return ssl_; }

  std::optional<std::string> refuse(const NodeId& peer) override {
    if (peer == identity_.node_id()) return "net: connected to ourselves";
    std::lock_guard lock(mutex_);
    if (scores_.is_banned(peer, clock_->monotonic())) return "net: peer " + short_id(peer) + " is banned";
    return std::nullopt;
  }

  bool established(const std::shared_ptr<TlsSession>& session) override {
    TransportHandlers handlers;
    std::shared_ptr<TlsSession> replaced;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
      auto [it, inserted] = peers_.try_emplace(session->peer(), session);
      if (!inserted) {
        // Two connections to one peer, usually because both dialed at once. Both ends keep the
        // one dialed by the smaller node id, so they settle on the same connection whatever
        // order their handshakes completed in. The peer stays connected throughout: no
        // callbacks, and frames still queued on the dropped connection are lost.
        if (!preferred(*session) || preferred(*it->second)) return false;
        replaced = std::exchange(it->second, session);
      }
      ++stats_.established;
      handlers = handlers_;
    }
    pending_.erase(session);
    if (replaced) {
      replaced->close(Error{Errc::kIo, "net: replaced by the peer's other connection"});
      return true;
    }
    if (handlers.on_connect) handlers.on_connect(session->peer());
    return true;
  }

  void deliver(const NodeId& peer, Message message) override {
    std::function<void(const NodeId&, Message)> handler;
    {
      std::lock_guard lock(mutex_);
      handler = handlers_.on_message;
    }
    if (handler) handler(peer, std::move(message));
  }

  void closed(TlsSession& session, const Error& reason, bool was_established) override {
    std::function<void(const NodeId&, const Error&)> handler;
    std::erase_if(pending_, [&](const auto& s) { return s.get() == &session; });
    {
      std::lock_guard lock(mutex_);
      if (!was_established) {
        ++stats_.refused;
      } else if (auto it = peers_.find(session.peer()); it != peers_.end() && it->second.get() == &session) {
        peers_.erase(it);
        if (!stopping_) handler = handlers_.on_disconnect;
      }
    }
    if (!was_established && !stopping_ && !session.offended())
      log(std::string(session.outbound() ? "dial" : "inbound connection") + " closed before the handshake: " +
          reason.message);
    if (handler) handler(session.peer(), reason);
  }

  bool penalize(const NodeId& peer, Offense offense, const std::string& reason) override {
    bool banned = false;
    {
      std::lock_guard lock(mutex_);
      ++stats_.offenses;
      if (offense == Offense::kRateLimited) ++stats_.rate_limited;
      banned = scores_.penalize(peer, offense, clock_->monotonic());
    }
    // An empty reason marks a repeat the session already reported; a ban is always logged.
    if (!reason.empty() || banned)
      log("peer " + short_id(peer) + ": " + offense_name(offense) +
          (reason.empty() ? std::string() : " (" + reason + ")") + (banned ? "; banned" : ""));
    return banned;
  }

  void log(const std::string& line) override {
    const std::string full = "net " + short_id(identity_.node_id()) + ": " + line;
    if (config_.log) {
      config_.log(full);
    } else {
      std::fprintf(stderr, "%s\n", full.c_str());
    }
  }

  // ---- the public API (any thread) ----
  void set_handlers(TransportHandlers handlers) {
    std::lock_guard lock(mutex_);
    handlers_ = std::move(handlers);
  }

  void connect(const Endpoint& endpoint) {
    asio::post(io_, [this, endpoint] {
      boost::system::error_code ec;
      const auto address = asio::ip::make_address(endpoint.host, ec);
      if (ec || stopping_) {
        if (ec) log("cannot dial " + to_string(endpoint) + ": not an IP address");
        return;
      }
      if (peer_count() + pending_.size() >= config_.limits.max_peers) {
        log("not dialing " + to_string(endpoint) + ": at the peer limit");
        return;
      }
      auto session = std::make_shared<TlsSession>(*this, tcp::socket(io_), /*outbound=*/true);
      pending_.insert(session);
      session->dial(tcp::endpoint(address, endpoint.port));
    });
  }

  Result<void> send(const NodeId& peer, const Message& message, Priority priority) {
    Bytes frame;
    PLEXUS_CHECK(append_frame(frame, encode_envelope(message), config_.limits.max_frame));
    std::shared_ptr<TlsSession> session;
    {
      std::lock_guard lock(mutex_);
      const auto it = peers_.find(peer);
      if (it == peers_.end()) return fail(Errc::kNotFound, "net: not connected to " + short_id(peer));
      session = it->second;
    }
    return session->enqueue(priority, std::move(frame));
  }

  void disconnect(const NodeId& peer) {
    asio::post(io_, [this, peer] {
      std::shared_ptr<TlsSession> session;
      {
        std::lock_guard lock(mutex_);
        const auto it = peers_.find(peer);
        if (it == peers_.end()) return;
        session = it->second;
      }
      session->close(Error{Errc::kIo, "net: disconnected locally"});
    });
  }

  std::vector<NodeId> peers() const {
    std::lock_guard lock(mutex_);
    std::vector<NodeId> out;
    for (const auto& [id, session] : peers_) out.push_back(id);
    return out;
  }

  Endpoint local_endpoint() const { return local_; }
  std::int32_t score(const NodeId& peer) const {
    std::lock_guard lock(mutex_);
    return scores_.score(peer, clock_->monotonic());
  }
  bool is_banned(const NodeId& peer) const {
    std::lock_guard lock(mutex_);
    return scores_.is_banned(peer, clock_->monotonic());
  }
  TlsStats stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  static std::string short_id(const NodeId& id) { return to_hex(id, false).substr(0, 12); }

  // Whether `session` is the connection both ends keep: the one the smaller node id dialed.
  bool preferred(const TlsSession& session) const {
    const NodeId& dialer = session.outbound() ? identity_.node_id() : session.peer();
    return dialer == std::min(identity_.node_id(), session.peer());
  }

  std::size_t peer_count() const {
    std::lock_guard lock(mutex_);
    return peers_.size();
  }

  std::map<NodeId, std::shared_ptr<TlsSession>> snapshot() const {
    std::lock_guard lock(mutex_);
    return peers_;
  }

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (stopping_ || !acceptor_.is_open()) return;
      if (!ec) {
        if (peer_count() + pending_.size() >= config_.limits.max_peers) {
          boost::system::error_code ignored;
          socket.close(ignored);  // full: refused before spending a TLS handshake on it
        } else {
          auto session = std::make_shared<TlsSession>(*this, std::move(socket), /*outbound=*/false);
          pending_.insert(session);
          session->start();
        }
      }
      accept();
    });
  }

  Identity identity_;
  TlsConfig config_;
  SystemClock system_clock_;
  const Clock* clock_;
  asio::io_context io_;
  asio::ssl::context ssl_;
  tcp::acceptor acceptor_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  Endpoint local_;
  SignedAddress address_;
  // io thread only: sessions not yet established, kept alive and reachable for stop().
  std::set<std::shared_ptr<TlsSession>> pending_;
  std::atomic<bool> stopping_ = false;  // set on the io thread once stop() begins

  mutable std::mutex mutex_;  // everything below
  std::map<NodeId, std::shared_ptr<TlsSession>> peers_;
  PeerScores scores_;
  TlsStats stats_;
  TransportHandlers handlers_;
};

Result<std::unique_ptr<TlsTransport>> TlsTransport::start(Identity identity, TlsConfig config) {
  auto impl = std::make_unique<Impl>(std::move(identity), std::move(config));
  PLEXUS_CHECK(impl->open());
  return std::unique_ptr<TlsTransport>(new TlsTransport(std::move(impl)));
}

TlsTransport::TlsTransport(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
TlsTransport::~TlsTransport() { impl_->stop(); }

const NodeId& TlsTransport::self() const noexcept { return impl_->identity().node_id(); }
void TlsTransport::set_handlers(TransportHandlers handlers) { impl_->set_handlers(std::move(handlers)); }
void TlsTransport::connect(const Endpoint& endpoint) { impl_->connect(endpoint); }
Result<void> TlsTransport::send(const NodeId& peer, Message message, Priority priority) {
  return impl_->send(peer, message, priority);
}
void TlsTransport::disconnect(const NodeId& peer) { impl_->disconnect(peer); }
std::vector<NodeId> TlsTransport::peers() const { return impl_->peers(); }
Endpoint TlsTransport::local_endpoint() const { return impl_->local_endpoint(); }
std::int32_t TlsTransport::score(const NodeId& peer) const { return impl_->score(peer); }
bool TlsTransport::is_banned(const NodeId& peer) const { return impl_->is_banned(peer); }
TlsStats TlsTransport::stats() const { return impl_->stats(); }

}  // namespace plexus::net
