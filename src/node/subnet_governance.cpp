#include "node/subnet_governance.hpp"

#include <map>

namespace plexus::node {
namespace {

// The platform height whose set signed final block `height` (its epoch tag's).
Result<std::uint64_t> platform_height_of(const chain::SubnetChain& chain, std::uint64_t height) {
  PLEXUS_TRY(const auto record, chain.blocks().by_number(height));
  if (!record) return fail(Errc::kCorruption, "no final block " + std::to_string(height));
  PLEXUS_TRY(const consensus::bft::EpochTag tag,
             consensus::bft::decode_epoch_tag(record->block.header.extra_data));
  return tag.platform_height;
}

bool scheduled(const std::vector<platform::ScheduledChange>& changes, std::uint64_t proposal) {
  for (const platform::ScheduledChange& change : changes)
    if (change.proposal == proposal) return true;
  return false;
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
  std::map<std::uint64_t, std::vector<const platform::SetChainParam*>> by_height;
  for (const platform::ScheduledChange& change : visible) {
    const auto* set = std::get_if<platform::SetChainParam>(&change.action);
    const std::uint64_t height = change.effective_height;
    if (set == nullptr || height == 0 || height > epoch.last_height) continue;
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
    const auto ms = std::chrono::milliseconds(set->value);
    if (set->param == platform::ChainParam::kBlockTimeMs) {
      timing.timing_changes[height].empty_block_after = ms;
      continue;
    }
    if (set->param == platform::ChainParam::kLeaderTimeoutMs) {
      timing.timing_changes[height].leader_timeout = ms;
      continue;
    }
    if (height > last_done) by_height[height].push_back(set);
  }
  for (const auto& [height, sets] : by_height) {
    chain::ChainParams params = chain.config().params.at(height);
    for (const platform::SetChainParam* set : sets) {
      switch (set->param) {
        case platform::ChainParam::kGasLimit:
          params.gas_limit = set->value;
          break;
        case platform::ChainParam::kBaseFeeMaxChangeDenominator:
          params.base_fee_change_denominator = set->value;
          break;
        case platform::ChainParam::kElasticityMultiplier:
          params.base_fee_elasticity = set->value;
          break;
        case platform::ChainParam::kBlockTimeMs:
        case platform::ChainParam::kLeaderTimeoutMs:
          break;  // engine timings: handled above
      }
    }
    // A height at or below the head was written under these rules already (a restart): the
    // schedule only has to know them again for the blocks after it.
    PLEXUS_CHECK(chain.schedule_params(chain::ParamsChange{height, std::move(params)},
                                       /*restoring=*/height <= head));
  }
  return {};
}

}  // namespace plexus::node
