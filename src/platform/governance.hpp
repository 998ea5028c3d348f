#pragma once
// Subnet governance actions: the chain parameters a proposal may change with their allowed
// ranges, and how an action is encoded inside a Propose operation and a stored proposal.
#include <string_view>

#include "core/rlp.hpp"
#include "platform/operations.hpp"

namespace plexus::platform {

struct ParamRange {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
};

[[nodiscard]] std::string_view chain_param_name(ChainParam param) noexcept;
// The values a proposal may set. Wider ranges would let a vote stall or break the chain (a zero
// denominator divides by zero in the base-fee rule; a gas limit below a transfer's cost admits
// no transaction).
[[nodiscard]] ParamRange chain_param_range(ChainParam param) noexcept;
[[nodiscard]] bool valid_upgrade_name(std::string_view name) noexcept;

// rlp([max_validators, min_weight, max_weight]): in CreateSubnet and SetValidatorRequirements.
[[nodiscard]] Bytes encode_requirements(const Governance& requirements);
[[nodiscard]] Result<Governance> decode_requirements(const rlp::Item& item);

// rlp([kind, fields...]), kind = the GovernanceAction variant index.
[[nodiscard]] Bytes encode_action(const GovernanceAction& action);
[[nodiscard]] Result<GovernanceAction> decode_action(BytesView encoded);

}  // namespace plexus::platform
