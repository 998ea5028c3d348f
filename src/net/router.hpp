#pragma once
// Hands each message a Transport delivers to the relay of the subnet it is tagged with. A node
// tracks the primary network and the subnets its configuration names, and only those: messages
// for any other subnet are counted and dropped, never answered.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "net/relay.hpp"
#include "net/transport.hpp"

namespace plexus::net {

class Router {
 public:
  explicit Router(Transport& transport) : transport_(transport) {}
  // Relays must outlive the router's use of the transport. One added after start() (a subnet
  // that starts on a running node) is told of the peers already connected.
  void add(Relay& relay);
  // Stops handing messages to the relay of `id` (a subnet this node stopped running).
  void remove(const SubnetId& id);
  // Messages of `kind` go to `handler` whatever subnet they are tagged with: node-level traffic
  // such as cross-subnet message shares (kMessageShares). Set before start().
  void set_kind_handler(MessageKind kind,
                        std::function<void(const NodeId& peer, const Message& message)> handler);
  // Installs the transport's handlers.
  void start();
  [[nodiscard]] std::uint64_t untracked_messages() const;

 private:
  Transport& transport_;
  [[nodiscard]] Relay* find(const SubnetId& id) const;

  mutable std::mutex mutex_;  // guards what follows
  std::map<SubnetId, Relay*> relays_;
  std::map<MessageKind, std::function<void(const NodeId&, const Message&)>> kind_handlers_;
  std::uint64_t untracked_ = 0;
  bool started_ = false;
};

}  // namespace plexus::net
