#pragma once
// Support for the TLS transport tests: a transport with an inbox that records what its handlers
// saw, and a raw TLS peer that can send whatever bytes a test wants. Every wait is bounded.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "net/envelope.hpp"
#include "net/handshake.hpp"
#include "net/tls_context.hpp"
#include "net/tls_transport.hpp"

namespace plexus::net::testing {

using namespace std::chrono_literals;
inline constexpr auto kWait = 5s;  // the longest any test waits for a condition

struct Inbox {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<NodeId, Message>> messages;
  std::vector<NodeId> connected;
  std::vector<NodeId> disconnected;
  std::vector<std::string> log;

  // Waits until `pred` (called under the lock) holds; false after kWait. Re-checks every 10 ms
  // as well, for predicates on the transport's state (stats, scores), which do not notify.
  bool wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout = kWait) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex);
    while (!pred()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      changed.wait_for(lock, 10ms);
    }
    return true;
  }
  template <typename F>
  void update(F&& f) {
    {
      std::lock_guard lock(mutex);
      f();
    }
    changed.notify_all();
  }
  TransportHandlers handlers() {
    return TransportHandlers{
        .on_message = [this](const NodeId& p, Message m) {
          update([&] { messages.emplace_back(p, std::move(m)); });
        },
        .on_connect = [this](const NodeId& p) { update([&] { connected.push_back(p); }); },
        .on_disconnect = [this](const NodeId& p, const Error&) {
          update([&] { disconnected.push_back(p); });
        }};
  }
};

struct Node {
  std::unique_ptr<Inbox> inbox = std::make_unique<Inbox>();
  std::unique_ptr<TlsTransport> transport;

  TlsTransport* operator->() const { return transport.get(); }
  const NodeId& id() const { return transport->self(); }
};

inline Node start_node(std::uint32_t network_id = 1, TlsConfig config = {}) {
  Node node;
  config.network_id = network_id;
  Inbox* inbox = node.inbox.get();
  config.log = [inbox](std::string_view line) { inbox->update([&] { inbox->log.emplace_back(line); }); };
  auto identity = Identity::generate();
  EXPECT_TRUE(identity);
  auto transport = TlsTransport::start(std::move(*identity), std::move(config));
  EXPECT_TRUE(transport) << transport.error().message;
  node.transport = std::move(*transport);
  node.transport->set_handlers(node.inbox->handlers());
  return node;
}

inline Message text_message(MessageKind kind, const std::string& text) {
  return Message{.kind = kind, .subnet = {}, .payload = to_bytes(as_bytes(text))};
}

// A TLS client under the test's control, with the certificate of `identity`.
class RawPeer {
 public:
  explicit RawPeer(const Identity& identity) {
    // Before the stream exists: OpenSSL copies the certificate into each SSL object at creation.
    EXPECT_TRUE(configure_tls(context_.native_handle(), identity));
    stream_.emplace(io_, context_);
  }

  // TCP and TLS to `endpoint`; false on failure or after kWait.
  bool connect(const Endpoint& endpoint, bool tls = true) {
    namespace asio = boost::asio;
    const asio::ip::tcp::endpoint to(asio::ip::make_address(endpoint.host), endpoint.port);
    if (!run([&](auto done) { stream_->lowest_layer().async_connect(to, done); })) return false;
    if (!tls) return true;
    return run([&](auto done) { stream_->async_handshake(asio::ssl::stream_base::client, done); });
  }

  Bytes binding() { return *channel_binding(stream_->native_handle()); }

  // A valid handshake for this connection, or with the fields a test wants to spoil.
  Handshake handshake(std::uint32_t network_id, const Identity& signer) {
    const std::uint64_t now = SystemClock().unix_seconds();
    const auto address = sign_address(signer, network_id, Endpoint{.host = "127.0.0.1", .port = 1}, now);
    return make_handshake(signer, network_id, address, now, binding());
  }

  static Bytes framed(const Message& message) {
    Bytes out;
    EXPECT_TRUE(append_frame(out, encode_envelope(message)));
    return out;
  }
  static Bytes framed(const Handshake& handshake) {
    return framed(Message{.kind = MessageKind::kHandshake, .subnet = {},
                          .payload = encode_handshake(handshake)});
  }

  bool send_raw(BytesView bytes, bool tls = true) {
    namespace asio = boost::asio;
    if (tls) return run([&](auto done) { asio::async_write(*stream_, asio::buffer(bytes.data(), bytes.size()), done); });
    return run([&](auto done) {
      asio::async_write(stream_->next_layer(), asio::buffer(bytes.data(), bytes.size()), done);
    });
  }

  // Reads (and discards) until the other side closes; false if it is still open after kWait.
  bool closed_by_peer(bool tls = true) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (std::chrono::steady_clock::now() < deadline) {
      auto state = std::make_shared<std::optional<boost::system::error_code>>();
      auto done = [state](const boost::system::error_code& ec, std::size_t) { *state = ec; };
      if (tls) {
        stream_->async_read_some(boost::asio::buffer(buffer_), done);
      } else {
        stream_->next_layer().async_read_some(boost::asio::buffer(buffer_), done);
      }
      io_.restart();
      io_.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()));
      if (!state->has_value()) return false;
      if (**state) return true;
    }
    return false;
  }

 private:
  // Runs one asynchronous operation to completion within kWait.
  template <typename Start>
  bool run(Start&& start) {
    auto state = std::make_shared<std::optional<boost::system::error_code>>();
    start([state](const boost::system::error_code& ec, auto&&...) { *state = ec; });
    io_.restart();
    io_.run_for(kWait);
    return state->has_value() && !**state;
  }

  boost::asio::io_context io_;
  boost::asio::ssl::context context_{boost::asio::ssl::context::tls};
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> stream_;
  std::array<Byte, 4096> buffer_{};
};

}  // namespace plexus::net::testing
