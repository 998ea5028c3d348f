#pragma once
// N full nodes of one network (the primary chain under bft, the subnets under bft or snowman)
// in one process, over real TLS on loopback, each behind a ShapedTransport (a one-way delay,
// cuts between nodes): for the in-process network tests and `plexus-bench bft`, where processes
// would add nothing but noise. Each node's stores (memory, or RocksDB under `dir`) and staking
// identity outlive a stop, so a restarted node is the same validator with the same data.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "net/shaped_transport.hpp"
#include "net/tls_transport.hpp"
#include "node/dev_network.hpp"

namespace plexus::node {

struct ClusterConfig {
  std::size_t validators = 4;
  std::chrono::milliseconds leader_timeout{300};
  std::filesystem::path dir;  // identities (and stores with `rocksdb`); removed by the cluster
  bool rocksdb = false;
  bool sync_writes = false;
  std::chrono::nanoseconds delay{};            // one way, on every message
  std::size_t accounts = 10;                   // funded dev accounts (the mnemonic's first ones)
  std::uint64_t epoch_length = 64;             // blocks of a bft epoch
  std::uint64_t block_gas_limit = 30'000'000;  // the subnets' (their maximum block size)
  // The three dev subnets' engine: bft or snowman (their default parameters).
  platform::ConsensusKind consensus = platform::ConsensusKind::kBft;
};

class LocalCluster {
 public:
  [[nodiscard]] static Result<std::unique_ptr<LocalCluster>> start(ClusterConfig config);
  ~LocalCluster();

  [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }
  [[nodiscard]] bool running(std::size_t i) const { return members_[i]->node != nullptr; }
  [[nodiscard]] DevNetwork& node(std::size_t i) { return *members_[i]->node; }
  [[nodiscard]] const net::NodeId& id(std::size_t i) const { return members_[i]->id; }
  [[nodiscard]] net::ShapedTransport& shaping(std::size_t i) { return *members_[i]->shaped; }
  // The evm subnet of node i (every cluster runs the three dev subnets).
  [[nodiscard]] const RunningSubnet& evm(std::size_t i) { return *node(i).subnet("evm"); }
  // Admits a signed transaction on node i and gossips it, as eth_sendRawTransaction does.
  [[nodiscard]] Result<Hash256> submit(std::size_t i, BytesView raw);

  // Cuts every link between the groups (both ways); heal() restores them.
  void split(const std::vector<std::vector<std::size_t>>& groups);
  void heal();
  void stop(std::size_t i);
  [[nodiscard]] Result<void> restart(std::size_t i);
  // Starts one more full node, no validator, with empty stores: it catches up from the others
  // as any late node does. Returns its index (after the validators').
  [[nodiscard]] Result<std::size_t> add_observer();

 private:
  struct Member {
    std::filesystem::path dir;
    net::NodeId id{};
    std::optional<bls::SecretKey> key;
    std::unique_ptr<kv::StoreFactory> stores;
    std::unique_ptr<net::TlsTransport> tls;
    std::unique_ptr<net::ShapedTransport> shaped;
    std::unique_ptr<DevNetwork> node;
  };
  explicit LocalCluster(ClusterConfig config) : config_(std::move(config)) {}
  // A member with its identity and stores (under the next node directory), not started.
  [[nodiscard]] Result<std::unique_ptr<Member>> make_member() const;
  [[nodiscard]] Result<void> boot(std::size_t i);

  ClusterConfig config_;
  SystemClock clock_;
  SystemRandom random_;
  std::vector<GenesisValidator> validators_;
  std::vector<std::unique_ptr<Member>> members_;
};

}  // namespace plexus::node
