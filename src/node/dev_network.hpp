#pragma once
// `plexus dev`: one process running a local network for developers: the primary network's
// registry (dev account 0 validates and owns the subnets evm, wasm and move) and the three
// subnets, each a chain under its own dev consensus engine and its own RocksDB store under the
// data directory, with pre-funded accounts derived from a mnemonic. JSON-RPC: "/subnet/<name>"
// for each subnet, and "/" for the EVM subnet so that default client settings just work.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "consensus/bft/bft_engine.hpp"
#include "consensus/block_source.hpp"
#include "consensus/engine.hpp"
#include "core/secp256k1.hpp"
#include "net/router.hpp"
#include "net/subnet_relay.hpp"
#include "node/da_poster.hpp"
#include "node/dev_config.hpp"
#include "node/message_methods.hpp"
#include "node/message_relayer.hpp"
#include "node/replicated_platform.hpp"
#include "platform/registry.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/server.hpp"
#include "storage/env.hpp"
#include "storage/kv.hpp"

namespace plexus::node {

// One running subnet: its chain, its JSON-RPC methods and its block production.
struct RunningSubnet {
  std::string name;
  platform::VmKind vm = platform::VmKind::kEvm;
  std::unique_ptr<kv::KvStore> store;
  std::unique_ptr<chain::SubnetChain> chain;
  std::unique_ptr<consensus::SubnetBlockSource> blocks;
  std::shared_ptr<rpc::Dispatcher> dispatcher;
  std::shared_ptr<rpc::EthEndpoint> endpoint;
  std::unique_ptr<net::SubnetRelay> relay;    // with a network role: gossip and sync
  std::unique_ptr<consensus::Engine> engine;  // the kind the subnet's record names
  consensus::bft::BftEngine* bft = nullptr;   // `engine`, when it is the bft engine
  bool producer = true;                       // false: follows another node's blocks
  // When the subnet's genesis names a DA namespace and this node validates it; last, so that it
  // stops before the chain it reads goes away.
  std::unique_ptr<DaPoster> da_poster;
};

// How a node takes part in a network of nodes (`plexus node`); without one, the node runs every
// subnet alone (`plexus dev`).
struct NetworkRole {
  net::Transport* transport = nullptr;  // must outlive the network; set its handlers to nobody else
  std::vector<std::string> track{};     // the subnets this node runs; empty: every subnet
  std::vector<std::string> produce{};   // of those, the ones whose dev engine runs here
  std::uint32_t max_frame_bytes = 2 * 1024 * 1024;
  std::chrono::milliseconds tick{1000};  // how often relays re-offer transactions and the head
  // The node's BLS key: it votes in the bft subnets whose validator set holds it, and follows
  // the others as an observer.
  std::optional<bls::SecretKey> bls_key{};
  // The account that pays for delivering cross-subnet messages to the subnets this node runs
  // (docs/MESSAGING.md, Fees); none: this node signs and aggregates but delivers nothing.
  std::optional<secp256k1::PrivateKey> relayer_key{};
};

class DevNetwork {
 public:
  // Opens (or creates) the data directory, starts block production and the RPC server. Time and
  // stores come from `env` when given (tests: a manual clock, memory or faulty stores), else from
  // the system and RocksDB under config.data_dir; `env`'s parts must outlive the network.
  [[nodiscard]] static Result<std::unique_ptr<DevNetwork>> start(
      DevNetworkConfig config, std::optional<kv::Env> env = std::nullopt,
      std::optional<NetworkRole> role = std::nullopt);
  ~DevNetwork();  // stops

  // Stops the RPC server first (no new work), then block production; every block that was
  // committed stays committed. Idempotent.
  void stop();

