#pragma once
// The block parameter of state and block methods: "latest", "pending", "safe", "finalized",
// "earliest", a QUANTITY, or an EIP-1898 object {"blockNumber": ...} / {"blockHash": ...}.
// "safe" and "finalized" answer from the chain's heads, which its consensus engine keeps (under
// the dev engine every block is final at once, so both are the latest block); "pending" reads the
// latest state (pooled transactions are not executed ahead).
#include <cstdint>
#include <optional>

#include "chain/subnet_chain.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

// A block that exists; `tag` may be null (absent): the latest block. kNotFound ("header not
// found", go-ethereum's words) for a number above the head or an unknown hash.
[[nodiscard]] Result<std::uint64_t> resolve_block(const json* tag, const chain::SubnetChain& chain,
                                                  std::size_t index);

// For state reads: nullopt means the latest state (read from memory, not the tries). A block
// older than the node's history window fails naming the window (SubnetChain::check_history).
[[nodiscard]] Result<std::optional<std::uint64_t>> state_block(const json* tag,
                                                               const chain::SubnetChain& chain,
                                                               std::size_t index);

}  // namespace plexus::rpc
