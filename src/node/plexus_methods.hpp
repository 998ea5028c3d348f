#pragma once
// plexus_* JSON-RPC methods, answered on every endpoint: the primary network (validators, PLX
// balances, signed platform operations) and its subnets with their endpoints.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "chain/subnet_chain.hpp"
#include "platform/registry.hpp"
#include "rpc/dispatcher.hpp"

namespace plexus::node {

// The head of a subnet this node runs, by name; nullopt for one it does not run.
using HeadLookup =
    std::function<std::optional<std::pair<std::uint64_t, Hash256>>(std::string_view)>;
// Takes a client's platform operation: its hash, or the rule it breaks.
using PlatformSubmit = std::function<Result<Hash256>(const platform::SignedOperation&)>;

// plexus_subnets, plexus_getValidators, plexus_getBalance, plexus_submitPlatformOperation (hex of
// platform::encode_signed), plexus_getMoveResource (from `move_chain`, the Move subnet, if this
// node runs one). `head_of` finds the heads of the subnets this node runs; the others are
// reported as not running. Also the platform_* methods (platform_methods.hpp). Operations
// go to `submit`, by default applied at once (registry.apply).
void add_plexus_methods(rpc::Dispatcher& dispatcher, platform::PlatformRegistry& registry,
                        HeadLookup head_of,
                        const chain::SubnetChain* move_chain, PlatformSubmit submit = {});

}  // namespace plexus::node
