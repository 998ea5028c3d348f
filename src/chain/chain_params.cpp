#include "chain/chain_params.hpp"

#include <algorithm>
#include <string>

namespace plexus::chain {

uint256 next_base_fee(const ChainParams& params, const uint256& parent_base_fee,
                      std::uint64_t parent_gas_used, std::uint64_t parent_gas_limit) {
  const uint256 fee = next_base_fee(parent_base_fee, parent_gas_used, parent_gas_limit,
                                    params.base_fee_elasticity, params.base_fee_change_denominator);
  return fee < params.min_base_fee ? params.min_base_fee : fee;
}

Result<void> validate_params(const ChainParams& params) {
  const auto bad = [](std::string what) {
    return fail(Errc::kInvalidArgument, "chain parameters: " + std::move(what));
  };
  if (params.gas_limit < 21'000) return bad("gas_limit must be at least 21000");
  if (params.gas_limit > (std::uint64_t{1} << 62)) return bad("gas_limit must be below 2^62");
  if (params.base_fee_elasticity == 0) return bad("base_fee_elasticity must be non-zero");
  if (params.base_fee_change_denominator == 0)
    return bad("base_fee_change_denominator must be non-zero");
  for (const exec::CodeKind kind : params.foreign_vms)
    if (kind != exec::CodeKind::kWasm && kind != exec::CodeKind::kMove)
      return bad("foreign_vms may name only the WASM and Move VMs");
  return {};
}

Result<void> check_upgrade(const ChainParams& params, std::uint64_t height) {
  if (params.unsupported_upgrade.empty()) return {};
  return fail(Errc::kNotSupported,
              "not supported: upgrade " + params.unsupported_upgrade + " (in force at block " +
                  std::to_string(height) +
                  ", scheduled by governance): this node cannot build or verify blocks from "
                  "it on; run a version that implements it");
}

Result<void> ParamsSchedule::schedule(ParamsChange change) {
  if (change.height == 0)
    return fail(Errc::kInvalidArgument,
                "chain parameters: genesis rules "
                "are not a scheduled change");
  if (!changes_.empty() && change.height <= changes_.back().height)
    return fail(Errc::kInvalidArgument,
                "chain parameters: changes must be scheduled at increasing heights (" +
                    std::to_string(change.height) + " after " +
                    std::to_string(changes_.back().height) + ")");
  PLEXUS_CHECK(validate_params(change.params));
  // A VM may be enabled at a height (governance's EnableVm), never disabled: contracts deployed
  // under it must keep running.
  const std::vector<exec::CodeKind>& before =
      changes_.empty() ? genesis_.foreign_vms : changes_.back().params.foreign_vms;
  for (const exec::CodeKind kind : before)
    if (std::find(change.params.foreign_vms.begin(), change.params.foreign_vms.end(), kind) ==
        change.params.foreign_vms.end())
      return not_supported("disabling a VM at a height");
  if (changes_.size() == kMaxChanges)
    return fail(Errc::kLimitExceeded, "chain parameters: more than " + std::to_string(kMaxChanges) +
                                          " scheduled changes");
  changes_.push_back(std::move(change));
  published_.store(changes_.size(), std::memory_order_release);
  return {};
}

const ChainParams& ParamsSchedule::at(std::uint64_t height) const {
  // The last change at or below `height`; few changes are ever scheduled, so a scan is enough.
  const std::size_t n = published_.load(std::memory_order_acquire);
  const ChainParams* current = &genesis_;
  for (std::size_t i = 0; i < n; ++i) {
    if (changes_[i].height > height) break;
    current = &changes_[i].params;
  }
  return *current;
}

}  // namespace plexus::chain
