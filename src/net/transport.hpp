#pragma once
// The seam between the node (engines, gossip, sync) and the wire. Two implementations:
//   SimNetwork's transports (net/sim_network.hpp): in memory, deterministic, fault-injecting;
//   TlsTransport (net/tls_transport.hpp): TLS 1.3 over TCP between processes.
// Code above this interface cannot tell them apart, which is what lets every consensus and
// sync test run on the simulated network first.
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "net/types.hpp"

namespace plexus::net {

// Called on the transport's own thread (TlsTransport) or inside SimNetwork::step(). A handler
// must not block; it may call back into the transport.
struct TransportHandlers {
  std::function<void(const NodeId& peer, Message message)> on_message;
  std::function<void(const NodeId& peer)> on_connect;
  // The peer is gone: it closed, crashed, misbehaved or was disconnected by us.
  std::function<void(const NodeId& peer, const Error& reason)> on_disconnect;
};

class Transport {
 public:
  virtual ~Transport() = default;

  [[nodiscard]] virtual const NodeId& self() const noexcept = 0;
  // Set before connecting; replaces the previous handlers.
  virtual void set_handlers(TransportHandlers handlers) = 0;
  // Starts connecting; success is reported through on_connect, with the peer's id.
  virtual void connect(const Endpoint& endpoint) = 0;
  // Queues `message` for `peer` in its priority class. Fails when the peer is not connected or
  // its queue is full (kLimitExceeded); delivery itself is not confirmed.
  [[nodiscard]] virtual Result<void> send(const NodeId& peer, Message message,
                                          Priority priority) = 0;
  [[nodiscard]] Result<void> send(const NodeId& peer, Message message) {
    const Priority priority = default_priority(message.kind);
    return send(peer, std::move(message), priority);
  }
  virtual void disconnect(const NodeId& peer) = 0;
  // Connected peers, sorted.
  [[nodiscard]] virtual std::vector<NodeId> peers() const = 0;
};

}  // namespace plexus::net
