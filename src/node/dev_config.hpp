#pragma once
// Settings of `plexus dev`, from defaults, an optional JSON config file and command-line flags
// (in that order; later wins). docs/DEV_NETWORK.md lists every key.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/uint256.hpp"
#include "evm/host.hpp"
#include "platform/history.hpp"
#include "platform/operations.hpp"

namespace plexus::node {

// A validator a network starts with: registered in platform block 0 with the minimum stake,
// and a validator of each of the network's subnets with `weight`.
struct GenesisValidator {
  Address node_id{};
  std::uint64_t weight = 1;
  Bytes bls_key{};  // 48 bytes
  Bytes bls_pop{};  // 96 bytes: the key's proof of possession
  friend bool operator==(const GenesisValidator&, const GenesisValidator&) = default;
};

struct DevNetworkConfig {
  std::filesystem::path data_dir = ".plexus-dev";
  std::string rpc_address = "127.0.0.1";
  std::uint16_t rpc_port = 8545;
  // A send waits for its block without holding a thread (rpc/reply_gate.hpp), so one thread per
  // core serves many clients; more only add context switches. Two at least, so a slow eth_call
  // leaves the other connections served. (On two cores, sending transfers: 2 threads beat 1 and
  // matched 3 and 4; 64 gave half the transfers/s.)
  std::size_t rpc_threads = std::max<std::size_t>(2, std::thread::hardware_concurrency());
  // 0: a block as soon as transactions arrive; otherwise one block per interval.
  std::chrono::milliseconds block_time{0};
  std::size_t accounts = 10;
  std::string mnemonic = "test test test test test test test test test test test junk";
  uint256 account_balance = uint256(10'000) * uint256(1'000'000'000'000'000'000ULL);  // 10000 ETH
  std::uint64_t evm_chain_id = 31337;  // the wasm and move subnets take the next two
  std::uint64_t network_id = 1337;     // the primary network, signed into platform operations
  std::uint64_t block_gas_limit = 30'000'000;
  // The EVM fork of every subnet from genesis (the WASM and Move subnets' EVM side too), and
  // later forks by height: an older fork stays selectable, e.g. Cancun then Osaka at block 100.
  evm::Revision evm_fork = evm::Revision::kOsaka;
  struct ForkUpgrade {
    std::uint64_t height = 0;
    evm::Revision fork = evm::Revision::kOsaka;
  };
  std::vector<ForkUpgrade> evm_fork_upgrades;  // increasing heights above 0
  // The subnets' genesis time: 0 takes the time of first start (one process, nobody to agree
  // with); a network's nodes take it from their common genesis file.
  std::uint64_t genesis_timestamp = 0;
  bool log_blocks = true;
  // false: a block survives the node being killed at any moment (the write reaches the OS before
  // any receipt is served); true: also power loss, at the cost of an fsync per block.
  bool sync_writes = false;
  // The subnets' engine (a network's genesis may name bft or snowman, and then the primary
  // network's chain runs bft; `plexus dev` runs dev) and, under bft or snowman, the validators
  // the network starts with and the bft leader timeout. Without validators (plexus dev), dev
  // account 0 is the one validator.
  platform::ConsensusKind consensus = platform::ConsensusKind::kDev;
  std::vector<GenesisValidator> validators{};
  std::chrono::milliseconds leader_timeout{1000};
  // Blocks per bft epoch (the validator set is read anew from the platform chain at each).
  std::uint64_t epoch_length = 64;
  // JSON-RPC limits (docs/RPC.md, Limits).
  std::size_t rpc_max_connections = 512;
  std::size_t rpc_max_connections_per_address = 256;
  std::uint64_t rpc_max_requests_per_second_per_address = 0;  // 0: unlimited
  std::size_t rpc_max_reply_bytes = 25'000'000;
  std::chrono::milliseconds rpc_call_timeout{5000};
  std::chrono::milliseconds rpc_batch_timeout{10000};
  // Subnets (by name) whose consensus rules take legacy transactions without a chain id
  // (chain::ChainParams::unprotected_txs), for deterministic-deployment tools. At most one:
  // the same unprotected bytes would be valid on each of them.
  std::vector<std::string> unprotected_txs_subnets;
  // Genesis subnets (evm, wasm, move) whose genesis names a DA namespace (their name as a
  // version-0 id): their validators post every block to the primary network's data layer
  // (docs/DA.md, Subnets on DA). Part of the platform's block 0: every node must agree.
  std::vector<std::string> da_subnets;
  // State reads answer for the last this many blocks (chain::ChainConfig::history_blocks);
  // 0 (the default): an archive node, every block.
  std::uint64_t history_blocks = 0;
  // The explorer's built files, served at /explorer (docs/EXPLORER.md); empty: no explorer.
  // The plexus command fills in the directory beside its executable when there is one.
  std::filesystem::path explorer_dir{};
};

// Reads a JSON object whose keys are those of the struct ("data_dir", "rpc_port",
// "block_time_ms", "account_balance_wei" as a decimal string, ...) over `base`. Unknown keys and
// wrong types are errors naming the key, so a typo never silently falls back to a default.
[[nodiscard]] Result<DevNetworkConfig> load_dev_config(const std::filesystem::path& file,
                                                       DevNetworkConfig base);
// Same, from text (for tests and error messages without a file).
[[nodiscard]] Result<DevNetworkConfig> parse_dev_config(std::string_view text,
                                                        DevNetworkConfig base);

}  // namespace plexus::node
