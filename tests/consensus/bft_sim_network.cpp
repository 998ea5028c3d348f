// The Simulation's nodes on net::SimNetwork, the byzantine behaviours, and the random run.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "bft_sim.hpp"
#include "core/clock.hpp"
#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::bft::sim {
namespace {

using namespace std::chrono_literals;

const Hash256 kChain = keccak256(Bytes{'s', 'i', 'm'});

}  // namespace

struct Simulation::Node final : ReplicaIo {
  Simulation& sim;
  std::size_t index;
  net::NodeId id;
  Disk& disk;
  std::unique_ptr<Committee> committee;
  std::unique_ptr<ToyChain> chain;
  std::optional<SignGuard> guard;
  std::unique_ptr<Replica> replica;
  // The equivocator's view: the last notarized block it saw, and what it already signed.
  std::optional<QuorumCert> tip;
  std::set<std::pair<std::uint64_t, Hash256>> equivocated;
  std::uint64_t max_round = 0;

  Node(Simulation& s, std::size_t i) : sim(s), index(i), id(s.id(i)), disk(s.disk(i)) {
    std::vector<std::uint64_t> weights(s.config_.validators, 1);
    committee = std::make_unique<Committee>(std::move(weights),
                                            std::make_shared<HashCrypto>(s.key(i)), kChain);
  }

  void broadcast(const Message& message) override {
    for (std::size_t v = 0; v < sim.config_.validators; ++v) sim.send(index, v, message);
  }
  void send(std::size_t validator, const Message& message) override {
    sim.send(index, validator, message);
  }
  void report(std::size_t, const Error&) override {}
  void on_final(const BlockInfo& block, std::uint64_t) override { sim.finalized(index, block); }
  void on_evidence(const Evidence& evidence) override {
    ++sim.checker_.evidence;
    sim.checker_.evidence_signers.insert(evidence.first.signer);
  }
  void on_fatal(const Error& why) override {
    sim.checker_.fatal.push_back("node " + std::to_string(index) + ": " + why.message);
  }
};

Simulation::Simulation(SimConfig config)
    : SimHarness(config.seed, config.faults,
                 config.key_of.empty() ? config.validators : config.key_of.size()),
      config_(std::move(config)) {
  if (config_.key_of.empty())
    for (std::size_t i = 0; i < config_.validators; ++i) config_.key_of.push_back(i);
  for (std::size_t i = 0; i < config_.key_of.size(); ++i)
    nodes_.push_back(std::make_unique<Node>(*this, i));
  for (std::size_t i = 0; i < nodes_.size(); ++i) boot(i);
}

Simulation::~Simulation() = default;

std::size_t Simulation::keys_up() const {
  std::set<std::size_t> keys;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (up(i) && !config_.equivocators.contains(i)) keys.insert(key(i));
  return keys.size();
}

std::string Simulation::status(std::size_t index) const {
  const Node& node = *nodes_[index];
  std::string out = "node " + std::to_string(index) + ": ";
  if (!up(index) || !node.replica) return out + "down, head " + std::to_string(height(index));
  const ReplicaStatus s = node.replica->status();
  return out + "round " + std::to_string(s.round) + " head " + std::to_string(s.head.height) +
         " pending " + std::to_string(s.pending_blocks) + " skipped " +
         std::to_string(s.skipped_rounds);
}

void Simulation::boot(std::size_t index) {
  Node& node = *nodes_[index];
  node.tip.reset();
  node.chain = std::make_unique<ToyChain>(node.disk, index);
  node.chain->build_invalid = config_.invalid_leaders.contains(index);
  node.chain->on_build = [this, index](const BlockInfo& block) { built(index, block); };
  node.guard.emplace(SignGuard::open(node.disk.store, Bytes{'g'}).value());
  node.replica =
      std::make_unique<Replica>(0, static_cast<std::uint32_t>(key(index)), *node.committee,
                                config_.params, *node.chain, *node.guard, node);
  attach(index);
  // Start once the dials have landed, so the first round's messages are not sent into nothing.
  network_.schedule(node.id, 5ms, [this, index] {
    Node& n = *nodes_[index];
    if (config_.equivocators.contains(index)) return;
    n.replica->start(network_.now());
    wake(index);
  });
}

