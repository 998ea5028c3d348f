#include "node/subnet_governance.hpp"

#include <algorithm>
#include <map>

#include "chain/header_rules.hpp"

namespace plexus::node {
namespace {

// The platform height whose set signed final block `height` (its epoch tag's).
Result<std::uint64_t> platform_height_of(const chain::SubnetChain& chain, std::uint64_t height) {
  PLEXUS_TRY(const auto record, chain.blocks().by_number(height));
  if (!record) return fail(Errc::kCorruption, "no final block " + std::to_string(height));
  PLEXUS_TRY(const consensus::bft::EpochTag tag,
             consensus::bft::decode_epoch_tag(chain::engine_data(record->block.header)));
  return tag.platform_height;
}

bool scheduled(const std::vector<platform::ScheduledChange>& changes, std::uint64_t proposal) {
  for (const platform::ScheduledChange& change : changes)
    if (change.proposal == proposal) return true;
  return false;
}

// The named protocol upgrades this node implements: Ethereum forks of the EVM. A name not in
// the table halts the chain at its height on this node (chain::check_upgrade).
struct KnownUpgrade {
  std::string_view name;
  evm::Revision revision;
};
constexpr KnownUpgrade kKnownUpgrades[] = {{"cancun", evm::Revision::kCancun},
                                           {"prague", evm::Revision::kPrague},
                                           {"osaka", evm::Revision::kOsaka}};

void apply_upgrade(const platform::ScheduleUpgrade& upgrade, chain::ChainParams& params) {
  for (const KnownUpgrade& known : kKnownUpgrades) {
    if (known.name != upgrade.name) continue;
    if (known.revision > params.revision) params.revision = known.revision;  // never back
    return;
  }
  if (params.unsupported_upgrade.empty()) params.unsupported_upgrade = upgrade.name;
}

// A chain rule change: a parameter, a VM enabled (kept in the order WASM, Move, so that the
// same set is the same list on every node), or a named upgrade.
void apply_action(const platform::GovernanceAction& action, chain::ChainParams& params) {
  if (const auto* upgrade = std::get_if<platform::ScheduleUpgrade>(&action))
    return apply_upgrade(*upgrade, params);
  if (const auto* enable = std::get_if<platform::EnableVm>(&action)) {
    const exec::CodeKind kind =
        enable->vm == platform::VmKind::kMove ? exec::CodeKind::kMove : exec::CodeKind::kWasm;
    auto& vms = params.foreign_vms;
    if (enable->vm == platform::VmKind::kEvm ||
        std::find(vms.begin(), vms.end(), kind) != vms.end())
      return;
    vms.push_back(kind);
    std::sort(vms.begin(), vms.end(), [](exec::CodeKind a, exec::CodeKind b) {
      return (a == exec::CodeKind::kWasm ? 0 : 1) < (b == exec::CodeKind::kWasm ? 0 : 1);
    });
    return;
  }
  const auto& set = std::get<platform::SetChainParam>(action);
  switch (set.param) {
    case platform::ChainParam::kGasLimit:
      params.gas_limit = set.value;
      break;
    case platform::ChainParam::kBaseFeeMaxChangeDenominator:
      params.base_fee_change_denominator = set.value;
      break;
    case platform::ChainParam::kElasticityMultiplier:
      params.base_fee_elasticity = set.value;
      break;
    case platform::ChainParam::kBlockTimeMs:
    case platform::ChainParam::kLeaderTimeoutMs:
      break;  // engine timings, not chain rules (apply_governance)
  }
}

}  // namespace

Result<void> apply_governance(chain::SubnetChain& chain, const platform::PlatformRegistry& registry,
                              std::string_view subnet, const consensus::bft::EpochInfo& epoch,
                              consensus::bft::BftParams& timing) {
  PLEXUS_TRY(const auto visible, registry.scheduled_changes_at(subnet, epoch.platform_height));
  const std::vector<chain::ParamsChange> done = chain.config().params.changes();
  const std::uint64_t last_done = done.empty() ? 0 : done.back().height;
  const std::uint64_t head = chain.heads().latest.number;
  // Chain rule changes by height, in proposal order within one height.
  std::map<std::uint64_t, std::vector<const platform::GovernanceAction*>> by_height;
  for (const platform::ScheduledChange& change : visible) {
    const auto* set = std::get_if<platform::SetChainParam>(&change.action);
    const bool chain_rule = set != nullptr ||
                            std::holds_alternative<platform::EnableVm>(change.action) ||
                            std::holds_alternative<platform::ScheduleUpgrade>(change.action);
    const std::uint64_t height = change.effective_height;
    if (!chain_rule || height == 0 || height > epoch.last_height) continue;
    if (height <= head) {
      // An earlier epoch's change, scheduled again after a restart if that epoch saw it.
      PLEXUS_TRY(const std::uint64_t then, platform_height_of(chain, height));
      PLEXUS_TRY(const auto at_then, registry.scheduled_changes_at(subnet, then));
      if (!scheduled(at_then, change.proposal)) continue;
    } else if (height <= epoch.last_height - epoch.length) {
      continue;  // before this epoch, which is the first to see it: expired
    }
    // Engine timings: not chain rules, so kept with the engine's parameters (idempotent: the
    // same change may be seen again at a later epoch's start).
    if (set != nullptr && set->param == platform::ChainParam::kBlockTimeMs) {
      timing.timing_changes[height].empty_block_after = std::chrono::milliseconds(set->value);
      continue;
    }
    if (set != nullptr && set->param == platform::ChainParam::kLeaderTimeoutMs) {
      timing.timing_changes[height].leader_timeout = std::chrono::milliseconds(set->value);
      continue;
    }
    if (height > last_done) by_height[height].push_back(&change.action);
  }
  for (const auto& [height, sets] : by_height) {
    chain::ChainParams params = chain.config().params.at(height);
    for (const platform::GovernanceAction* action : sets) apply_action(*action, params);
    // A height at or below the head was written under these rules already (a restart): the
    // schedule only has to know them again for the blocks after it.
    PLEXUS_CHECK(chain.schedule_params(chain::ParamsChange{height, std::move(params)},
                                       /*restoring=*/height <= head));
  }
  return {};
}

}  // namespace plexus::node
