#pragma once
// The eth_* methods of an EVM subnet endpoint, over its EvmChain. Registered on the endpoint's
// Dispatcher next to add_basic_methods(); the node calls publish_block() after every block so
// subscriptions (newHeads, logs, newPendingTransactions) and polling filters see it.
#include <chrono>
#include <functional>
#include <memory>

#include "chain/evm_chain.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/polling_filters.hpp"

namespace plexus::rpc {

struct EthEndpoint {
  explicit EthEndpoint(chain::EvmChain& c) : chain(c) {}
  chain::EvmChain& chain;
  PollingFilters filters;
  // Called after a transaction entered the pool (the node wakes its block producer).
  std::function<void()> on_transaction;
  // Non-zero on a node that mines on demand: eth_sendRawTransaction returns once the transaction
  // is in a committed block (at most this long), as Hardhat's and anvil's automine do, so a
  // client that asks for the receipt right after sending finds it.
  std::chrono::milliseconds wait_for_mining{0};
  // eth_getLogs limits, as go-ethereum's defaults.
  std::uint64_t max_log_blocks = 10'000;
  std::size_t max_logs = 10'000;
};

void add_eth_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);
void publish_block(Dispatcher& dispatcher, EthEndpoint& endpoint,
                   const chain::BlockRecord& block);

// The parts add_eth_methods() registers, one file each.
void add_eth_state_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);
void add_eth_block_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);
void add_eth_log_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);

}  // namespace plexus::rpc
