#include "net/sim_network.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace plexus::net {

namespace {

// Probabilities are drawn as integers so the outcome cannot depend on floating-point rounding
// differences between builds.
constexpr std::uint64_t kProbabilityScale = 1'000'000'000;

bool chance(Random& random, double p) {
  const auto threshold = static_cast<std::uint64_t>(p * static_cast<double>(kProbabilityScale));
  return random.below(kProbabilityScale) < threshold;
}

}  // namespace

struct SimNetwork::Node {
  NodeId id{};
  bool up = true;
  std::uint64_t epoch = 0;  // bumped by a crash: events from before it are void
  std::uint32_t group = 0;  // partition group; all 0 when healed
  std::set<std::size_t> peers;
  TransportHandlers handlers;
  std::unique_ptr<Port> port;
};

struct SimNetwork::Event {
  enum class Kind : std::uint8_t { kDeliver, kConnect, kDisconnect, kTimer } kind = Kind::kTimer;
  std::size_t from = 0;
  std::size_t to = 0;
  std::uint64_t from_epoch = 0;
  std::uint64_t to_epoch = 0;
  Message message{};
  Error reason{};
  std::function<void()> fn;
};

// The Transport a node's code sees: forwards everything to the network with its index.
class SimNetwork::Port final : public Transport {
 public:
  Port(SimNetwork& network, std::size_t index) noexcept : network_(network), index_(index) {}
  const NodeId& self() const noexcept override { return network_.nodes_[index_]->id; }
  void set_handlers(TransportHandlers handlers) override {
    network_.nodes_[index_]->handlers = std::move(handlers);
  }
  void connect(const net::Endpoint& endpoint) override { network_.dial(index_, endpoint); }
  Result<void> send(const NodeId& peer, Message message, Priority) override {
    return network_.send(index_, peer, std::move(message));
  }
  using Transport::send;
  void disconnect(const NodeId& peer) override {
    network_.close(index_, peer, Error{Errc::kIo, "sim: disconnected by the peer"});
  }
  std::vector<NodeId> peers() const override {
    std::vector<NodeId> out;
    for (std::size_t p : network_.nodes_[index_]->peers) out.push_back(network_.nodes_[p]->id);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  SimNetwork& network_;
  std::size_t index_;
};

SimNetwork::SimNetwork(std::uint64_t seed, LinkFaults faults, std::uint64_t start_unix_seconds)
    : clock_(start_unix_seconds), random_(seed), faults_(faults) {}
SimNetwork::~SimNetwork() = default;

Transport& SimNetwork::add_node(const NodeId& id) {
  if (by_id_.contains(id)) throw std::invalid_argument("sim: node added twice");
  const std::size_t index = nodes_.size();
  auto node = std::make_unique<Node>();
  node->id = id;
  node->port = std::make_unique<Port>(*this, index);
  nodes_.push_back(std::move(node));
  by_id_.emplace(id, index);
  return *nodes_.back()->port;
}

std::size_t SimNetwork::index_of(const NodeId& id) const {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) throw std::invalid_argument("sim: unknown node");
  return it->second;
}

Transport& SimNetwork::node(const NodeId& id) { return *nodes_[index_of(id)]->port; }

net::Endpoint SimNetwork::endpoint_of(const NodeId& id) const {
  return net::Endpoint{.host = "sim", .port = static_cast<std::uint16_t>(index_of(id) + 1)};
}

void SimNetwork::partition(const std::vector<std::vector<NodeId>>& groups) {
  heal();
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const NodeId& id : groups[g]) nodes_[index_of(id)]->group = static_cast<std::uint32_t>(g + 1);
}

void SimNetwork::heal() {
  for (auto& node : nodes_) node->group = 0;
}

bool SimNetwork::is_up(const NodeId& id) const { return nodes_[index_of(id)]->up; }

void SimNetwork::crash(const NodeId& id) {
  const std::size_t index = index_of(id);
  Node& node = *nodes_[index];
  if (!node.up) return;
  node.up = false;
  ++node.epoch;
  for (std::size_t peer : node.peers) {
    nodes_[peer]->peers.erase(index);
    notify_disconnect(peer, index, Error{Errc::kIo, "sim: connection reset (peer crashed)"},
                      draw_delay());
  }
  node.peers.clear();
}

void SimNetwork::restart(const NodeId& id) {
  Node& node = *nodes_[index_of(id)];
  if (node.up) return;
  node.up = true;
  ++node.epoch;
}

void SimNetwork::schedule(const NodeId& owner, std::chrono::nanoseconds delay,
                          std::function<void()> fn) {
  const std::size_t index = index_of(owner);
  Event event;
  event.kind = Event::Kind::kTimer;
  event.to = index;
  event.to_epoch = nodes_[index]->epoch;
  event.fn = std::move(fn);
  push(now() + delay, std::move(event));
}

std::chrono::nanoseconds SimNetwork::draw_delay() {
  const auto lo = faults_.min_delay.count();
  const auto hi = std::max(faults_.max_delay.count(), lo);
  return std::chrono::nanoseconds(
      lo + static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(hi - lo) + 1)));
}

