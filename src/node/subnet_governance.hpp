#pragma once
// Passed governance proposals applied to a subnet's chain (docs/PLATFORM.md, Governance). The
// rule every node follows, so that a change takes effect at the same block everywhere: a
// proposal's change applies from its effective height h on if the proposal was scheduled on the
// platform chain at P_e, the platform height whose set the epoch holding h uses (in every block's
// epoch tag). A proposal that passed too late for that (h's epoch began before the platform saw
// it) never applies. Called at each epoch's start, before its first block, it schedules the
// changes whose heights fall in the epoch and, after a restart, those of earlier epochs again.
//
// Applied: gas_limit, base_fee_max_change_denominator, elasticity_multiplier (chain rules, in
// the chain's ParamsSchedule); block_time_ms (how long a leader waits for transactions before
// it proposes an empty block) and leader_timeout_ms (engine timings, in `timing`, from the
// height on); EnableVm of WASM or Move (added to the chain's foreign_vms from the height on;
// Move's standard library is written into state by that block, ChainConfig::vm_accounts); named
// upgrades (a known one moves the EVM revision forward, an unknown one stops this node's chain
// at the height: chain::check_upgrade).
#include "chain/subnet_chain.hpp"
#include "consensus/bft/epoch.hpp"
#include "consensus/bft/replica.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

[[nodiscard]] Result<void> apply_governance(chain::SubnetChain& chain,
                                            const platform::PlatformRegistry& registry,
                                            std::string_view subnet,
                                            const consensus::bft::EpochInfo& epoch,
                                            consensus::bft::BftParams& timing);

}  // namespace plexus::node
