#include "chain/base_fee.hpp"

namespace plexus::chain {

uint256 next_base_fee(const uint256& parent_base_fee, std::uint64_t parent_gas_used,
                      std::uint64_t parent_gas_limit) {
  const std::uint64_t target = parent_gas_limit / kElasticityMultiplier;
  // A zero target (gas limit below 2) cannot steer anything; keep the fee rather than divide by 0.
  if (target == 0 || parent_gas_used == target) return parent_base_fee;
  if (parent_gas_used > target) {
    const uint256 delta =
        parent_base_fee * (parent_gas_used - target) / target / kBaseFeeChangeDenominator;
    return parent_base_fee + (delta > 0 ? delta : uint256(1));
  }
  const uint256 delta =
      parent_base_fee * (target - parent_gas_used) / target / kBaseFeeChangeDenominator;
  return parent_base_fee - delta;
}

}  // namespace plexus::chain
