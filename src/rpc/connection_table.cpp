#include "rpc/connection_table.hpp"

#include <algorithm>

namespace plexus::rpc::detail {

std::uint64_t ConnectionTable::admit(const std::shared_ptr<Connection>& connection,
                                     const std::string& address, bool replacing) {
  std::lock_guard lock(mutex_);
  if (stopping_) return 0;
  if (addresses_.size() > 4 * limits_.max_connections) prune_addresses();
  Address& from = addresses_[address];
  if (!replacing) {
    const bool refused = from.connections >= limits_.max_per_address ||
                         (connections_.size() >= limits_.max_connections && !evict_one_waiting());
    if (refused) {
      if (from.connections == 0) addresses_.erase(address);
      return 0;
    }
  }
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, Entry{connection, address});
  ++from.connections;
  return id;
}

bool ConnectionTable::evict_one_waiting() {
  const auto now = SteadyClock::now();
  auto oldest = connections_.end();
  SteadyClock::time_point oldest_since = now;
  for (auto it = connections_.begin(); it != connections_.end(); ++it) {
    const auto live = it->second.connection.lock();
    if (!live) continue;
    const auto since = live->waiting_since();
    if (since && now - *since >= limits_.slow_request_grace && *since < oldest_since) {
      oldest = it;
      oldest_since = *since;
    }
  }
  if (oldest == connections_.end()) return false;
  if (const auto victim = oldest->second.connection.lock()) victim->shutdown();
  forget(oldest);
  ++evicted_;
  return true;
}

void ConnectionTable::forget(std::map<std::uint64_t, Entry>::iterator it) {
  const auto address = addresses_.find(it->second.address);
  // With a rate limit the address's bucket outlives its connections, or a client opening a
  // connection per request would start each one with a full bucket (prune_addresses).
  if (address != addresses_.end() && --address->second.connections == 0 &&
      limits_.requests_per_second <= 0)
    addresses_.erase(address);
  connections_.erase(it);
  if (connections_.empty()) empty_.notify_all();
}

void ConnectionTable::prune_addresses() {
  // Buckets of addresses without connections: first those full again (nothing lost by
  // forgetting them), then, if that is not enough, the rest.
  const auto now = SteadyClock::now();
  for (const bool any : {false, true}) {
    std::erase_if(addresses_, [&](const auto& entry) {
      return entry.second.connections == 0 &&
             (any || now - entry.second.refilled >= std::chrono::seconds(1));
    });
    if (addresses_.size() <= 2 * limits_.max_connections) return;
  }
}

void ConnectionTable::release(std::uint64_t id) {
  if (id == 0) return;
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  if (it != connections_.end()) forget(it);
}

bool ConnectionTable::take_request(const std::string& address) {
  if (limits_.requests_per_second <= 0) return true;
  std::lock_guard lock(mutex_);
  const auto it = addresses_.find(address);
  if (it == addresses_.end()) return true;  // its connection is already gone
  Address& from = it->second;
  // A token bucket holding one second's worth: bursts up to the rate, then the rate.
  const auto now = SteadyClock::now();
  const double elapsed = std::chrono::duration<double>(now - from.refilled).count();
  from.tokens = from.refilled == SteadyClock::time_point{}
                    ? limits_.requests_per_second
                    : std::min(limits_.requests_per_second,
                               from.tokens + elapsed * limits_.requests_per_second);
  from.refilled = now;
  if (from.tokens < 1) return false;
  from.tokens -= 1;
  return true;
}

std::size_t ConnectionTable::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::size_t ConnectionTable::evicted() const {
  std::lock_guard lock(mutex_);
  return evicted_;
}

std::vector<std::shared_ptr<Connection>> ConnectionTable::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  std::vector<std::shared_ptr<Connection>> live;
  for (const auto& [id, entry] : connections_)
    if (auto c = entry.connection.lock()) live.push_back(std::move(c));
  return live;
}

void ConnectionTable::wait_empty(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  empty_.wait_for(lock, grace, [this] { return connections_.empty(); });
}

}  // namespace plexus::rpc::detail
