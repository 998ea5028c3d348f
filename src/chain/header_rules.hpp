#pragma once
// The one place that says what the next block's header is. Block building, eth_call /
// eth_estimateGas (which run "in the next block") and verification of a block built elsewhere all
// start here, so they agree on every field the execution sees (number, timestamp, gas limit,
// coinbase, PREVRANDAO, base fee).
#include <cstdint>

#include "chain/block_header.hpp"
#include "chain/chain_params.hpp"
#include "core/error.hpp"

namespace plexus::chain {

// What the proposer of a block decides; everything else follows from the parent and the rules.
struct BuildParams {
  std::uint64_t now_seconds = 0;  // the proposer's clock
  Address proposer;               // receives the fees under CoinbasePolicy::kProposer
  Bytes extra_data{};             // what the engine records in the block (at most 32 bytes)
};

// The header of the block after `parent` (whose hash is `parent_hash`) before its body is known:
// the roots, gas used and logs bloom are the executor's to fill in.
//   timestamp   max(now, parent + 1): strictly increasing, as Ethereum requires; a chain making
//               several blocks a second runs ahead of the clock and falls back in step later
//   prev_randao keccak256(parent hash): deterministic (no beacon chain gives randomness here)
//   base fee    EIP-1559 from the parent under the subnet's parameters
[[nodiscard]] BlockHeader next_header(const BlockHeader& parent, const Hash256& parent_hash,
                                      const ChainParams& params, const BuildParams& build);

// Checks everything about `header` that does not need its body executed, against its parent and
// the rules of its height: parent hash, number, timestamp (after the parent, not too far ahead
// of `now_seconds`), gas limit, base fee, PREVRANDAO, coinbase, extra data, and the post-merge
// fields that must hold fixed values. kValidation names the field and both values.
[[nodiscard]] Result<void> validate_header(const BlockHeader& parent, const Hash256& parent_hash,
                                           const BlockHeader& header, const ChainParams& params,
                                           std::uint64_t now_seconds);

}  // namespace plexus::chain
