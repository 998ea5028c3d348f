#pragma once
// Hands each message a Transport delivers to the relay of the subnet it is tagged with. A node
// tracks the primary network and the subnets its configuration names, and only those: messages
// for any other subnet are counted and dropped, never answered.
#include <cstdint>
#include <map>
#include <mutex>

#include "net/subnet_relay.hpp"
#include "net/transport.hpp"

namespace plexus::net {

class Router {
 public:
  explicit Router(Transport& transport) : transport_(transport) {}
  // Relays must outlive the router's use of the transport; add them all before start().
  void add(SubnetRelay& relay, const SubnetId& id) { relays_.emplace(id, &relay); }
  // Installs the transport's handlers.
  void start();
  [[nodiscard]] std::uint64_t untracked_messages() const;

 private:
  Transport& transport_;
  std::map<SubnetId, SubnetRelay*> relays_;
  mutable std::mutex mutex_;
  std::uint64_t untracked_ = 0;
};

}  // namespace plexus::net
