#pragma once
// The one place that says what the next block's header is. Block building, eth_call /
// eth_estimateGas (which run "in the next block") and verification of a block built elsewhere all
// start here, so they agree on every field the execution sees (number, timestamp, gas limit,
// coinbase, PREVRANDAO, base fee).
#include <cstdint>
#include <optional>
#include <span>

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

// Every block after genesis ends its extra data with the senders digest: keccak256 of its
// transactions' senders, 20 bytes each, in block order. The header, and so a certificate over its
// hash, then commits to who sent each transaction, which the transactions root alone does only
// through each signature. A node syncing certified blocks takes the senders from its peer,
// checks them against the digest and skips recovering every signature; the state root cannot
// stand in for the digest, since swapping the senders of two equal transfers leaves it unchanged.
// (Ethereum caps extra data at 32 bytes; a subnet allows the engine's 32 and the digest.)
inline constexpr std::size_t kMaxEngineData = 32;
inline constexpr std::size_t kSendersDigestSize = 32;
[[nodiscard]] Hash256 senders_digest(std::span<const Address> senders);
// The engine's part of a header's extra data: all of it at genesis, else all but the digest.
[[nodiscard]] BytesView engine_data(const BlockHeader& header);
// The digest a header commits to; nullopt at genesis or when the extra data is too short.
[[nodiscard]] std::optional<Hash256> committed_senders_digest(const BlockHeader& header);

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
// of `now_seconds`), gas limit, base fee, PREVRANDAO, coinbase, extra data (its size; the senders
// digest is checked once the senders are known), and the post-merge
// fields that must hold fixed values. kValidation names the field and both values.
[[nodiscard]] Result<void> validate_header(const BlockHeader& parent, const Hash256& parent_hash,
                                           const BlockHeader& header, const ChainParams& params,
                                           std::uint64_t now_seconds);

}  // namespace plexus::chain