void Simulation::lose(std::size_t index) {
  Node& node = *nodes_[index];
  node.replica.reset();
  node.guard.reset();
  node.chain.reset();
}

void Simulation::send(std::size_t node, std::size_t validator, const Message& message) {
  const Bytes bytes = encode_message(message);
  for (std::size_t other = 0; other < nodes_.size(); ++other)
    if (other != node && key(other) == validator) send_to(node, other, bytes);
}

void Simulation::deliver(std::size_t index, std::size_t sender, const net::Message& message) {
  Node& node = *nodes_[index];
  auto decoded = decode_message(message.payload);
  if (!decoded) return;
  if (config_.equivocators.contains(index)) return equivocate(index, key(sender), *decoded);
  node.replica->on_message(key(sender), *decoded, network_.now());
  wake(index);
  if (config_.forgers.contains(index)) {
    if (const auto* vote = std::get_if<SignedVote>(&*decoded)) {
      SignedVote forged = *vote;
      forged.signature[0] ^= 1;
      node.broadcast(forged);
      forged.vote.digest[0] ^= 1;
      for (std::uint32_t signer = 0; signer < config_.validators; ++signer) {
        forged.signer = signer;
        node.broadcast(forged);
      }
    }
  }
}

void Simulation::wake(std::size_t index) {
  Node& node = *nodes_[index];
  if (!up(index) || !node.replica) return;
  wake_at(index, node.replica->deadline(), [this, index] {
    nodes_[index]->replica->on_time(network_.now());
    wake(index);
  });
}

// A byzantine validator that signs everything it is shown, contradicting itself on purpose:
// every proposal gets its notarize vote, every notarization both a finalize and a skip vote,
// and as a leader it sends one block to half the validators and another to the rest.
void Simulation::equivocate(std::size_t index, std::size_t from, const Message& message) {
  (void)from;
  Node& node = *nodes_[index];
  const auto self = static_cast<std::uint32_t>(key(index));
  const auto sign_all = [&](const Vote& vote) { node.broadcast(node.committee->sign(vote, self)); };
  if (const auto* proposal = std::get_if<Proposal>(&message)) {
    const Vote& v = proposal->vote.vote;
    if (node.equivocated.insert({v.round, v.digest}).second)
      sign_all(Vote{VoteKind::kNotarize, 0, v.round, v.height, v.digest});
    return;
  }
  const auto* cert = std::get_if<QuorumCert>(&message);
  if (!cert || cert->vote.round < node.max_round) return;
  node.max_round = cert->vote.round;
  if (cert->vote.kind == VoteKind::kNotarize) {
    node.tip = *cert;
    sign_all(Vote{VoteKind::kFinalize, 0, cert->vote.round, cert->vote.height, cert->vote.digest});
    sign_all(Vote{VoteKind::kSkip, 0, cert->vote.round, 0, {}});
  }
  const std::uint64_t next = cert->vote.round + 1;
  if (node.committee->leader(next) != self || !node.tip || node.tip->vote.round != next - 1) return;
  for (int variant = 0; variant < 2; ++variant) {
    const Bytes payload = {0xee, static_cast<Byte>(variant), static_cast<Byte>(next)};
    const Bytes block = make_block(node.tip->vote.digest, node.tip->vote.height + 1, payload);
    const Vote vote{VoteKind::kNotarize, 0, next, node.tip->vote.height + 1, keccak256(block)};
    const Proposal proposal{node.committee->sign(vote, self), block, {*node.tip}};
    for (std::size_t v = 0; v < config_.validators; ++v)
      if (v % 2 == static_cast<std::size_t>(variant)) send(index, v, proposal);
  }
}

// ---- the random run ----

