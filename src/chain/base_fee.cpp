#include "chain/base_fee.hpp"

namespace plexus::chain {

uint256 next_base_fee(const uint256& parent_base_fee, std::uint64_t parent_gas_used,
                      std::uint64_t parent_gas_limit, std::uint64_t elasticity,
                      std::uint64_t change_denominator) {
  const std::uint64_t target = elasticity == 0 ? 0 : parent_gas_limit / elasticity;
  // A zero target (gas limit below 2) cannot steer anything; keep the fee rather than divide by 0.
  if (target == 0 || change_denominator == 0 || parent_gas_used == target) return parent_base_fee;
  if (parent_gas_used > target) {
    const uint256 delta =
        parent_base_fee * (parent_gas_used - target) / target / change_denominator;
    return parent_base_fee + (delta > 0 ? delta : uint256(1));
  }
  const uint256 delta = parent_base_fee * (target - parent_gas_used) / target / change_denominator;
  return parent_base_fee - delta;
}

}  // namespace plexus::chain
