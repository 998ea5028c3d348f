#pragma once
// The chain the consensus simulations run over (bft_sim.hpp, snowman_sim.hpp): a toy chain of
// blocks [parent, height, payload] (a payload starting with 0xff never verifies) behind the
// bft::Application both engines drive, the disk that survives a node's crashes, and the checker
// that sees every block any node ever finalizes: two different blocks at one height on any two
// nodes, ever, is a fork.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "consensus/bft/application.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus::bft::sim {

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
  std::function<void(const BlockInfo&)> on_build;  // told of every block this node builds

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

}  // namespace plexus::consensus::bft::sim
