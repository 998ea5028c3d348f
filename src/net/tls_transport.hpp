#pragma once
// The Transport between processes: TCP with TLS 1.3 both ways, mutually authenticated with the
// nodes' self-signed staking certificates (net/tls_context.hpp), one connection per peer.
//
// A connection becomes a peer only after both sides have sent and verified a handshake
// (net/handshake.hpp): network id, protocol version, node id against the certificate, clock
// skew, signed address, and a signature bound to this TLS session. Until then frames are capped
// at `max_handshake_frame`, and everything must be done within `handshake_timeout`.
//
// Threads: the transport runs one io_context on its own thread, like each RPC server worker.
// Handlers are called on that thread. send(), connect() and disconnect() may be called from any
// thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "net/frame.hpp"
#include "net/handshake.hpp"
#include "net/identity.hpp"
#include "net/peer_score.hpp"
#include "net/transport.hpp"

namespace plexus::net {

struct TlsLimits {
  std::size_t max_frame = kDefaultMaxFrame;
  std::size_t max_handshake_frame = 4096;          // a handshake is about 250 bytes
  std::size_t max_queue_bytes = 32 * 1024 * 1024;  // per peer, all classes together
  double messages_per_second = 5000;               // per peer, received
  double message_burst = 10000;
  double bytes_per_second = 16.0 * 1024 * 1024;    // per peer, received
  double byte_burst = 32.0 * 1024 * 1024;
  // Dial, TLS and both handshake messages must complete within this.
  std::chrono::milliseconds handshake_timeout{10'000};
  // An open connection is pinged this often and closed when nothing at all has arrived for
  // idle_timeout, so a peer that vanished without a FIN (power loss, a cut cable) is noticed.
  // Avalanche's figures.
  std::chrono::milliseconds ping_interval{22'500};
  std::chrono::milliseconds idle_timeout{30'000};
  std::size_t max_peers = 128;
};

struct TlsConfig {
  std::uint32_t network_id = 0;
  Endpoint listen{.host = "127.0.0.1", .port = 0};  // port 0: any free port
  // The address signed into handshakes; the bound listen address when empty.
  std::optional<Endpoint> advertise{};
  TlsLimits limits{};
  ScoreConfig scoring{};
  std::uint64_t max_clock_skew_seconds = kDefaultMaxClockSkewSeconds;
  const Clock* clock = nullptr;                   // a SystemClock when null; must outlive us
  std::function<void(std::string_view)> log{};   // one line per event; stderr when empty
};

struct TlsStats {
  std::uint64_t established = 0;  // connections that became peers
  std::uint64_t refused = 0;      // connections closed before becoming peers
  std::uint64_t offenses = 0;     // penalties given
  std::uint64_t rate_limited = 0; // messages dropped over the rate limits
};

class TlsTransport final : public Transport {
 public:
  // Binds the listening socket and starts the network thread.
  [[nodiscard]] static Result<std::unique_ptr<TlsTransport>> start(Identity identity,
                                                                   TlsConfig config);
  ~TlsTransport() override;  // stops: closes every connection and joins the thread
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  [[nodiscard]] const NodeId& self() const noexcept override;
  void set_handlers(TransportHandlers handlers) override;
  void connect(const Endpoint& endpoint) override;
  [[nodiscard]] Result<void> send(const NodeId& peer, Message message, Priority priority) override;
  using Transport::send;
  void disconnect(const NodeId& peer) override;
  [[nodiscard]] std::vector<NodeId> peers() const override;

  [[nodiscard]] Endpoint local_endpoint() const;
  [[nodiscard]] std::int32_t score(const NodeId& peer) const;
  [[nodiscard]] bool is_banned(const NodeId& peer) const;
  [[nodiscard]] TlsStats stats() const;

  class Impl;

 private:
  explicit TlsTransport(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plexus::net
