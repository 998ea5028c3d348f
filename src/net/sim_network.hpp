#pragma once
// An in-memory network for tests: every node's Transport is an endpoint of one SimNetwork, which
// moves messages through a discrete-event queue on a simulated clock that only it advances.
//
// Determinism: one seeded generator decides every drop, duplicate and delay, in the order the
// sends happen, and events that fall on the same instant run in the order they were scheduled.
// With the same seed and the same code under test, delivery order is identical bit for bit; no
// wall clock, thread or unordered container is involved.
//
// Faults:
//   - each message is dropped with probability `drop`, else delivered once more with probability
//     `duplicate`; each copy gets its own delay, uniform in [min_delay, max_delay], so messages
//     overtake each other whenever the bounds differ (reordering);
//   - partition(groups) cuts the network into groups: messages between groups are lost, including
//     those already in flight. Connections stay open, as TCP stays open through a short outage;
//   - crash(node) loses everything the node had queued, in flight or scheduled with
//     schedule(node, ...), and its peers see it disconnect; restart(node) brings it back with no
//     connections. Priorities play no part: the simulation has no bandwidth to queue behind.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/clock.hpp"
#include "net/transport.hpp"

namespace plexus::net {

struct LinkFaults {
  double drop = 0.0;
  double duplicate = 0.0;
  std::chrono::nanoseconds min_delay = std::chrono::milliseconds(1);
  std::chrono::nanoseconds max_delay = std::chrono::milliseconds(1);
};

struct SimStats {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;      // by the drop probability
  std::uint64_t duplicated = 0;
  std::uint64_t partitioned = 0;  // lost between groups
  std::uint64_t crashed = 0;      // lost with a crashed node (in flight or timers)
};

class SimNetwork {
 public:
  // Simulated wall time starts at `start_unix_seconds` (a fixed date, so handshake-like checks
  // see a plausible clock).
  explicit SimNetwork(std::uint64_t seed, LinkFaults faults = {},
                      std::uint64_t start_unix_seconds = 1'700'000'000);
  ~SimNetwork();
  SimNetwork(const SimNetwork&) = delete;
  SimNetwork& operator=(const SimNetwork&) = delete;

  // Adds a node, up, with no connections. Its endpoint is {"sim", index + 1}.
  Transport& add_node(const NodeId& id);
  [[nodiscard]] Transport& node(const NodeId& id);
  [[nodiscard]] Endpoint endpoint_of(const NodeId& id) const;

  void set_faults(const LinkFaults& faults) noexcept { faults_ = faults; }
  // Nodes in groups[i] can reach only each other; nodes not listed form one more group.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void heal();
  void crash(const NodeId& id);
  void restart(const NodeId& id);
  [[nodiscard]] bool is_up(const NodeId& id) const;

  // Runs `fn` at now + delay, unless `owner` crashes first: timers of the code under test.
  void schedule(const NodeId& owner, std::chrono::nanoseconds delay, std::function<void()> fn);

  // Runs the earliest event, moving the clock to its time; false when there is none.
  bool step();
  // Runs every event due at or before `time`, then sets the clock to `time`. Returns the count.
  std::size_t run_until(std::chrono::nanoseconds time);
  std::size_t run_for(std::chrono::nanoseconds duration) { return run_until(now() + duration); }

  [[nodiscard]] std::chrono::nanoseconds now() const noexcept { return clock_.monotonic(); }
  [[nodiscard]] const Clock& clock() const noexcept { return clock_; }
  [[nodiscard]] Random& random() noexcept { return random_; }
  [[nodiscard]] const SimStats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::size_t pending_events() const noexcept { return events_.size(); }

 private:
  class Port;
  struct Node;
  struct Event;
  friend class Port;

  [[nodiscard]] std::size_t index_of(const NodeId& id) const;
  [[nodiscard]] std::chrono::nanoseconds draw_delay();
  void push(std::chrono::nanoseconds at, Event event);
  void run(Event& event);
  void dial(std::size_t from, const Endpoint& to);
  Result<void> send(std::size_t from, const NodeId& to, Message message);
  void close(std::size_t from, const NodeId& to, const Error& reason);
  void notify_disconnect(std::size_t node, std::size_t peer, Error reason,
                         std::chrono::nanoseconds delay);

  ManualClock clock_;
  SeededRandom random_;
  LinkFaults faults_;
  SimStats stats_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<NodeId, std::size_t> by_id_;
  // Keyed by (time, sequence number): equal times run in scheduling order.
  std::map<std::pair<std::chrono::nanoseconds, std::uint64_t>, Event> events_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace plexus::net
