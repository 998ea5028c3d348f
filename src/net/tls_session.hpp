#pragma once
// One TLS connection of a TlsTransport, from dial or accept until close. Internal to the
// transport (tls_transport.cpp); every member function but enqueue() runs on the transport's
// io thread.
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/frame.hpp"
#include "net/send_queue.hpp"
#include "net/tls_transport.hpp"

namespace plexus::net::detail {

class TlsSession;

// What a session needs from its transport.
class SessionHost {
 public:
  virtual ~SessionHost() = default;
  [[nodiscard]] virtual const Identity& identity() const = 0;
  [[nodiscard]] virtual const TlsConfig& config() const = 0;
  [[nodiscard]] virtual const Clock& clock() const = 0;
  [[nodiscard]] virtual const SignedAddress& address() const = 0;
  [[nodiscard]] virtual boost::asio::ssl::context& ssl() = 0;
  // After TLS: a reason to refuse this node (ourselves, banned), or nullopt.
  [[nodiscard]] virtual std::optional<std::string> refuse(const NodeId& peer) = 0;
  // Both handshakes verified. False when this peer already has a connection.
  [[nodiscard]] virtual bool established(const std::shared_ptr<TlsSession>& session) = 0;
  virtual void deliver(const NodeId& peer, Message message) = 0;
  virtual void closed(TlsSession& session, const Error& reason, bool was_established) = 0;
  // Records an offense and logs it once; true when the peer is now banned.
  virtual bool penalize(const NodeId& peer, Offense offense, const std::string& reason) = 0;
  virtual void log(const std::string& line) = 0;
};

class TlsSession : public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(SessionHost& host, boost::asio::ip::tcp::socket socket, bool outbound);

  void dial(const boost::asio::ip::tcp::endpoint& to);  // an outbound session
  void start();                                          // an accepted session
  // Any thread. Queues a frame and makes sure a write is under way.
  [[nodiscard]] Result<void> enqueue(Priority priority, Bytes frame);
  void close(const Error& reason);

  [[nodiscard]] const NodeId& peer() const noexcept { return peer_.node_id; }
  [[nodiscard]] bool outbound() const noexcept { return outbound_; }
  // Closed for an offense (already logged by SessionHost::penalize).
  [[nodiscard]] bool offended() const noexcept { return offended_; }

 private:
  enum class State : std::uint8_t { kConnecting, kTls, kHandshake, kOpen, kClosed };

  void arm_deadline();
  void keepalive();
  void tls_handshake();
  void on_tls_done();
  void read();
  void on_read(std::size_t n);
  // False once the session has closed.
  bool on_frame(Bytes frame);
  bool on_handshake(const Message& message);
  bool within_rate(std::size_t frame_size);
  // A node-level message (handshake, ping, pong), in the consensus class.
  [[nodiscard]] Result<void> queue_control(MessageKind kind, Bytes payload, std::size_t cap);
  void flush();
  void misbehaved(Offense offense, std::string reason);

  SessionHost& host_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer keepalive_;
  std::chrono::nanoseconds last_received_{0};  // on host_.clock()'s monotonic time
  std::uint64_t pings_sent_ = 0;
  bool outbound_;
  State state_ = State::kConnecting;
  CertificateKey peer_{};
  FrameDecoder decoder_;
  std::array<Byte, 64 * 1024> read_buffer_{};
  TokenBucket messages_;
  TokenBucket bytes_;
  bool rate_logged_ = false;
  bool offended_ = false;

  std::mutex queue_mutex_;  // guards queue_ and flushing_, which enqueue() touches
  SendQueue queue_;
  bool flushing_ = false;   // a flush is posted or a write is in flight
  Bytes write_buffer_;      // the write in flight
};

}  // namespace plexus::net::detail
