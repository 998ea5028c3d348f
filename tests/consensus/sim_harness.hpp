#pragma once
// What the bft and snowman simulations share: their nodes on one net::SimNetwork (node ids,
// connections, redialing, crashes and restarts, timers), each node's disk (genesis first) and
// the checker of final blocks. An
// engine's simulation derives from it and says how a node boots, what a crash loses and what a
// node does with a message.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "net/sim_network.hpp"
#include "sim_chain.hpp"

namespace plexus::consensus::sim {

using Nanos = std::chrono::nanoseconds;

class SimHarness {
 public:
  SimHarness(std::uint64_t seed, const net::LinkFaults& faults, std::size_t nodes);
  virtual ~SimHarness() = default;
  SimHarness(const SimHarness&) = delete;
  SimHarness& operator=(const SimHarness&) = delete;

  [[nodiscard]] net::SimNetwork& network() { return network_; }
  [[nodiscard]] bft::sim::Checker& checker() { return checker_; }
  [[nodiscard]] std::size_t nodes() const { return up_.size(); }
  [[nodiscard]] static net::NodeId id(std::size_t node);
  [[nodiscard]] static std::size_t index_of(const net::NodeId& id);
  [[nodiscard]] bool up(std::size_t node) const { return up_[node]; }
  // Nodes that do not follow the protocol (their heads and blocks prove nothing).
  [[nodiscard]] virtual bool faulty(std::size_t node) const = 0;
  [[nodiscard]] std::uint64_t height(std::size_t node) const;
  [[nodiscard]] std::uint64_t max_height() const;
  // The lowest head of the nodes that are up and not faulty.
  [[nodiscard]] std::uint64_t min_height_up() const;
  // Final blocks, on any node, whose payload breaks the toy chain's rule.
  [[nodiscard]] std::size_t invalid_final_blocks() const;
  // When each height became final first, on any node (simulated time).
  [[nodiscard]] const std::map<std::uint64_t, Nanos>& first_final() const { return first_final_; }
  // For each block final on a node: how long after the block before it was first final
  // anywhere (when the next block could be built) it became final there, in seconds.
  [[nodiscard]] std::vector<double> finality_seconds() const;
  // Every block built (by its digest: the node that built it and when) and, per node, when each
  // digest became final there: what a transaction's latency is computed from.
  struct Built {
    std::size_t node;
    Nanos at;
  };
  [[nodiscard]] const std::map<Hash256, Built>& built() const { return built_; }
  [[nodiscard]] const std::map<std::pair<Hash256, std::size_t>, Nanos>& final_on() const {
    return final_on_;
  }

  // Dials the peers a node lost (a dial into a partition fails), as a node's peer list does.
  void redial();
  void crash(std::size_t node);
  void restart(std::size_t node);
  void run_for(Nanos duration) { network_.run_for(duration); }
  [[nodiscard]] Nanos now() const { return network_.now(); }

 protected:
  // Brings a node up: its consensus messages go to deliver(), and it dials every other node.
  void attach(std::size_t node);
  virtual void boot(std::size_t node) = 0;
  // What a crash loses besides the network's state (the node's memory).
  virtual void lose(std::size_t node) = 0;
  virtual void deliver(std::size_t node, std::size_t from, const net::Message& message) = 0;
  void send_to(std::size_t from, std::size_t to, Bytes payload);
  // Runs `fire` at simulated time `due`, unless the node crashes or is given another time first.
  void wake_at(std::size_t node, Nanos due, std::function<void()> fire);

  [[nodiscard]] bft::sim::Disk& disk(std::size_t node) { return *disks_[node]; }
  // A node finalized `block`: the checker and the clocks above are told.
  void finalized(std::size_t node, const bft::BlockInfo& block);
  // A node built `block` (the first build of a digest counts).
  void built(std::size_t node, const bft::BlockInfo& block) {
    built_.emplace(block.digest, Built{node, now()});
  }

  net::SimNetwork network_;
  bft::sim::Checker checker_;

 private:
  std::vector<std::unique_ptr<bft::sim::Disk>> disks_;
  std::map<std::uint64_t, Nanos> first_final_;
  std::vector<std::pair<std::uint64_t, Nanos>> final_at_;  // (height, when) of every finalization
  std::map<Hash256, Built> built_;
  std::map<std::pair<Hash256, std::size_t>, Nanos> final_on_;
  std::vector<bool> up_;
  std::vector<Nanos> wake_;
};

// A number from the environment (seed counts of the long runs), else `fallback`.
[[nodiscard]] std::uint64_t env_or(const char* name, std::uint64_t fallback);

}  // namespace plexus::consensus::sim
