// The snowman Simulation's nodes on net::SimNetwork, the byzantine behaviour, and the random run.
#include "snowman_sim.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::snowman::sim {
namespace {

using namespace std::chrono_literals;

}  // namespace

Bytes toy_proposal_signature(std::size_t proposer, const Hash256& block) {
  Bytes input{'t', 'o', 'y', static_cast<Byte>(proposer), static_cast<Byte>(proposer >> 8)};
  input.insert(input.end(), block.bytes.begin(), block.bytes.end());
  return to_bytes(keccak256(input).view());
}

struct Simulation::Node final : ReplicaIo {
  Simulation& sim;
  std::size_t index;
  net::NodeId id;
  Disk& disk;
  std::unique_ptr<ToyChain> chain;
  std::unique_ptr<Replica> replica;
  std::uint64_t boots = 0;
  std::map<std::uint64_t, std::array<Bytes, 2>> variants;  // a byzantine node's, by height

  Node(Simulation& s, std::size_t i) : sim(s), index(i), id(s.id(i)), disk(s.disk(i)) {}

  void send(std::size_t validator, const Message& message) override {
    // A byzantine node's own proposals and answers are replaced by split() and lie().
    if (sim.byzantine(index) && !std::holds_alternative<Poll>(message)) return;
    sim.send(index, validator, message);
  }
  Bytes sign_proposal(const BlockInfo& block) override {
    return toy_proposal_signature(index, block.digest);
  }
  bool proposer_signed(std::size_t proposer, const BlockInfo& block, BytesView signature) override {
    return to_bytes(signature) == toy_proposal_signature(proposer, block.digest);
  }
  void report(std::size_t, const Error&) override {}
  void on_final(const BlockInfo& block) override {
    if (sim.byzantine(index)) return sim.split(index);  // what it finalizes binds nobody
    sim.finalized(index, block);
  }
  void on_fatal(const Error& why) override {
    sim.checker_.fatal.push_back("node " + std::to_string(index) + ": " + why.message);
  }
};

Simulation::Simulation(SimConfig config)
    : SimHarness(config.seed, config.faults, config.validators), config_(std::move(config)) {
  if (config_.weights.empty()) config_.weights.assign(config_.validators, 1);
  for (std::size_t i = 0; i < config_.validators; ++i)
    nodes_.push_back(std::make_unique<Node>(*this, i));
  for (std::size_t i = 0; i < nodes_.size(); ++i) boot(i);
}

Simulation::~Simulation() = default;

std::string Simulation::status(std::size_t index) const {
  const Node& node = *nodes_[index];
  std::string out =
      "node " + std::to_string(index) + (byzantine(index) ? " (byzantine)" : "") + ": ";
  if (!up(index) || !node.replica) return out + "down, head " + std::to_string(height(index));
  const ReplicaStatus s = node.replica->status();
  return out + "head " + std::to_string(s.head.height) + " candidates " +
         std::to_string(s.candidates) + " confidence " + std::to_string(s.confidence) + " polls " +
         std::to_string(s.polls) + " failed " + std::to_string(s.failed_polls);
}

void Simulation::boot(std::size_t index) {
  Node& node = *nodes_[index];
  node.variants.clear();
  node.chain = std::make_unique<ToyChain>(node.disk, index);
  node.chain->build_invalid = config_.invalid_proposers.contains(index);
  // A restarted node draws other samples than before it crashed.
  const std::uint64_t seed = config_.seed * 1'000'003 + index * 1'009 + node.boots++;
  node.replica =
      std::make_unique<Replica>(config_.weights, index, config_.params, seed, *node.chain, node);
  attach(index);
  network_.schedule(node.id, 5ms, [this, index] {
    nodes_[index]->replica->start(network_.now());
    if (byzantine(index)) split(index);
    wake(index);
  });
}

void Simulation::lose(std::size_t index) {
  nodes_[index]->replica.reset();
  nodes_[index]->chain.reset();
}

void Simulation::send(std::size_t node, std::size_t to, const Message& message) {
  send_to(node, to, encode_message(message));
}

void Simulation::deliver(std::size_t index, std::size_t sender, const net::Message& message) {
  Node& node = *nodes_[index];
  if (!node.replica) return;
  auto decoded = decode_message(message.payload);
  if (!decoded) return;
  if (const auto* poll = std::get_if<Poll>(&*decoded); poll && byzantine(index))
    return lie(index, sender, *poll);
  node.replica->on_message(sender, *decoded, network_.now());
  wake(index);
}

void Simulation::wake(std::size_t index) {
  Node& node = *nodes_[index];
  if (!up(index) || !node.replica) return;
  const Nanos due = node.replica->deadline();
  if (due == Nanos::max()) return;
  wake_at(index, due, [this, index] {
    nodes_[index]->replica->on_time(network_.now());
    wake(index);
  });
}

// Two valid blocks on the byzantine node's head, one for the even validators, one for the odd.
void Simulation::split(std::size_t index) {
  Node& node = *nodes_[index];
  const BlockInfo head = node.replica->head();
  auto& pair = node.variants[head.height + 1];
  for (Byte variant = 0; variant < 2; ++variant) {
    pair[variant] = bft::sim::make_block(head.digest, head.height + 1,
                                         Bytes{0xee, variant, static_cast<Byte>(index)});
    for (std::size_t v = variant; v < nodes_.size(); v += 2)
      if (v != index)
        send(index, v,
             Proposal{head.height + 1, pair[variant], index,
                      toy_proposal_signature(index, keccak256(pair[variant]))});
  }
}

