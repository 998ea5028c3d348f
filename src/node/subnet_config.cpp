#include "node/subnet_config.hpp"

#include <algorithm>

#include "core/bls/bls.hpp"
#include "da/share.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/message_receiving.hpp"
#include "node/subnet_vms.hpp"

namespace plexus::node {

Result<Bytes> subnet_da_namespace(std::string_view name) {
  if (name.empty() || name.size() > da::kNamespaceSize - da::kVersionZeroPrefixSize - 1)
    return fail(Errc::kInvalidArgument, "subnet " + std::string(name) +
                                            ": a DA namespace from the name needs 1 to 10 "
                                            "characters");
  const Bytes id(name.begin(), name.end());
  return to_bytes(da::namespace_v0(id).view());
}

platform::PlatformGenesis dev_platform_genesis(const DevNetworkConfig& c,
                                               const std::vector<secp256k1::PrivateKey>& keys) {
  platform::PlatformGenesis genesis;
  genesis.network_id = c.network_id;
  genesis.timestamp = c.genesis_timestamp;
  for (const auto& key : keys) genesis.balances.emplace_back(key.address(), platform::plx(10'000));
  if (keys.empty()) return genesis;
  std::vector<std::uint64_t> nonces(keys.size(), 0);
  const auto add = [&](platform::Operation op, std::size_t issuer = 0) {
    genesis.operations.push_back(platform::sign_operation(
        std::move(op), c.network_id, nonces[issuer]++, std::span(&keys[issuer], 1)));
  };
  // A local network is a test bed: periods may be without an end (its validators stake until it
  // is wiped) or as short as a minute, and a proposal's vote as short as five seconds.
  platform::PlatformParams params;
  params.max_staking_period = platform::kNoEnd;
  params.min_staking_period = 60;
  params.min_voting_period = 5;
  genesis.params = params;
  std::vector<std::pair<Address, std::uint64_t>> members;  // node id, subnet weight
  if (c.validators.empty()) {
    // The dev engine reads no certificates, but a primary validator always proves a BLS key:
    // this one is derived from account 0's key.
    const auto bls_key = bls::SecretKey::key_gen(keys[0].secret().view());  // 32 bytes: never fails
    if (!bls_key) return genesis;
    add(platform::AddValidator{.node_id = keys[0].address(),
                               .stake = platform::min_validator_stake(),
                               .bls_key = to_bytes(bls_key->public_key().to_bytes().view()),
                               .bls_pop = to_bytes(bls::pop_prove(*bls_key).to_bytes().view())});
    members.emplace_back(keys[0].address(), 1);
  }
  for (std::size_t i = 0; i < c.validators.size(); ++i) {
    const GenesisValidator& v = c.validators[i];
    add(platform::AddValidator{.node_id = v.node_id,
                               .stake = platform::min_validator_stake(),
                               .bls_key = v.bls_key,
                               .bls_pop = v.bls_pop},
        i % keys.size());
    members.emplace_back(v.node_id, v.weight);
  }
  const std::pair<const char*, platform::VmKind> subnets[] = {{"evm", platform::VmKind::kEvm},
                                                              {"wasm", platform::VmKind::kWasm},
                                                              {"move", platform::VmKind::kMove}};
  std::uint64_t chain_id = c.evm_chain_id;
  for (const auto& [name, vm] : subnets) {
    // Governed by account 0's vote, decided in ten seconds: a test bed.
    platform::CreateSubnet create{.name = name,
                                  .vms = {vm},
                                  .chain_id = chain_id++,
                                  .consensus = c.consensus,
                                  .owners = {keys[0].address()},
                                  .threshold = 1,
                                  .voting = {.voting_period = 10, .timelock = 0}};
    const bool posts =
        std::find(c.da_subnets.begin(), c.da_subnets.end(), name) != c.da_subnets.end();
    if (posts) create.genesis.da_namespace = subnet_da_namespace(name).value_or(Bytes{});
    add(std::move(create));
    for (const auto& [node, weight] : members)
      add(platform::AddSubnetValidator{name, node, weight});
  }
  return genesis;
}

Result<chain::ChainConfig> subnet_chain_config(const DevNetworkConfig& c,
                                               const platform::Subnet& subnet,
                                               const std::vector<secp256k1::PrivateKey>& accounts,
                                               const platform::PlatformRegistry& registry,
                                               const Clock& clock) {
  const auto listed = [&subnet](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), subnet.spec.name) != names.end();
  };
  chain::ChainConfig chain_config;
  chain_config.chain_id = subnet.spec.chain_id;
  const platform::SubnetGenesis& genesis = subnet.spec.genesis;
  chain_config.params.genesis().gas_limit =
      genesis.gas_limit != 0 ? genesis.gas_limit : c.block_gas_limit;
  chain_config.params.genesis().unprotected_txs = listed(c.unprotected_txs_subnets);
  chain_config.params.genesis().revision = c.evm_fork;
  chain_config.genesis_timestamp = c.genesis_timestamp;
  chain_config.history_blocks = c.history_blocks;
  chain_config.block_durability = c.sync_writes ? kv::Durability::kSync : kv::Durability::kBuffered;
  chain_config.now_seconds = [&clock] { return clock.unix_seconds(); };
  for (const platform::SubnetGenesis::Funded& funded : genesis.alloc)
    chain_config.alloc.push_back({funded.address, funded.balance});
  if (genesis.alloc.empty())
    for (const secp256k1::PrivateKey& key : accounts)
      chain_config.alloc.push_back({key.address(), c.account_balance});
  PLEXUS_CHECK(configure_subnet_vms(subnet.spec.vms, chain_config));
  // Message ids and signatures name the network by 32 bits (docs/MESSAGING.md).
  chain_config.messenger_vm = std::make_shared<messaging::MessengerVm>(
      static_cast<std::uint32_t>(c.network_id), subnet_key(subnet.spec.name),
      messaging::kDefaultMaxPayload,
      message_receiving(registry, subnet.spec.genesis.message_quorum_bps));
  chain_config.platform_height = block_platform_height;
  for (const DevNetworkConfig::ForkUpgrade& upgrade : c.evm_fork_upgrades) {
    chain::ChainParams params = chain_config.params.genesis();
    params.revision = upgrade.fork;
    PLEXUS_CHECK(chain_config.params.schedule({.height = upgrade.height, .params = params}));
  }

  return chain_config;
}

}  // namespace plexus::node
