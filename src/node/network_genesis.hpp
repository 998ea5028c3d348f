#pragma once
// The file every node of a network starts from (`genesis` in node.toml, written by `plexus
// localnet up`): what `plexus dev` derives from its flags, fixed once for all nodes so that they
// build byte-identical genesis blocks, above all the genesis time, which every subnet's genesis
// header carries. JSON:
//   {"network_id": 1337, "timestamp": 1733390000, "evm_chain_id": 31337,
//    "mnemonic": "test test ... junk", "accounts": 10, "account_balance_wei": "10000000...",
//    "block_gas_limit": 30000000, "block_time_ms": 0,
//    "consensus": "dev", "leader_timeout_ms": 1000, "epoch_length": 64,
//    "validators": [{"node_id": "0x…20 bytes", "bls_key": "0x…48 bytes",
//                    "bls_pop": "0x…96 bytes", "weight": 1}, ...]}
// Every key but timestamp has the default shown; unknown keys are errors. Under "bft" the
// primary network's chain and every subnet run the bft engine; the listed validators (at least
// one, each BLS key a valid point with a valid proof of possession, no node id or key twice) are
// registered in platform block 0 as primary validators and as validators of every subnet.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "node/dev_config.hpp"
#include "platform/history.hpp"

namespace plexus::node {

struct NetworkGenesis {
  std::uint64_t network_id = 1337;
  std::uint64_t timestamp = 0;  // required
  std::uint64_t evm_chain_id = 31337;
  std::string mnemonic = DevNetworkConfig{}.mnemonic;
  std::size_t accounts = 10;
  uint256 account_balance = DevNetworkConfig{}.account_balance;
  std::uint64_t block_gas_limit = 30'000'000;
  std::uint64_t block_time_ms = 0;
  // The subnets' engine: "dev", "bft" or "snowman"; under the last two the primary network's
  // chain runs bft.
  std::string consensus = "dev";
  std::uint64_t leader_timeout_ms = 1000;
  std::uint64_t epoch_length = 64;  // blocks of a bft epoch, on every chain
  std::vector<GenesisValidator> validators;
  std::vector<std::string> da_subnets;  // DevNetworkConfig::da_subnets
};

[[nodiscard]] Result<NetworkGenesis> parse_network_genesis(std::string_view json_text);
[[nodiscard]] Result<NetworkGenesis> load_network_genesis(const std::filesystem::path& file);
[[nodiscard]] std::string genesis_json(const NetworkGenesis& genesis);
// Sets the network-wide fields of `config` from `genesis`.
void apply_genesis(const NetworkGenesis& genesis, DevNetworkConfig& config);

}  // namespace plexus::node
