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
#include "storage/memory_store.hpp"

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

// A toy block: rlp([parent, height, payload]); its digest is its keccak.
[[nodiscard]] Bytes make_block(const Hash256& parent, std::uint64_t height, BytesView payload);

// What survives a crash: final blocks and the signing record.
struct Disk {
  std::vector<FinalBlock> final_blocks;  // [0] is genesis
  std::vector<BlockInfo> infos;
  kv::MemoryStore store;
};

class ToyChain final : public Application {
 public:
  ToyChain(Disk& disk, std::uint64_t payload_tag) : disk_(disk), tag_(payload_tag) {}
  [[nodiscard]] BlockInfo head() const override { return disk_.infos.back(); }
  [[nodiscard]] Result<BlockInfo> describe(BytesView block) const override;
  [[nodiscard]] Result<void> verify(BytesView block) override;
  [[nodiscard]] Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                   bool allow_empty) override;
  [[nodiscard]] Result<void> commit(const Hash256& digest, std::uint64_t round,
                                    const std::optional<QuorumCert>& certificate) override;
  void drop(const Hash256& digest) override;
  [[nodiscard]] Result<std::optional<FinalBlock>> final_block(std::uint64_t height) const override;

  bool build_invalid = false;  // a byzantine leader's blocks break the chain's rules

 private:
  Disk& disk_;
  std::uint64_t tag_;
  std::uint64_t built_ = 0;
  std::map<Hash256, std::pair<BlockInfo, Bytes>> pending_;
};

struct Checker {
  // height -> the block final there, and the first node that finalized it
  std::map<std::uint64_t, std::pair<Hash256, std::size_t>> final;
  std::vector<std::string> forks;
  std::vector<std::string> fatal;
  std::size_t evidence = 0;
  std::set<std::uint32_t> evidence_signers;
  void record(std::size_t node, const BlockInfo& block);
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

class Simulation {
 public:
  explicit Simulation(SimConfig config);
  ~Simulation();

  [[nodiscard]] net::SimNetwork& network() { return network_; }
  [[nodiscard]] Checker& checker() { return checker_; }
  [[nodiscard]] std::size_t nodes() const { return nodes_.size(); }
  [[nodiscard]] net::NodeId id(std::size_t node) const;
  [[nodiscard]] std::uint64_t height(std::size_t node) const;
  [[nodiscard]] std::uint64_t max_height() const;
  [[nodiscard]] std::uint64_t min_height_up() const;
  [[nodiscard]] bool up(std::size_t node) const;
  [[nodiscard]] std::size_t key(std::size_t node) const { return config_.key_of[node]; }
  // Weight (in validators of weight 1) of the distinct keys run by nodes that are up.
  [[nodiscard]] std::size_t keys_up() const;
  // "node 2: up round 17 head 12 pending 3" for tracing a failing seed (PLEXUS_BFT_TRACE=1).
  [[nodiscard]] std::string status(std::size_t node) const;
  // Final blocks, on any node, whose payload breaks the toy chain's rule.
  [[nodiscard]] std::size_t invalid_final_blocks() const;

  // Dials the peers a node lost (a dial into a partition fails), as a node's peer list does.
  void redial();
  void crash(std::size_t node);
  void restart(std::size_t node);
  void run_for(Nanos duration) { network_.run_for(duration); }
  [[nodiscard]] Nanos now() const { return network_.now(); }

 private:
  struct Node;
  void boot(std::size_t node);
  void deliver(std::size_t node, const net::NodeId& from, const net::Message& message);
  void wake(std::size_t node);
  void send(std::size_t node, std::size_t validator, const Message& message);
  void equivocate(std::size_t node, std::size_t from, const Message& message);

  SimConfig config_;
  net::SimNetwork network_;
  Checker checker_;
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
