#pragma once
// The `bft` consensus engine (docs/CONSENSUS.md) over a chain: a Replica driven by one worker
// thread, which alone touches it, fed by the network (Engine::on_consensus_message), by the pool
// (on_transaction) and by its timers. It speaks to peers through the Outbox, signs with the
// validator's BLS key, and keeps its sign guard, final blocks' certificates and evidence in the
// chain's store. The chain is a subnet's (create with an EngineContext) or any other
// EpochApplication (the primary network's: consensus/bft/platform_application.hpp). At each
// epoch's end (epoch.hpp) the worker makes the next epoch's application, committee and replica:
// this node votes in the epochs whose set holds its key and observes the others.
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "consensus/bft/chain_application.hpp"
#include "consensus/bft/final_records.hpp"
#include "consensus/bft/replica.hpp"
#include "consensus/engine.hpp"
#include "consensus/inbox.hpp"
#include "core/bls/bls.hpp"
#include "platform/history.hpp"

namespace plexus::consensus::bft {

// The chain's validator set at a platform height; kNotFound while that height is not final here.
using ValidatorSource = std::function<Result<platform::ValidatorSet>(std::uint64_t)>;

struct BftEngineConfig {
  std::string name{};               // the chain's, in the log
  std::uint64_t epoch_length = 64;  // blocks
  // A subnet's P_0 (the first platform height with validators); the primary network's is 0.
  std::uint64_t first_platform_height = 0;
  ValidatorSource validators{};  // (node id, weight, BLS key) at a platform height
  std::function<std::uint64_t()> final_platform_height{};  // subnets: this node's
  std::optional<bls::SecretKey> key{};                     // this node's, if it validates
  Hash256 chain{};                                         // the subnet's id: every vote names it
  BftParams params{};
  kv::KvStore* store = nullptr;  // the chain's store (records under 'Q')
  Address proposer{};            // fees of the blocks this node builds
  // Called before an epoch's first block is built or verified (at start for the current epoch,
  // then at each switch): the node schedules what governance changes in it, the chain's rules
  // and the engine's timings (`params`, which the epoch's replica then runs with). kNotFound:
  // not yet (the switch is tried again).
  std::function<Result<void>(const EpochInfo&, BftParams& params)> on_epoch{};
  // Told of each validator caught signing two contradicting votes, with the report the
  // platform chain slashes on (equivocation.hpp); on the worker thread.
  std::function<void(Bytes report)> on_equivocation{};
};

// What the engine needs besides its chain.
struct BftIo {
  const Clock& clock;
  Outbox* outbox = nullptr;  // null: a network of one
  FatalListener on_fatal{};
};

// Makes the application of `epoch`, or of the epoch the chain is in when nullopt, given where
// final blocks' records go.
using ApplicationFactory = std::function<Result<std::unique_ptr<EpochApplication>>(
    FinalRecords&, const std::optional<EpochInfo>& epoch)>;

class BftEngine final : public Engine {
 public:
  // kValidation when the current epoch's set is empty or a key does not decode. A node without
  // a key, or with one the set does not hold, follows as an observer.
  [[nodiscard]] static Result<std::unique_ptr<BftEngine>> create(EngineContext context,
                                                                 BftEngineConfig config);
  // The same over another application.
  [[nodiscard]] static Result<std::unique_ptr<BftEngine>> create(BftIo io, BftEngineConfig config,
                                                                 ApplicationFactory make);
  ~BftEngine() override;

  [[nodiscard]] platform::ConsensusKind kind() const noexcept override {
    return platform::ConsensusKind::kBft;
  }
  void start() override;
  void stop() override;
  void on_transaction() override;
  void on_consensus_message(const NodeId& from, BytesView payload) override;
  // Blocks announced by the relay (a peer's head) carry no certificate: the engine learns final
  // blocks from certificates and sync instead.
  [[nodiscard]] Result<void> on_block(const NodeId&, const chain::Block&) override { return {}; }

  // What makes block `height` final, for clients (plexus_getFinalityCertificate).
  struct FinalityCertificate {
    std::uint64_t epoch = 0;
    std::uint64_t platform_height = 0;   // where the epoch's set (the signers' order) was read
    std::uint64_t certified_height = 0;  // the block the certificate names (>= the one asked)
    Hash256 block_hash{};
    std::uint64_t round = 0;
    Bytes certificate;  // rlp([signers, signature]) as consensus/certificate.hpp
    std::vector<NodeId> signers;
  };
  [[nodiscard]] Result<std::optional<FinalityCertificate>> finality(std::uint64_t height) const;
  [[nodiscard]] ReplicaStatus status() const;
  // Whether this node signs (its key is in the current epoch's set) or only follows.
  [[nodiscard]] bool validating() const;
  [[nodiscard]] EpochInfo epoch() const;
  // Validators this node holds evidence against (for the platform chain, which slashes).
  [[nodiscard]] std::size_t evidence_count() const;

 private:
  class Io;
  // One epoch's set in certificate order, and this node's place in it.
  struct Members {
    std::vector<NodeId> ids;  // validator i's node id
    std::vector<bls::PublicKey> keys;
    std::vector<std::uint64_t> weights;
    std::optional<std::uint32_t> self;
  };
  BftEngine(BftIo io, BftEngineConfig config, ApplicationFactory make);
  [[nodiscard]] Nanos now() const { return io_deps_.clock.monotonic(); }
  [[nodiscard]] Result<Members> members_at(std::uint64_t platform_height) const;
  // Makes `app`'s committee and replica current (not started); kNotFound while its set is not
  // readable yet.
  [[nodiscard]] Result<void> enter(std::unique_ptr<EpochApplication> app);
  // After the current epoch's last block is final: the next epoch, started. False to retry.
  [[nodiscard]] bool next_epoch();
  void run();

  BftIo io_deps_;
  BftEngineConfig config_;
  ApplicationFactory make_app_;
  FinalRecords records_;
  std::vector<NodeId> ids_;       // validator i's node id (certificate order); under mutex_
  std::vector<Bytes> key_bytes_;  // validator i's BLS key (worker only)
  std::map<NodeId, std::size_t> index_of_;
  std::unique_ptr<Committee> committee_;
  std::unique_ptr<EpochApplication> app_;
  std::optional<SignGuard> guard_;
  std::unique_ptr<Io> io_;
  std::unique_ptr<Replica> replica_;  // touched by the worker only

  Inbox inbox_;
  mutable std::mutex mutex_;
  // Messages of the next epoch that came before this node entered it, replayed when it does
  // (a leader's first proposal would otherwise wait for a resend); worker only.
  std::vector<std::pair<NodeId, Message>> next_epoch_messages_;
  std::map<NodeId, std::size_t> observers_;  // peers that are not validators, by index >= n
  std::vector<NodeId> observer_ids_;
  ReplicaStatus status_;     // the replica's, as of the worker's last pass
  EpochInfo epoch_{};        // under mutex_
  bool validating_ = false;  // under mutex_
  std::size_t evidence_ = 0;
};

}  // namespace plexus::consensus::bft
