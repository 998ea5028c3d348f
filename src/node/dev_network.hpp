#pragma once
// `plexus dev`: one process running a local network for developers: the primary network's
// registry (dev account 0 validates and owns the subnets evm, wasm and move) and the EVM subnet
// (chain id 31337 by default) under the dev consensus engine, each persisted in RocksDB under the
// data directory, with pre-funded accounts derived from a mnemonic and the JSON-RPC server at "/"
// and "/subnet/evm". The WASM and Move subnets are registered but do not run until the execution
// layer hosts those VMs (see the README status table).
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "chain/evm_chain.hpp"
#include "consensus/dev_engine.hpp"
#include "core/secp256k1.hpp"
#include "node/dev_config.hpp"
#include "platform/registry.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/server.hpp"
#include "storage/kv.hpp"

namespace plexus::node {

class DevNetwork {
 public:
  // Opens (or creates) the data directory, starts block production and the RPC server.
  [[nodiscard]] static Result<std::unique_ptr<DevNetwork>> start(DevNetworkConfig config);
  ~DevNetwork();  // stops

  // Stops the RPC server first (no new work), then block production; every block that was
  // committed stays committed. Idempotent.
  void stop();

  [[nodiscard]] const DevNetworkConfig& config() const noexcept { return config_; }
  [[nodiscard]] std::uint16_t rpc_port() const noexcept;
  [[nodiscard]] const std::vector<secp256k1::PrivateKey>& accounts() const noexcept {
    return accounts_;
  }
  [[nodiscard]] chain::ChainHead evm_head() const { return evm_chain_->head(); }
  [[nodiscard]] const platform::PlatformRegistry& platform() const noexcept { return *platform_; }
  // Set once if block production failed (the store broke); the network then serves reads only
  // and the caller should stop it and report the error.
  [[nodiscard]] std::optional<Error> fatal_error() const;

 private:
  explicit DevNetwork(DevNetworkConfig config) : config_(std::move(config)) {}
  void on_block(const chain::BlockRecord& block);

  DevNetworkConfig config_;
  std::vector<secp256k1::PrivateKey> accounts_;
  std::unique_ptr<kv::KvStore> platform_store_;
  std::unique_ptr<platform::PlatformRegistry> platform_;
  std::unique_ptr<kv::KvStore> evm_store_;
  std::unique_ptr<chain::EvmChain> evm_chain_;
  std::shared_ptr<rpc::Dispatcher> evm_dispatcher_;
  std::shared_ptr<rpc::EthEndpoint> evm_endpoint_;
  std::unique_ptr<consensus::DevEngine> engine_;
  std::unique_ptr<rpc::Server> server_;

  mutable std::mutex fatal_mutex_;
  std::optional<Error> fatal_;
};

}  // namespace plexus::node
