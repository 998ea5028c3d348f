#include "net/router.hpp"

namespace plexus::net {

void Router::start() {
  transport_.set_handlers(TransportHandlers{
      .on_message =
          [this](const NodeId& peer, Message message) {
            const auto relay = relays_.find(message.subnet);
            if (relay == relays_.end()) {
              std::lock_guard lock(mutex_);
              ++untracked_;
              return;
            }
            relay->second->on_message(peer, message);
          },
      .on_connect =
          [this](const NodeId& peer) {
            for (const auto& [id, relay] : relays_) relay->on_connect(peer);
          },
      .on_disconnect = [](const NodeId&, const Error&) {},
  });
}

std::uint64_t Router::untracked_messages() const {
  std::lock_guard lock(mutex_);
  return untracked_;
}

}  // namespace plexus::net
