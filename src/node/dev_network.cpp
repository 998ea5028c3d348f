#include "node/dev_network.hpp"

#include <cstdio>

#include "core/hd_wallet.hpp"
#include "node/plexus_methods.hpp"
#include "rpc/basic_methods.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::node {

Result<std::unique_ptr<DevNetwork>> DevNetwork::start(DevNetworkConfig config) {
  std::unique_ptr<DevNetwork> net(new DevNetwork(std::move(config)));
  const DevNetworkConfig& c = net->config_;
  PLEXUS_TRY(net->accounts_, hd::dev_account_keys(c.mnemonic, c.accounts));

  PLEXUS_TRY(net->evm_store_, kv::RocksDbStore::open(c.data_dir / "evm"));
  chain::EvmChainConfig chain_config;
  chain_config.chain_id = c.evm_chain_id;
  chain_config.block_gas_limit = c.block_gas_limit;
  for (const secp256k1::PrivateKey& key : net->accounts_)
    chain_config.alloc.push_back({key.address(), c.account_balance});
  PLEXUS_TRY(net->evm_chain_, chain::EvmChain::open(*net->evm_store_, std::move(chain_config)));

  net->evm_dispatcher_ = std::make_shared<rpc::Dispatcher>();
  rpc::add_basic_methods(*net->evm_dispatcher_,
                         {.chain_id = c.evm_chain_id, .client_version = "plexus/v0.1.0/linux"});
  net->evm_endpoint_ = std::make_shared<rpc::EthEndpoint>(*net->evm_chain_);
  rpc::add_eth_methods(*net->evm_dispatcher_, net->evm_endpoint_);
  chain::EvmChain* evm = net->evm_chain_.get();
  const std::string later = "not supported yet: joins when the execution layer hosts this VM";
  add_plexus_methods(
      *net->evm_dispatcher_,
      {SubnetInfo{.name = "evm",
                  .vm = "evm",
                  .chain_id = c.evm_chain_id,
                  .running = true,
                  .status = {},
                  .head = [evm] {
                    const chain::ChainHead head = evm->head();
                    return std::pair{head.number, head.hash};
                  }},
       SubnetInfo{.name = "wasm", .vm = "wasm", .chain_id = 0, .running = false, .status = later,
                  .head = {}},
       SubnetInfo{.name = "move", .vm = "move", .chain_id = 0, .running = false, .status = later,
                  .head = {}}});

  DevNetwork* self = net.get();
  net->engine_ = std::make_unique<consensus::DevEngine>(
      *net->evm_chain_, consensus::DevEngineConfig{.block_time = c.block_time},
      [self](const chain::BlockRecord& block) { self->on_block(block); },
      [self](const Error& error) {
        std::lock_guard lock(self->fatal_mutex_);
        self->fatal_ = error;
      });
  net->evm_endpoint_->on_transaction = [self] { self->engine_->notify(); };
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
