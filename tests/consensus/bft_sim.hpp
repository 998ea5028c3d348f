#pragma once
// A deterministic test bed for the bft protocol: N validators (some with the same key, some
// byzantine) on net::SimNetwork, which drops, duplicates, delays and reorders their messages,
// partitions them and crashes and restarts them on a simulated clock, all from one seed.
//
// Each validator runs the production Replica over a toy chain (blocks are [parent, height,
// payload]; a payload starting with 0xff never verifies) and signs with a keyed hash instead of
// BLS (committee.hpp says why). What a node has written survives its crashes: the toy chain's
// final blocks and the sign guard's store.
//
// The checker sees every block any node ever finalizes: two different blocks at one height on
// any two nodes, ever, is a fork.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "consensus/bft/replica.hpp"
#include "net/sim_network.hpp"
#include "sim_chain.hpp"
#include "sim_harness.hpp"

namespace plexus::consensus::bft::sim {

// Signatures for the simulation: keccak(secret_i ‖ message); an aggregate is the signatures
// side by side. Unforgeable for the code under test, which never sees the secrets.
class HashCrypto final : public VoteCrypto {
 public:
  explicit HashCrypto(std::size_t self) : self_(self) {}
  [[nodiscard]] Bytes sign(BytesView message) const override;
  [[nodiscard]] bool verify(std::size_t signer, BytesView message,
                            BytesView signature) const override;
  [[nodiscard]] Result<Bytes> aggregate(std::span<const BytesView> signatures) const override;
  [[nodiscard]] bool verify_aggregate(std::span<const std::size_t> signers, BytesView message,
                                      BytesView aggregate) const override;
  [[nodiscard]] static Bytes signature_of(std::size_t signer, BytesView message);

 private:
  std::size_t self_;
};

struct SimConfig {
  std::uint64_t seed = 1;
  std::size_t validators = 4;
  // node i runs validator key_of[i] (defaults to i); a key run by two nodes is "duplicated"
  std::vector<std::size_t> key_of;
  std::set<std::size_t> equivocators;     // nodes that sign whatever they see, twice over
  std::set<std::size_t> invalid_leaders;  // nodes that propose blocks that do not verify
  // nodes that, besides taking part honestly, pass on a forged copy of every vote they receive
  // (the same vote, a wrong signature) and a forged vote of every signer for a block that is not
  std::set<std::size_t> forgers;
  net::LinkFaults faults{};
  BftParams params{};
};

class Simulation final : public consensus::sim::SimHarness {
 public:
  explicit Simulation(SimConfig config);
  ~Simulation() override;

  [[nodiscard]] bool faulty(std::size_t node) const override {
    return config_.equivocators.contains(node);
  }
  [[nodiscard]] std::size_t key(std::size_t node) const { return config_.key_of[node]; }
  // Weight (in validators of weight 1) of the distinct keys run by nodes that are up.
  [[nodiscard]] std::size_t keys_up() const;
  // "node 2: up round 17 head 12 pending 3" for tracing a failing seed (PLEXUS_BFT_TRACE=1).
  [[nodiscard]] std::string status(std::size_t node) const;

 private:
  struct Node;
  void boot(std::size_t node) override;
  void lose(std::size_t node) override;
  void deliver(std::size_t node, std::size_t sender, const net::Message& message) override;
  void wake(std::size_t node);
  void send(std::size_t node, std::size_t validator, const Message& message);
  void equivocate(std::size_t node, std::size_t from, const Message& message);

  SimConfig config_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

// The random-network run: crashes (p=0.1 per second, never below a quorum of keys up),
// restarts (p=0.5 per second), partitions that heal, until `blocks` blocks are final and every
// node has caught up. Returns an empty string, or what went wrong (a fork, a stall, a fatal
// error) with the seed.
struct RandomRunResult {
  std::string failure;
  std::uint64_t height = 0;
  double simulated_seconds = 0;
  std::uint64_t crashes = 0;
  std::uint64_t partitions = 0;
};
[[nodiscard]] RandomRunResult random_run(std::uint64_t seed, std::uint64_t blocks);

}  // namespace plexus::consensus::bft::sim
