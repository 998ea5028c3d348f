#include "node/dev_network.hpp"

#include <cstdio>

#include "core/hd_wallet.hpp"
#include "node/plexus_methods.hpp"
#include "rpc/basic_methods.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::node {
namespace {

// Every dev account holds PLX on the primary network; account 0 is the network's validator and
// owns the three subnets (chain ids evm_chain_id, +1, +2), each under the dev engine.
platform::PlatformGenesis dev_platform_genesis(const DevNetworkConfig& c,
                                               const std::vector<secp256k1::PrivateKey>& keys) {
  platform::PlatformGenesis genesis;
  genesis.network_id = c.network_id;
  for (const auto& key : keys) genesis.balances.emplace_back(key.address(), platform::plx(10'000));
  if (keys.empty()) return genesis;
  const std::span<const secp256k1::PrivateKey> owner(&keys[0], 1);
  const Address node = keys[0].address();
  const auto add = [&](platform::Operation op) {
    genesis.operations.push_back(platform::sign_operation(std::move(op), c.network_id, owner));
  };
  add(platform::AddValidator{node, platform::min_validator_stake()});
  const std::pair<const char*, platform::VmKind> subnets[] = {
      {"evm", platform::VmKind::kEvm}, {"wasm", platform::VmKind::kWasm},
      {"move", platform::VmKind::kMove}};
  std::uint64_t chain_id = c.evm_chain_id;
  for (const auto& [name, vm] : subnets) {
    add(platform::CreateSubnet{.name = name, .vm = vm, .chain_id = chain_id++,
                               .consensus = platform::ConsensusKind::kDev, .owners = {node},
                               .threshold = 1});
    add(platform::AddSubnetValidator{name, node});
  }
  return genesis;
}

}  // namespace

Result<std::unique_ptr<DevNetwork>> DevNetwork::start(DevNetworkConfig config) {
  std::unique_ptr<DevNetwork> net(new DevNetwork(std::move(config)));
  const DevNetworkConfig& c = net->config_;
  PLEXUS_TRY(net->accounts_, hd::dev_account_keys(c.mnemonic, c.accounts));

  PLEXUS_TRY(net->platform_store_, kv::RocksDbStore::open(c.data_dir / "primary"));
  PLEXUS_TRY(net->platform_, platform::PlatformRegistry::open(*net->platform_store_,
                                                              dev_platform_genesis(c, net->accounts_)));
  PLEXUS_TRY(net->evm_store_, kv::RocksDbStore::open(c.data_dir / "evm"));
  chain::EvmChainConfig chain_config;
  chain_config.chain_id = c.evm_chain_id;
  chain_config.block_gas_limit = c.block_gas_limit;
  chain_config.block_durability = c.sync_writes ? kv::Durability::kSync : kv::Durability::kBuffered;
  for (const secp256k1::PrivateKey& key : net->accounts_)
    chain_config.alloc.push_back({key.address(), c.account_balance});
  PLEXUS_TRY(net->evm_chain_, chain::EvmChain::open(*net->evm_store_, std::move(chain_config)));

  net->evm_dispatcher_ = std::make_shared<rpc::Dispatcher>();
  rpc::add_basic_methods(*net->evm_dispatcher_,
                         {.chain_id = c.evm_chain_id, .client_version = "plexus/v0.1.0/linux"});
  net->evm_endpoint_ = std::make_shared<rpc::EthEndpoint>(*net->evm_chain_);
  rpc::add_eth_methods(*net->evm_dispatcher_, net->evm_endpoint_);
  chain::EvmChain* evm = net->evm_chain_.get();
  add_plexus_methods(*net->evm_dispatcher_, *net->platform_,
                     {{"evm",
                       [evm] {
                         const chain::ChainHead head = evm->head();
                         return std::pair{head.number, head.hash};
                       }}},
                     "not supported yet: joins when the execution layer hosts this VM");

  DevNetwork* self = net.get();
  net->engine_ = std::make_unique<consensus::DevEngine>(
      *net->evm_chain_, consensus::DevEngineConfig{.block_time = c.block_time},
      [self](const chain::BlockRecord& block) { self->on_block(block); },
      [self](const Error& error) {
        std::lock_guard lock(self->fatal_mutex_);
        self->fatal_ = error;
      });
  net->evm_endpoint_->on_transaction = [self] { self->engine_->notify(); };
  if (c.block_time.count() == 0) net->evm_endpoint_->wait_for_mining = std::chrono::seconds(10);
  net->engine_->start();

  net->server_ = std::make_unique<rpc::Server>(rpc::ServerConfig{
      .address = c.rpc_address, .port = c.rpc_port, .threads = c.rpc_threads});
  PLEXUS_CHECK(net->server_->add_endpoint("/", net->evm_dispatcher_));
  PLEXUS_CHECK(net->server_->add_endpoint("/subnet/evm", net->evm_dispatcher_));
  PLEXUS_CHECK(net->server_->start());
  return net;
}

DevNetwork::~DevNetwork() { stop(); }

void DevNetwork::stop() {
  if (server_) server_->stop();
  if (engine_) engine_->stop();
}

std::uint16_t DevNetwork::rpc_port() const noexcept { return server_ ? server_->port() : 0; }

std::optional<Error> DevNetwork::fatal_error() const {
  std::lock_guard lock(fatal_mutex_);
  return fatal_;
}

void DevNetwork::on_block(const chain::BlockRecord& block) {
  rpc::publish_block(*evm_dispatcher_, *evm_endpoint_, block);
  if (config_.log_blocks) {
    std::printf("evm block %llu: %zu transaction%s, gas used %llu\n",
                static_cast<unsigned long long>(block.block.header.number),
                block.block.transactions.size(), block.block.transactions.size() == 1 ? "" : "s",
                static_cast<unsigned long long>(block.block.header.gas_used));
    std::fflush(stdout);
  }
}

}  // namespace plexus::node
