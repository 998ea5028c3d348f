#pragma once
// platform_* JSON-RPC methods: the primary network's state as this node holds it (final blocks
// only) and the submission of signed platform operations (docs/RPC.md, Platform).
//   platform_submitTx(data)                  -> operation hash; the broken rule as an error
//   platform_getHeight()                     -> {height, hash, timestamp, pooled}
//   platform_getBalance(address)             -> {balance, nonce}
//   platform_getValidators(subnet?, height?) -> [{nodeId, weight, blsKey}] in node id order;
//                                               subnet "primary" (the default) or a name
//   platform_getSubnet(name)                 -> the subnet's record, or null
//   platform_getProposal(subnet, number)     -> a governance proposal and its votes, or null
#include <functional>

#include "platform/registry.hpp"
#include "rpc/dispatcher.hpp"

namespace plexus::node {

using PlatformSubmitter = std::function<Result<Hash256>(const platform::SignedOperation&)>;

void add_platform_methods(rpc::Dispatcher& dispatcher, const platform::PlatformRegistry& registry,
                          PlatformSubmitter submit);

// A subnet's record as the plexus_subnets and platform_getSubnet methods show it.
[[nodiscard]] rpc::json subnet_json(const platform::Subnet& subnet);
[[nodiscard]] rpc::json action_json(const platform::GovernanceAction& action);
// A primary validator's staking record as plexus_getValidators and platform_getValidators show
// it: {nodeId, stake, owner, delegated, startTime, endTime (null: no end), uptime}.
[[nodiscard]] rpc::json validator_json(const platform::Validator& v);

}  // namespace plexus::node