  [[nodiscard]] const DevNetworkConfig& config() const noexcept { return config_; }
  [[nodiscard]] std::uint16_t rpc_port() const noexcept;
  [[nodiscard]] const std::vector<secp256k1::PrivateKey>& accounts() const noexcept {
    return accounts_;
  }
  // The subnets running now; under a network role, more start as the platform chain creates
  // them (a RunningSubnet stays at its address until the network is destroyed).
  [[nodiscard]] std::vector<const RunningSubnet*> subnets() const;
  [[nodiscard]] const RunningSubnet* subnet(std::string_view name) const;
  [[nodiscard]] const platform::PlatformRegistry& platform() const noexcept { return *platform_; }
  // The primary network's chain under bft, in a network whose genesis names bft; else null
  // (platform operations then apply at once, each in a block of its own).
  [[nodiscard]] const ReplicatedPlatform* replicated_platform() const noexcept {
    return replicated_platform_.get();
  }
  // Reports of validators caught signing contradicting votes on any chain this node runs
  // (consensus/bft/equivocation.hpp), for a ReportEquivocation; the latest kMaxReports.
  static constexpr std::size_t kMaxReports = 256;
  [[nodiscard]] std::vector<Bytes> equivocation_reports() const;
  // An equivocation report handed to this node: kept with the node's own and put in the
  // platform's evidence pool, for the next platform block this node builds to carry; its hash,
  // or why it does not apply (bad signatures, no such validator, already used).
  [[nodiscard]] Result<Hash256> submit_evidence(const Bytes& report);
  // A platform operation from a client: pooled and gossiped under a replicated primary chain,
  // else applied at once. Its hash, or the rule it breaks.
  [[nodiscard]] Result<Hash256> submit_platform_operation(const platform::SignedOperation& op);
  // Set once if block production failed (the store broke); the network then serves reads only
  // and the caller should stop it and report the error.
  [[nodiscard]] std::optional<Error> fatal_error() const;
  // What the node's message relayer has done so far.
  [[nodiscard]] MessageRelayer::Stats relayer_stats() const {
    return relayer_ ? relayer_->stats() : MessageRelayer::Stats{};
  }

 private:
  explicit DevNetwork(DevNetworkConfig config) : config_(std::move(config)) {}
  // Opens a subnet this node runs (tracked, or validated, and with validators); engines are
  // started by the caller.
  [[nodiscard]] Result<void> open_subnet(const platform::Subnet& subnet);
  [[nodiscard]] bool validates(const platform::Subnet& subnet) const;
  // Its JSON-RPC methods and endpoints.
  [[nodiscard]] Result<void> serve(RunningSubnet& subnet);
  void start_new_subnets();
  [[nodiscard]] Result<void> open_replicated_platform();
  // The node's message relayer (network_messages.cpp); before the router starts.
  void make_relayer();
  [[nodiscard]] std::vector<RelayedChain> relayed_chains() const;
  // The key this node signs messages with: its validator key, or dev account 0's in plexus dev.
  [[nodiscard]] std::optional<bls::SecretKey> relayer_bls_key() const;
  [[nodiscard]] MessageProgress message_progress(const Hash256& id,
                                                 const messaging::SubnetKey& destination) const;
  void record_fatal(const Error& error);
  // The engine a started subnet runs: its record's kind, or a follower under a network role
  // that does not make it produce.
  [[nodiscard]] Result<void> make_subnet_engine(RunningSubnet& running,
                                                const platform::CreateSubnet& spec);
  [[nodiscard]] Result<void> make_bft_engine(RunningSubnet& running,
                                             const consensus::EngineContext& context,
                                             const platform::EngineTiming& timing);
  [[nodiscard]] Result<void> make_snowman_engine(RunningSubnet& running,
                                                 const consensus::EngineContext& context,
                                                 const Bytes& params);
  void tick_loop();
  // The subnet's DA poster (da_poster.hpp) when its genesis asks for one.
  void make_da_poster(RunningSubnet& running, const platform::Subnet& subnet);
  void on_block(const RunningSubnet& subnet, const chain::BlockRecord& block);

  DevNetworkConfig config_;
  std::unique_ptr<kv::SystemEnv> system_env_;  // when no Env was given
  std::optional<kv::Env> env_;
  std::vector<secp256k1::PrivateKey> accounts_;
  std::unique_ptr<kv::KvStore> platform_store_;
  std::unique_ptr<platform::PlatformRegistry> platform_;
  std::unique_ptr<ReplicatedPlatform> replicated_platform_;
  std::set<std::string, std::less<>> unsupported_;  // subnets whose engine does not exist
  mutable std::mutex subnets_mutex_;                // guards the vector, not the subnets
  std::vector<std::unique_ptr<RunningSubnet>> subnets_;
  std::unique_ptr<rpc::Server> server_;
  std::optional<NetworkRole> role_;
  std::unique_ptr<net::Router> router_;
  std::unique_ptr<MessageRelayer> relayer_;  // after the subnets: it reads them until stopped
  std::mutex tick_mutex_;
  std::condition_variable tick_cv_;
  bool ticking_ = false;
  bool platform_changed_ = false;
  std::thread ticker_;

  void note_equivocation(Bytes report);
  void keep_report(Bytes report);
  mutable std::mutex reports_mutex_;
  std::vector<Bytes> reports_;

  mutable std::mutex fatal_mutex_;
  std::optional<Error> fatal_;
};

}  // namespace plexus::node
