#pragma once
// The `snowman` consensus engine (docs/CONSENSUS.md, Snowman) over a subnet's chain: a
// snowman::Replica driven by one worker thread, which alone touches it, fed by the network
// (Engine::on_consensus_message), by the pool (on_transaction) and by its timers. It speaks to
// peers through the Outbox; peers are known by their authenticated node ids, so chits carry no
// signature. The chain is driven through the bft engine's ChainApplication in epochs of one
// block: block h+1 is decided by the set at the platform height block h names (its tag's next
// platform height), so every node decides each height with the same set, whatever its own
// platform chain has reached. A proposer names a platform height once it has been final on its
// node for `platform_lag` (so the others hold it too), and builds an empty block when the set
// there differs from the one in use: a set change takes effect without waiting for transactions.
// At rest it also builds an empty block every 2 s while the platform chain has moved past the
// height the head names, so that a message certified at a recent platform height (after its
// source's set changed) can be delivered into the subnet: its height must not be above the
// delivering block's.
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "consensus/bft/bft_engine.hpp"
#include "consensus/bft/chain_application.hpp"
#include "consensus/bft/final_records.hpp"
#include "consensus/engine.hpp"
#include "consensus/inbox.hpp"
#include "consensus/snowman/replica.hpp"
#include "core/bls/bls.hpp"

namespace plexus::consensus::snowman {

struct SnowmanEngineConfig {
  std::string name{};                       // the chain's, in the log
  std::uint64_t first_platform_height = 0;  // the subnet's P_0
  bft::ValidatorSource validators{};        // (node id, weight) at a platform height
  std::function<std::uint64_t()> final_platform_height{};
  NodeId self{};  // this node: it votes if the set holds it
  Params params{};
  kv::KvStore* store = nullptr;  // the chain's store (final records under 'Q')
  Address proposer{};            // fees of the blocks this node builds
  // Signs the blocks this node builds, so that the others know whose proposer window they came
  // in (unsigned, they may be voted for only after every window), for `chain` (the subnet's id).
  std::optional<bls::SecretKey> key{};
  Hash256 chain{};
  // How long a platform height must have been final here before a block of this node names it.
  Nanos platform_lag = std::chrono::milliseconds(300);
};

class SnowmanEngine final : public Engine {
 public:
  // kInvalidArgument for a config that cannot run (no store, no validator source, parameters
  // out of range).
  [[nodiscard]] static Result<std::unique_ptr<SnowmanEngine>> create(EngineContext context,
                                                                     SnowmanEngineConfig config);
  ~SnowmanEngine() override;

  [[nodiscard]] platform::ConsensusKind kind() const noexcept override {
    return platform::ConsensusKind::kSnowman;
  }
  void start() override;
  void stop() override;
  void on_transaction() override;
  void on_consensus_message(const NodeId& from, BytesView payload) override;
  // Blocks announced by the relay are not votes: the engine learns blocks from proposals,
  // polls and chits.
  [[nodiscard]] Result<void> on_block(const NodeId&, const chain::Block&) override { return {}; }

  [[nodiscard]] ReplicaStatus status() const;
  [[nodiscard]] bool validating() const;

 private:
  class Io;
  class Chain;
  SnowmanEngine(EngineContext context, SnowmanEngineConfig config);
  [[nodiscard]] Nanos now() const { return context_.clock.monotonic(); }
  [[nodiscard]] std::unique_ptr<bft::ChainApplication> make_epoch(const bft::EpochInfo& epoch);
  // Decides from now on with the set at `platform_height` (read from the platform chain).
  [[nodiscard]] Result<void> use_set(std::uint64_t platform_height);
  // The block naming `next_platform_height` is final: the next height's epoch and set.
  [[nodiscard]] Result<void> enter_epoch(std::uint64_t next_platform_height);
  // Notes the final platform height, moves the height a block may name, and whether the set
  // there differs from the one in use.
  [[nodiscard]] Result<void> watch_platform();
  // A peer's index for the replica: its place in the set, or past the set for others (nullopt
  // once too many others are known).
  [[nodiscard]] std::optional<std::size_t> peer_index(const NodeId& id);
  void run();

  EngineContext context_;
  SnowmanEngineConfig config_;
  bft::FinalRecords records_;
  std::unique_ptr<Chain> chain_;
  std::unique_ptr<Io> io_;
  std::unique_ptr<Replica> replica_;  // the worker's

  std::uint64_t set_height_ = ~std::uint64_t{0};  // platform height of the set in use
  platform::ValidatorSet set_;                    // the set in use
  // Final platform heights as this node saw them, with when; the newest one old enough is
  // `nameable_`, and the set there differs from the one in use when `set_change_` holds.
  std::deque<std::pair<std::uint64_t, Nanos>> seen_heights_;
  std::uint64_t nameable_ = 0;
  std::uint64_t checked_height_ = ~std::uint64_t{0};
  bool set_change_ = false;
  // The head names an older platform height than the nameable one, and has for a while.
  bool refresh_ = false;
  Nanos last_final_at_{0};
  std::vector<NodeId> ids_;                          // validator i's node id (worker only)
  std::vector<std::optional<bls::PublicKey>> keys_;  // validator i's BLS key, if it has one
  std::map<NodeId, std::size_t> index_of_;
  std::vector<NodeId> observer_ids_;  // peers outside the set, index n + i

  Inbox inbox_;
  mutable std::mutex mutex_;  // status_ and validating_
  ReplicaStatus status_;
  bool validating_ = false;
};

}  // namespace plexus::consensus::snowman
