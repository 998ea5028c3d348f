#include "net/tls_session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "net/envelope.hpp"
#include "net/tls_context.hpp"

namespace plexus::net::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Frames gathered into one TLS write: large enough to amortise the record overhead, small enough
// that a consensus message queued meanwhile waits for at most this much.
constexpr std::size_t kWriteBatch = 64 * 1024;

}  // namespace

TlsSession::TlsSession(SessionHost& host, tcp::socket socket, bool outbound)
    : host_(host),
      stream_(std::move(socket), host.ssl()),
      deadline_(stream_.get_executor()),
      keepalive_(stream_.get_executor()),
      outbound_(outbound),
      decoder_(host.config().limits.max_handshake_frame),
      messages_(host.config().limits.messages_per_second, host.config().limits.message_burst),
      bytes_(host.config().limits.bytes_per_second, host.config().limits.byte_burst),
      queue_(host.config().limits.max_queue_bytes) {
  // Everything before the peer is established shares one deadline, so a peer that stalls at
  // any step (TCP, TLS, handshake) holds a slot for at most handshake_timeout.
  deadline_.expires_after(host.config().limits.handshake_timeout);
}

void TlsSession::arm_deadline() {
  deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && self->state_ != State::kOpen)
      self->close(Error{Errc::kIo, "net: handshake timed out"});
  });
}

void TlsSession::dial(const tcp::endpoint& to) {
  arm_deadline();
  auto self = shared_from_this();
  stream_.lowest_layer().async_connect(to, [self](const boost::system::error_code& ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) return self->close(Error{Errc::kIo, "net: cannot connect: " + ec.message()});
    self->tls_handshake();
  });
}

void TlsSession::start() {
  arm_deadline();
  tls_handshake();
}

void TlsSession::tls_handshake() {
  state_ = State::kTls;
  boost::system::error_code ignored;
  stream_.lowest_layer().set_option(tcp::no_delay(true), ignored);  // votes are small and urgent
  const auto role = outbound_ ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
  stream_.async_handshake(role, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) return self->close(Error{Errc::kValidation, "net: TLS handshake failed: " + ec.message()});
    self->on_tls_done();
  });
}

void TlsSession::on_tls_done() {
  SSL* ssl = stream_.native_handle();
  auto key = peer_certificate_key(ssl);
  if (!key) return close(key.error());
  peer_ = *key;
  if (auto why = host_.refuse(peer_.node_id)) return close(Error{Errc::kValidation, *why});
  auto binding = channel_binding(ssl);
  if (!binding) return close(binding.error());

  const auto& config = host_.config();
  const Handshake ours = make_handshake(host_.identity(), config.network_id, host_.address(),
                                        host_.clock().unix_seconds(), *binding);
  state_ = State::kHandshake;
  if (auto ok = queue_control(MessageKind::kHandshake, encode_handshake(ours),
                              config.limits.max_handshake_frame);
      !ok)
    return close(ok.error());
  read();
}

void TlsSession::read() {
  stream_.async_read_some(asio::buffer(read_buffer_), [self = shared_from_this()](
                                                          const boost::system::error_code& ec,
                                                          std::size_t n) {
    if (self->state_ == State::kClosed) return;
    if (ec) return self->close(Error{Errc::kIo, "net: connection closed: " + ec.message()});
    self->on_read(n);
  });
}

void TlsSession::on_read(std::size_t n) {
  last_received_ = host_.clock().monotonic();
  decoder_.feed(BytesView{read_buffer_.data(), n});
  while (true) {
    auto frame = decoder_.next();
    if (!frame) {
      const Offense offense = frame.error().code == Errc::kLimitExceeded ? Offense::kOversizedFrame
                                                                         : Offense::kGarbageFrame;
      return misbehaved(offense, frame.error().message);
    }
    if (!*frame) break;
    if (!on_frame(std::move(**frame))) return;
  }
  read();
}

bool TlsSession::on_frame(Bytes frame) {
  const std::size_t size = frame.size() + kFrameHeaderSize;
  auto message = decode_envelope(frame);
  if (!message) {
    misbehaved(Offense::kGarbageFrame, message.error().message);
    return false;
  }
  if (state_ == State::kHandshake) return on_handshake(*message);
  if (message->kind == MessageKind::kHandshake) {
    misbehaved(Offense::kUnexpectedHandshake, "net: a second handshake on an open connection");
    return false;
  }
  if (!within_rate(size)) return state_ != State::kClosed;
  switch (message->kind) {
    case MessageKind::kPing: {
      // Answered here: liveness is the transport's business, not the node's.
      (void)queue_control(MessageKind::kPong, std::move(message->payload),
                          host_.config().limits.max_frame);
      return true;
    }
    case MessageKind::kPong: return true;
    default: host_.deliver(peer_.node_id, std::move(*message)); return state_ != State::kClosed;
  }
}

