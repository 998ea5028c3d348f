#pragma once
// The eth_* methods of an EVM subnet endpoint, over its SubnetChain. Registered on the endpoint's
// Dispatcher next to add_basic_methods(); the node calls publish_block() after every block so
// subscriptions (newHeads, logs, newPendingTransactions) and polling filters see it.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "core/secp256k1.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/polling_filters.hpp"

namespace plexus::rpc {

struct EthEndpoint {
  explicit EthEndpoint(chain::SubnetChain& c) : chain(c) {}
  chain::SubnetChain& chain;
  PollingFilters filters;
  // Called after a transaction entered the pool, with its bytes (the node wakes its block
  // producer and gossips it to its peers).
  std::function<void(BytesView raw)> on_transaction;
  // Non-zero on a node that mines on demand: eth_sendRawTransaction returns once the transaction
  // is in a committed block (at most this long), as Hardhat's and anvil's automine do, so a
  // client that asks for the receipt right after sending finds it.
  std::chrono::milliseconds wait_for_mining{0};
  // Makes a block now, empty or not (evm_mine, as Hardhat and anvil offer it); set by dev nodes.
  std::function<Result<void>()> mine_block;
  // Keys of the accounts the node signs for (dev networks only): eth_accounts, eth_sendTransaction,
  // eth_sign, personal_sign. Empty on a node that holds no keys.
  std::vector<secp256k1::PrivateKey> signing_keys;
  std::mutex signing_mutex;
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
void add_eth_account_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);
// debug_traceTransaction, debug_traceCall (debug_methods.cpp).
void add_debug_methods(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);
// eth_config, EIP-7910 (eth_config_method.cpp).
void add_eth_config_method(Dispatcher& dispatcher, const std::shared_ptr<EthEndpoint>& endpoint);

// Pools a signed transaction and tells pending filters, subscribers and the block producer.
// Shared by eth_sendRawTransaction and eth_sendTransaction, which then call wait_for_block().
[[nodiscard]] Result<Hash256> submit_transaction(EthEndpoint& endpoint, SubscriptionHub& hub,
                                                 BytesView raw);
// In instant mode, returns once the transaction's block is committed (see wait_for_mining).
void wait_for_block(const EthEndpoint& endpoint, const Hash256& hash);

}  // namespace plexus::rpc
