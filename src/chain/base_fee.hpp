#pragma once
// EIP-1559 base fee: it moves by at most 1/8 per block towards keeping blocks half full.
#include <cstdint>

#include "core/uint256.hpp"

namespace plexus::chain {

inline constexpr std::uint64_t kInitialBaseFee = 1'000'000'000;  // 1 gwei, as on mainnet
inline constexpr std::uint64_t kElasticityMultiplier = 2;
inline constexpr std::uint64_t kBaseFeeChangeDenominator = 8;

// The base fee of the block following a parent with these fields, with Ethereum's elasticity
// and change denominator unless others are given (a subnet's ChainParams).
[[nodiscard]] uint256 next_base_fee(const uint256& parent_base_fee, std::uint64_t parent_gas_used,
                                    std::uint64_t parent_gas_limit,
                                    std::uint64_t elasticity = kElasticityMultiplier,
                                    std::uint64_t change_denominator = kBaseFeeChangeDenominator);

}  // namespace plexus::chain
