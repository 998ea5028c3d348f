#pragma once
// A Transport decorator that shapes the network for tests and benchmarks on one machine, where
// the kernel offers no netem: every message is held for a fixed one-way delay before it leaves,
// and peers can be cut off (both directions dropped, as a partition drops them; the connection
// itself stays up, as TCP stays up through a short outage). Order is kept per peer: messages
// leave in the order they were sent, each `delay` after its send.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "net/transport.hpp"

namespace plexus::net {

class ShapedTransport final : public Transport {
 public:
  explicit ShapedTransport(Transport& inner, std::chrono::nanoseconds delay = {});
  ~ShapedTransport() override;
  // Drops what is held and stops passing messages on; call it before the inner transport goes.
  // Idempotent.
  void close();

  void set_delay(std::chrono::nanoseconds delay);
  void cut(const NodeId& peer);
  void restore(const NodeId& peer);
  void restore_all();

  [[nodiscard]] const NodeId& self() const noexcept override { return inner_.self(); }
  void set_handlers(TransportHandlers handlers) override;
  void connect(const Endpoint& endpoint) override { inner_.connect(endpoint); }
  using Transport::send;
  [[nodiscard]] Result<void> send(const NodeId& peer, Message message,
                                  Priority priority) override;
  void disconnect(const NodeId& peer) override { inner_.disconnect(peer); }
  [[nodiscard]] std::vector<NodeId> peers() const override { return inner_.peers(); }

 private:
  struct Held {
    std::chrono::steady_clock::time_point due;
    NodeId peer;
    Message message;
    Priority priority;
  };
  [[nodiscard]] bool is_cut(const NodeId& peer) const;
  void run();

  Transport& inner_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::chrono::nanoseconds delay_;
  std::set<NodeId> cut_;
  std::deque<Held> held_;  // in send order; equal delays keep it sorted by due time
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace plexus::net