bool TlsSession::on_handshake(const Message& message) {
  if (message.kind != MessageKind::kHandshake) {
    misbehaved(Offense::kMalformedHandshake,
               std::string("net: the first message is ") + kind_name(message.kind) +
                   ", not a handshake");
    return false;
  }
  auto theirs = decode_handshake(message.payload);
  if (!theirs) {
    misbehaved(Offense::kMalformedHandshake, theirs.error().message);
    return false;
  }
  auto binding = channel_binding(stream_.native_handle());
  if (!binding) {
    close(binding.error());
    return false;
  }
  const auto& config = host_.config();
  const HandshakeRules rules{.network_id = config.network_id,
                             .protocol_version = kProtocolVersion,
                             .max_clock_skew_seconds = config.max_clock_skew_seconds};
  if (auto ok = verify_handshake(*theirs, peer_, rules, host_.clock().unix_seconds(), *binding); !ok) {
    misbehaved(ok.error().offense, ok.error().reason);
    return false;
  }
  deadline_.cancel();
  decoder_.set_max_frame(config.limits.max_frame);
  if (!host_.established(shared_from_this())) {
    close(Error{Errc::kValidation, "net: already connected to this peer"});
    return false;
  }
  // After established(): a refused duplicate closes as never opened. The on_connect handler has
  // run by now and may have queued frames; they wait for the write that state does not gate.
  if (state_ == State::kClosed) return false;
  state_ = State::kOpen;
  keepalive();
  return true;
}

bool TlsSession::within_rate(std::size_t frame_size) {
  const auto now = host_.clock().monotonic();
  // Both buckets are always charged, so a peer cannot dodge one limit by saturating the other.
  const bool message_ok = messages_.take(1, now);
  const bool bytes_ok = bytes_.take(static_cast<double>(frame_size), now);
  if (message_ok && bytes_ok) return true;
  std::string reason = "net: over the per-peer message or byte rate; message dropped";
  if (rate_logged_) reason.clear();  // the first one is logged, the rest only counted
  rate_logged_ = true;
  if (host_.penalize(peer_.node_id, Offense::kRateLimited, reason))
    close(Error{Errc::kLimitExceeded, "net: banned for exceeding the rate limits"});
  return false;
}

void TlsSession::keepalive() {
  keepalive_.expires_after(host_.config().limits.ping_interval);
  keepalive_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->state_ != State::kOpen) return;
    const auto& limits = self->host_.config().limits;
    const auto silent = self->host_.clock().monotonic() - self->last_received_;
    if (silent > limits.idle_timeout) {
      // Not an offense: the peer may simply be gone.
      return self->close(Error{Errc::kIo, "net: nothing received for " +
                                              std::to_string(silent.count() / 1'000'000) + " ms"});
    }
    Bytes nonce(8);
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<Byte>(self->pings_sent_ >> (56 - 8 * i));
    ++self->pings_sent_;
    (void)self->queue_control(MessageKind::kPing, std::move(nonce), limits.max_frame);
    self->keepalive();
  });
}

Result<void> TlsSession::queue_control(MessageKind kind, Bytes payload, std::size_t cap) {
  Bytes frame;
  const Message message{.kind = kind, .subnet = kPrimaryNetwork, .payload = std::move(payload)};
  PLEXUS_CHECK(append_frame(frame, encode_envelope(message), cap));
  return enqueue(Priority::kConsensus, std::move(frame));
}

Result<void> TlsSession::enqueue(Priority priority, Bytes frame) {
  std::lock_guard lock(queue_mutex_);
  PLEXUS_CHECK(queue_.push(priority, std::move(frame)));
  if (!flushing_) {
    flushing_ = true;
    // Posted rather than started here: every frame queued by the current handler joins the
    // first write, in priority order.
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->flush(); });
  }
  return {};
}

void TlsSession::flush() {
  {
    std::lock_guard lock(queue_mutex_);
    write_buffer_.clear();
    if (state_ == State::kClosed || queue_.pop_into(write_buffer_, kWriteBatch) == 0) {
      flushing_ = false;
      return;
    }
  }
  asio::async_write(stream_, asio::buffer(write_buffer_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      if (self->state_ == State::kClosed) return;
                      if (ec) return self->close(Error{Errc::kIo, "net: write failed: " + ec.message()});
                      self->flush();
                    });
}

void TlsSession::misbehaved(Offense offense, std::string reason) {
  offended_ = true;
  host_.penalize(peer_.node_id, offense, reason);
  close(Error{Errc::kValidation, std::move(reason)});
}

void TlsSession::close(const Error& reason) {
  if (state_ == State::kClosed) return;
  const bool was_open = state_ == State::kOpen;
  state_ = State::kClosed;
  deadline_.cancel();
  keepalive_.cancel();
  boost::system::error_code ignored;
  // No TLS close_notify: a peer being dropped for misbehaving gets no more of our time, and an
  // orderly peer learns of the close from the TCP FIN all the same.
  stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
  host_.closed(*this, reason, was_open);
}

}  // namespace plexus::net::detail