RandomRunResult random_run(std::uint64_t seed, std::uint64_t blocks) {
  SeededRandom rng(seed * 0x9e3779b97f4a7c15ull + 1);
  SimConfig config;
  config.seed = seed;
  config.validators = 3 + rng.below(8);
  config.faults.drop = static_cast<double>(rng.below(11)) / 100.0;  // 0-10% lost
  config.faults.duplicate = 0.02;
  config.faults.min_delay = 1ms;
  config.faults.max_delay = std::chrono::milliseconds(5 + rng.below(46));
  config.params.leader_timeout = 400ms;
  Simulation sim(config);
  RandomRunResult result;
  const std::size_t n = config.validators;
  const auto quorum_up = [&](std::size_t up) { return 3 * up > 2 * n; };
  const auto describe = [&](const std::string& what) {
    return "seed " + std::to_string(seed) + " (" + std::to_string(n) + " validators): " + what;
  };

  bool partitioned = false;
  Nanos heal_at{0};
  Nanos good_since{0};
  Nanos last_progress{0};
  std::uint64_t best = 0;
  const Nanos limit = 1200s;
  while (sim.max_height() < blocks) {
    sim.run_for(100ms);
    const Nanos now = sim.now();
    if (!sim.checker().forks.empty()) return {describe(sim.checker().forks[0])};
    if (!sim.checker().fatal.empty()) return {describe(sim.checker().fatal[0])};
    if (sim.max_height() > best) {
      best = sim.max_height();
      last_progress = now;
    }
    if ((now / 100ms) % 10 == 0) {  // once a simulated second: the nemesis moves
      sim.redial();
      std::vector<std::size_t> up, down;
      for (std::size_t i = 0; i < n; ++i) (sim.up(i) ? up : down).push_back(i);
      if (!up.empty() && rng.below(10) == 0 && quorum_up(up.size() - 1)) {
        sim.crash(up[rng.below(up.size())]);
        ++result.crashes;
        good_since = now;
      }
      if (!down.empty() && rng.below(2) == 0) sim.restart(down[rng.below(down.size())]);
      if (!partitioned && rng.below(20) == 0) {
        std::vector<net::NodeId> side;
        for (std::size_t i = 0; i < n; ++i)
          if (rng.below(2) == 0) side.push_back(sim.id(i));
        sim.network().partition({side});
        partitioned = true;
        heal_at = now + std::chrono::seconds(1 + rng.below(5));
        ++result.partitions;
      } else if (partitioned && now >= heal_at) {
        sim.network().heal();
        partitioned = false;
        good_since = now;
      }
    }
    if (std::getenv("PLEXUS_BFT_TRACE") && (now / 100ms) % 10 == 0) {
      std::printf("t=%.1f partitioned=%d\n", std::chrono::duration<double>(now).count(),
                  partitioned ? 1 : 0);
      for (std::size_t i = 0; i < n; ++i) std::printf("  %s\n", sim.status(i).c_str());
    }
    // Liveness: with the network whole and a quorum up, blocks keep coming.
    const bool good = !partitioned && quorum_up(sim.keys_up());
    if (!good) good_since = now;
    if (good && now - std::max(good_since, last_progress) > 30s)
      return {describe("no block finalized for 30 s with the network whole and a quorum up")};
    if (now > limit) return {describe("only " + std::to_string(best) + " blocks in 1200 s")};
  }
  // Everyone back: every node reaches the tip.
  sim.network().heal();
  for (std::size_t i = 0; i < n; ++i) sim.restart(i);
  const std::uint64_t target = sim.max_height();
  const Nanos deadline = sim.now() + 60s;
  while (sim.min_height_up() < target && sim.now() < deadline) {
    sim.run_for(100ms);
    if ((sim.now() / 100ms) % 10 == 0) sim.redial();
    if (std::getenv("PLEXUS_BFT_TRACE") && (sim.now() / 100ms) % 10 == 0) {
      std::printf("t=%.1f catching up\n", std::chrono::duration<double>(sim.now()).count());
      for (std::size_t i = 0; i < n; ++i) std::printf("  %s\n", sim.status(i).c_str());
    }
  }
  if (!sim.checker().forks.empty()) return {describe(sim.checker().forks[0])};
  if (!sim.checker().fatal.empty()) return {describe(sim.checker().fatal[0])};
  if (sim.checker().evidence > 0)
    return {describe("evidence against an honest validator: it signed twice across a crash")};
  if (sim.min_height_up() < target)
    return {describe("a node stayed at " + std::to_string(sim.min_height_up()) + " of " +
                     std::to_string(target) + " for 60 s after everyone was back")};
  result.height = sim.max_height();
  result.simulated_seconds = std::chrono::duration<double>(sim.now()).count();
  return result;
}

}  // namespace plexus::consensus::bft::sim
