#pragma once
// What every node of a network derives from the same configuration: the primary network's block
// 0 (dev accounts funded, validators registered, the evm, wasm and move subnets created) and each
// subnet's chain configuration. `plexus dev`, `plexus node` and a rebuild from DA
// (`plexus da rebuild`) read them here, so that they build the same genesis blocks.
#include <vector>

#include "chain/subnet_chain.hpp"
#include "core/clock.hpp"
#include "core/secp256k1.hpp"
#include "node/dev_config.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

// Every dev account holds PLX on the primary network; account 0 owns the three subnets (chain
// ids evm_chain_id, +1, +2). The configured validators (a network's genesis) are registered
// with the minimum stake (account i % accounts stakes for validator i) and validate every
// subnet; without any (plexus dev), account 0 is the one validator. The subnets named in
// config.da_subnets post their blocks to DA in their namespace (subnet_da_namespace).
// Signatures are deterministic, so every node of a network builds the same block 0.
[[nodiscard]] platform::PlatformGenesis dev_platform_genesis(
    const DevNetworkConfig& config, const std::vector<secp256k1::PrivateKey>& keys);

// The version-0 namespace whose id is the subnet's name (at most 10 bytes).
[[nodiscard]] Result<Bytes> subnet_da_namespace(std::string_view name);

// The chain configuration of `subnet` under `config` (genesis funds, gas limit, VMs, forks,
// messenger). `registry` and `clock` must outlive the chain.
[[nodiscard]] Result<chain::ChainConfig> subnet_chain_config(
    const DevNetworkConfig& config, const platform::Subnet& subnet,
    const std::vector<secp256k1::PrivateKey>& accounts, const platform::PlatformRegistry& registry,
    const Clock& clock);

}  // namespace plexus::node
