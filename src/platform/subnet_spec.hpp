#pragma once
// Encoding and rules of a subnet genesis (CreateSubnet::genesis):
// rlp([[[address, balance], ...], gas_limit, message_quorum_bps?, da_namespace?]), trailing
// defaults left out.
#include <cstddef>

#include "core/rlp.hpp"
#include "platform/operations.hpp"

namespace plexus::platform {

inline constexpr std::size_t kMaxGenesisAccounts = 256;

[[nodiscard]] Bytes encode_subnet_genesis(const SubnetGenesis& genesis);
[[nodiscard]] Result<SubnetGenesis> decode_subnet_genesis(const rlp::Item& item);
// At most kMaxGenesisAccounts, none funded twice, a gas limit of 0 (the default) or in the
// governance allows. range governance allows, a message quorum in range, a DA namespace a blob may
// use.
[[nodiscard]] Result<void> check_subnet_genesis(const SubnetGenesis& genesis);
// Empty (no posting), or 29 bytes of a namespace a blob may use; the error names the rule.
[[nodiscard]] Result<void> check_da_namespace(BytesView ns);

}  // namespace plexus::platform
