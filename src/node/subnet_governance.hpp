#pragma once
// Passed governance proposals applied to a subnet's chain (docs/PLATFORM.md, Governance). The
// rule every node follows, so that a change takes effect at the same block everywhere: a
// proposal's change applies from its effective height h on if the proposal was scheduled on the
// platform chain at P_e, the platform height whose set the epoch holding h uses (in every block's
// epoch tag). A proposal that passed too late for that (h's epoch began before the platform saw
// it) never applies. Called at each epoch's start, before its first block, it schedules the
// changes whose heights fall in the epoch and, after a restart, those of earlier epochs again.
//
// Applied: gas_limit, base_fee_max_change_denominator, elasticity_multiplier. Not yet: block
// time and leader timeout (engine settings, not chain rules), enabling a VM, named upgrades.
#include "chain/subnet_chain.hpp"
#include "consensus/bft/epoch.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

[[nodiscard]] Result<void> apply_governance(chain::SubnetChain& chain,
                                            const platform::PlatformRegistry& registry,
                                            std::string_view subnet,
                                            const consensus::bft::EpochInfo& epoch);

}  // namespace plexus::node
