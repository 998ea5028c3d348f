#include "net/router.hpp"

namespace plexus::net {

void Router::add(Relay& relay) {
  bool started;
  {
    std::lock_guard lock(mutex_);
    relays_.insert_or_assign(relay.id(), &relay);
    started = started_;
  }
  if (started)
    for (const NodeId& peer : transport_.peers()) relay.on_connect(peer);
}

void Router::remove(const SubnetId& id) {
  std::lock_guard lock(mutex_);
  relays_.erase(id);
}

Relay* Router::find(const SubnetId& id) const {
  std::lock_guard lock(mutex_);
  const auto it = relays_.find(id);
  if (it == relays_.end()) {
    return nullptr;
  }
  return it->second;
}

void Router::set_kind_handler(
    MessageKind kind, std::function<void(const NodeId& peer, const Message& message)> handler) {
  std::lock_guard lock(mutex_);
  kind_handlers_.insert_or_assign(kind, std::move(handler));
}

void Router::start() {
  {
    std::lock_guard lock(mutex_);
    started_ = true;
  }
  transport_.set_handlers(TransportHandlers{
      .on_message =
          [this](const NodeId& peer, Message message) {
            if (const auto handler = kind_handlers_.find(message.kind);
                handler != kind_handlers_.end()) {
              handler->second(peer, message);
              return;
            }
            Relay* relay = find(message.subnet);
            if (relay == nullptr) {
              std::lock_guard lock(mutex_);
              ++untracked_;
              return;
            }
            relay->on_message(peer, message);
          },
      .on_connect =
          [this](const NodeId& peer) {
            std::vector<Relay*> relays;
            {
              std::lock_guard lock(mutex_);
              for (const auto& [id, relay] : relays_) relays.push_back(relay);
            }
            for (Relay* relay : relays) relay->on_connect(peer);
          },
      .on_disconnect = [](const NodeId&, const Error&) {},
  });
}

std::uint64_t Router::untracked_messages() const {
  std::lock_guard lock(mutex_);
  return untracked_;
}

}  // namespace plexus::net