// The block of the poller's parity, said to be final; nothing for other heights.
void Simulation::lie(std::size_t index, std::size_t from, const Poll& poll) {
  Node& node = *nodes_[index];
  Chits chits;
  chits.request_id = poll.request_id;
  chits.height = poll.height;
  if (const auto it = node.variants.find(poll.height); it != node.variants.end()) {
    chits.block = it->second[from % 2];
    chits.preference = keccak256(chits.block);
    chits.final = true;
  }
  send(index, from, chits);
}

// ---- the random run ----

RandomRunResult random_run(std::uint64_t seed, const RunOptions& options) {
  SeededRandom rng(seed * 0x9e3779b97f4a7c15ull + 7);
  SimConfig config;
  config.seed = seed;
  // Mostly small networks, some large: the cost of a run grows with the set.
  config.validators = options.validators != 0 ? options.validators
                      : rng.below(4) == 0     ? 21 + rng.below(30)
                                              : 5 + rng.below(16);
  const std::size_t n = config.validators;
  const auto most = [&](double fraction) {
    return static_cast<std::size_t>(fraction * static_cast<double>(n) + 1e-9);
  };
  const std::size_t byzantine = rng.below(most(options.max_byzantine) + 1);
  while (config.byzantine.size() < byzantine) config.byzantine.insert(rng.below(n));
  const std::size_t max_down = rng.below(most(options.max_crashed) + 1);
  config.faults.drop = static_cast<double>(rng.below(4)) / 100.0;  // 0-3% lost
  config.faults.duplicate = 0.02;
  config.faults.min_delay = 1ms;
  config.faults.max_delay = std::chrono::milliseconds(5 + rng.below(46));
  config.params = options.params.value_or(Params{});
  config.params.proposer_window = 200ms;
  config.params.poll_timeout = 2 * config.faults.max_delay + 20ms;
  Simulation sim(config);

  RandomRunResult result;
  result.validators = n;
  result.byzantine = byzantine;
  const auto describe = [&](const std::string& what) {
    return "seed " + std::to_string(seed) + " (" + std::to_string(n) + " validators, " +
           std::to_string(byzantine) + " byzantine, up to " + std::to_string(max_down) +
           " crashed): " + what;
  };
  const bool trace = std::getenv("PLEXUS_SNOWMAN_TRACE") != nullptr;
  const auto finish = [&](std::string failure) {
    result.failure = failure.empty() ? failure : describe(failure);
    result.forks = sim.checker().forks.size();
    result.height = sim.max_height();
    result.simulated_seconds = std::chrono::duration<double>(sim.now()).count();
    result.messages = sim.network().stats().sent;
    Nanos previous{-1};
    for (const auto& [height, at] : sim.first_final()) {
      if (previous >= Nanos{0})
        result.block_seconds.push_back(std::chrono::duration<double>(at - previous).count());
      previous = at;
    }
    return result;
  };

  Nanos last_progress{0};
  std::uint64_t best = 0;
  while (sim.max_height() < options.blocks) {
    sim.run_for(100ms);
    const Nanos now = sim.now();
    if (!sim.checker().forks.empty()) return finish(sim.checker().forks[0]);
    if (!sim.checker().fatal.empty()) return finish(sim.checker().fatal[0]);
    if (sim.max_height() > best) {
      best = sim.max_height();
      last_progress = now;
    }
    if ((now / 100ms) % 10 == 0) {  // once a simulated second: the nemesis moves
      sim.redial();
      std::vector<std::size_t> up, down;
      for (std::size_t i = 0; i < n; ++i)
        if (!sim.byzantine(i)) (sim.up(i) ? up : down).push_back(i);
      if (!up.empty() && down.size() < max_down && rng.below(4) == 0) {
        sim.crash(up[rng.below(up.size())]);
        ++result.crashes;
      }
      if (!down.empty() && rng.below(3) == 0) sim.restart(down[rng.below(down.size())]);
      if (trace) {
        std::printf("t=%.1f\n", std::chrono::duration<double>(now).count());
        for (std::size_t i = 0; i < n; ++i) std::printf("  %s\n", sim.status(i).c_str());
      }
    }
    if (now - last_progress > 30s) return finish("no block final for 30 s");
  }
  // Everyone back: every honest node reaches the tip.
  for (std::size_t i = 0; i < n; ++i) sim.restart(i);
  const std::uint64_t target = sim.max_height();
  const Nanos deadline = sim.now() + 30s;
  while (sim.min_height_up() < target && sim.now() < deadline) {
    sim.run_for(100ms);
    if ((sim.now() / 100ms) % 10 == 0) sim.redial();
  }
  if (!sim.checker().forks.empty()) return finish(sim.checker().forks[0]);
  if (!sim.checker().fatal.empty()) return finish(sim.checker().fatal[0]);
  if (sim.invalid_final_blocks() > 0) return finish("a block that does not verify is final");
  if (sim.min_height_up() < target)
    return finish("a node stayed at " + std::to_string(sim.min_height_up()) + " of " +
                  std::to_string(target) + " for 30 s after everyone was back");
  return finish("");
}

}  // namespace plexus::consensus::snowman::sim
