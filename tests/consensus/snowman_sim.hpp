#pragma once
// A deterministic test bed for the snowman engine, on the bft simulation's harness
// (sim_harness.hpp, sim_chain.hpp): the same net::SimNetwork (drops, duplicates, delays,
// crashes and restarts on a simulated clock, all from one seed), the same toy chain (a payload
// starting with 0xff never verifies), disk (final blocks survive crashes) and checker (two
// different blocks final at one height on any two honest nodes, ever, is a fork).
//
// Each node runs the production snowman::Replica. A byzantine node follows the chain with one
// too, but never proposes or answers honestly: at every height it builds two conflicting valid
// blocks, sends one to the even validators and the other to the odd ones, and answers each
// poll with the block of the poller's parity, claiming it final.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "consensus/snowman/replica.hpp"
#include "sim_chain.hpp"
#include "sim_harness.hpp"

namespace plexus::consensus::snowman::sim {

using bft::sim::Checker;
using bft::sim::Disk;
using bft::sim::ToyChain;

// The simulation's stand-in for a proposer's signature: a hash of the proposer and the block.
// Nodes here are only as byzantine as this file makes them, and none forges another's.
[[nodiscard]] Bytes toy_proposal_signature(std::size_t proposer, const Hash256& block);

struct SimConfig {
  std::uint64_t seed = 1;
  std::size_t validators = 4;
  std::vector<std::uint64_t> weights{};       // by validator; empty: 1 each
  std::set<std::size_t> byzantine{};          // vote adversarially (above)
  std::set<std::size_t> invalid_proposers{};  // build blocks that never verify
  net::LinkFaults faults{};
  Params params{};
};

class Simulation final : public consensus::sim::SimHarness {
 public:
  explicit Simulation(SimConfig config);
  ~Simulation() override;

  [[nodiscard]] bool faulty(std::size_t node) const override { return byzantine(node); }
  [[nodiscard]] bool byzantine(std::size_t node) const { return config_.byzantine.contains(node); }
  // "node 2: head 12 candidates 1 confidence 3 polls 40 failed 2" (PLEXUS_SNOWMAN_TRACE=1).
  [[nodiscard]] std::string status(std::size_t node) const;

 private:
  struct Node;
  void boot(std::size_t node) override;
  void lose(std::size_t node) override;
  void deliver(std::size_t node, std::size_t from, const net::Message& message) override;
  void wake(std::size_t node);
  void send(std::size_t node, std::size_t to, const Message& message);
  void lie(std::size_t node, std::size_t from, const Poll& poll);
  void split(std::size_t node);

  SimConfig config_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

// The random network: `validators` validators (0: 5-50 from the seed), up to 20% of them
// crashed at a time and restarted, up to 15% byzantine (both drawn from the seed), message loss,
// duplication and delay, until `blocks` heights are final and every honest node has caught up.
// Returns an empty failure, or what went wrong (a fork, a stall, a fatal error) with the seed.
struct RunOptions {
  std::uint64_t blocks = 8;
  std::size_t validators = 0;
  std::optional<Params> params{};  // else the defaults
  double max_byzantine = 0.15;
  double max_crashed = 0.20;
};
struct RandomRunResult {
  std::string failure;
  std::size_t validators = 0;
  std::size_t byzantine = 0;
  std::uint64_t height = 0;
  std::uint64_t crashes = 0;
  std::size_t forks = 0;
  double simulated_seconds = 0;
  std::uint64_t messages = 0;         // sent, over the whole run
  std::vector<double> block_seconds;  // between consecutive heights' first finalization
};
[[nodiscard]] RandomRunResult random_run(std::uint64_t seed, const RunOptions& options);

}  // namespace plexus::consensus::snowman::sim