void SimNetwork::push(std::chrono::nanoseconds at, Event event) {
  events_.emplace(std::pair{at, next_seq_++}, std::move(event));
}

void SimNetwork::dial(std::size_t from, const net::Endpoint& to) {
  if (to.host != "sim" || to.port == 0 || to.port > nodes_.size() || !nodes_[from]->up) return;
  Event event;
  event.kind = Event::Kind::kConnect;
  event.from = from;
  event.to = std::size_t{to.port} - 1;
  event.from_epoch = nodes_[from]->epoch;
  event.to_epoch = nodes_[event.to]->epoch;
  push(now() + draw_delay(), std::move(event));
}

Result<void> SimNetwork::send(std::size_t from, const NodeId& to, Message message) {
  const auto it = by_id_.find(to);
  if (it == by_id_.end() || !nodes_[from]->peers.contains(it->second))
    return fail(Errc::kNotFound, "sim: not connected to the peer");
  ++stats_.sent;
  // Always the same draws in the same order, whatever the outcome, so one message's fate does
  // not shift the random stream of the next.
  const bool drop = chance(random_, faults_.drop);
  const bool duplicate = chance(random_, faults_.duplicate);
  const auto first_delay = draw_delay();
  const auto second_delay = draw_delay();
  if (drop) {
    ++stats_.dropped;
    return {};
  }
  Event event;
  event.kind = Event::Kind::kDeliver;
  event.from = from;
  event.to = it->second;
  event.from_epoch = nodes_[from]->epoch;
  event.to_epoch = nodes_[it->second]->epoch;
  if (duplicate) {
    ++stats_.duplicated;
    Event copy = event;
    copy.message = message;
    push(now() + second_delay, std::move(copy));
  }
  event.message = std::move(message);
  push(now() + first_delay, std::move(event));
  return {};
}

void SimNetwork::close(std::size_t from, const NodeId& to, const Error& reason) {
  const auto it = by_id_.find(to);
  if (it == by_id_.end() || !nodes_[from]->peers.contains(it->second)) return;
  nodes_[from]->peers.erase(it->second);
  nodes_[it->second]->peers.erase(from);
  notify_disconnect(from, it->second, Error{Errc::kIo, "sim: disconnected locally"},
                    std::chrono::nanoseconds{0});
  notify_disconnect(it->second, from, reason, draw_delay());
}

void SimNetwork::notify_disconnect(std::size_t node, std::size_t peer, Error reason,
                                   std::chrono::nanoseconds delay) {
  Event event;
  event.kind = Event::Kind::kDisconnect;
  event.from = peer;
  event.to = node;
  event.to_epoch = nodes_[node]->epoch;
  event.reason = std::move(reason);
  push(now() + delay, std::move(event));
}

bool SimNetwork::step() {
  if (events_.empty()) return false;
  auto handle = events_.extract(events_.begin());
  if (handle.key().first > now()) clock_.advance(handle.key().first - now());
  run(handle.mapped());
  return true;
}

std::size_t SimNetwork::run_until(std::chrono::nanoseconds time) {
  std::size_t count = 0;
  while (!events_.empty() && events_.begin()->first.first <= time) {
    step();
    ++count;
  }
  if (time > now()) clock_.advance(time - now());
  return count;
}

void SimNetwork::run(Event& event) {
  Node& to = *nodes_[event.to];
  const bool to_alive = to.up && to.epoch == event.to_epoch;
  switch (event.kind) {
    case Event::Kind::kTimer:
      if (!to_alive) {
        ++stats_.crashed;
        return;
      }
      event.fn();
      return;
    case Event::Kind::kDisconnect: {
      if (!to_alive) return;
      // Copied: the handler may replace the handlers it is running from.
      const auto handler = to.handlers.on_disconnect;
      if (handler) handler(nodes_[event.from]->id, event.reason);
      return;
    }
    case Event::Kind::kConnect: {
      Node& from = *nodes_[event.from];
      const bool from_alive = from.up && from.epoch == event.from_epoch;
      // A refused or unreachable dial is silent, as a TCP dial that times out: retrying is the
      // caller's business.
      if (!from_alive || !to.up || from.group != to.group || event.from == event.to ||
          from.peers.contains(event.to))
        return;
      from.peers.insert(event.to);
      to.peers.insert(event.from);
      const auto on_from = from.handlers.on_connect;
      const auto on_to = to.handlers.on_connect;
      if (on_from) on_from(to.id);
      if (on_to) on_to(from.id);
      return;
    }
    case Event::Kind::kDeliver: {
      const Node& from = *nodes_[event.from];
      if (!to_alive || from.epoch != event.from_epoch) {
        ++stats_.crashed;
        return;
      }
      if (from.group != to.group) {
        ++stats_.partitioned;
        return;
      }
      if (!to.peers.contains(event.from)) return;  // closed while in flight
      ++stats_.delivered;
      const auto handler = to.handlers.on_message;
      if (handler) handler(from.id, std::move(event.message));
      return;
    }
  }
}

}  // namespace plexus::net
