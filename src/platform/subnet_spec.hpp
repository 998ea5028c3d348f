#pragma once
// Encoding and rules of a subnet genesis (CreateSubnet::genesis):
// rlp([[[address, balance], ...], gas_limit]).
#include <cstddef>

#include "core/rlp.hpp"
#include "platform/operations.hpp"

namespace plexus::platform {

inline constexpr std::size_t kMaxGenesisAccounts = 256;

[[nodiscard]] Bytes encode_subnet_genesis(const SubnetGenesis& genesis);
[[nodiscard]] Result<SubnetGenesis> decode_subnet_genesis(const rlp::Item& item);
// At most kMaxGenesisAccounts, none funded twice, a gas limit of 0 (the default) or in the
// range governance allows.
[[nodiscard]] Result<void> check_subnet_genesis(const SubnetGenesis& genesis);

}  // namespace plexus::platform
