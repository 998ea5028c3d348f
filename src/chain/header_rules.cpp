#include "chain/header_rules.hpp"

#include <algorithm>
#include <string>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {
namespace {

std::string text(std::uint64_t value) { return std::to_string(value); }
std::string text(const uint256& value) { return value.str(); }
template <std::size_t N>
std::string text(const FixedBytes<N>& value) {
  return to_hex(value);
}

// "block 7: base fee 875000000, expected 1000000000".
template <typename T>
Result<void> expect(const BlockHeader& header, std::string_view field, const T& have,
                    const T& want) {
  if (have == want) return {};
  return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": " +
                                     std::string(field) + " " + text(have) + ", expected " +
                                     text(want));
}

std::unexpected<Error> refuse(const BlockHeader& header, std::string rule) {
  return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": " + rule);
}

}  // namespace

Hash256 senders_digest(std::span<const Address> senders) {
  Bytes joined;
  joined.reserve(senders.size() * Address::size());
  for (const Address& sender : senders)
    joined.insert(joined.end(), sender.bytes.begin(), sender.bytes.end());
  return keccak256(joined);
}

BytesView engine_data(const BlockHeader& header) {
  const BytesView all{header.extra_data};
  if (header.number == 0 || all.size() < kSendersDigestSize) return all;
  return all.first(all.size() - kSendersDigestSize);
}

std::optional<Hash256> committed_senders_digest(const BlockHeader& header) {
  if (header.number == 0 || header.extra_data.size() < kSendersDigestSize) return std::nullopt;
  return Hash256::right_aligned(header.extra_data);
}

BlockHeader next_header(const BlockHeader& parent, const Hash256& parent_hash,
                        const ChainParams& params, const BuildParams& build) {
  BlockHeader header;
  header.parent_hash = parent_hash;
  header.coinbase =
      params.coinbase_policy == CoinbasePolicy::kProposer ? build.proposer : params.coinbase;
  header.number = parent.number + 1;
  header.gas_limit = params.gas_limit;
  header.timestamp = std::max(build.now_seconds, parent.timestamp + 1);
  header.extra_data = build.extra_data;
  header.mix_hash = keccak256(parent_hash.view());
  header.base_fee_per_gas =
      next_base_fee(params, parent.base_fee_per_gas.value_or(0), parent.gas_used, parent.gas_limit);
  header.withdrawals_root = kEmptyTrieRoot;
  header.blob_gas_used = 0;
  // Blob transactions are refused, so no block uses blob gas and the excess stays 0; computed by
  // the fork's rules all the same (EIP-4844, EIP-7691 schedule, EIP-7918 bound).
  header.excess_blob_gas =
      transition::next_excess_blob_gas({.excess_blob_gas = parent.excess_blob_gas.value_or(0),
                                        .blob_gas_used = parent.blob_gas_used.value_or(0),
                                        .base_fee = parent.base_fee_per_gas.value_or(0)},
                                       transition::blob_schedule(params.revision), params.revision);
  header.parent_beacon_block_root = Hash256{};
  return header;
}

Result<void> validate_header(const BlockHeader& parent, const Hash256& parent_hash,
                             const BlockHeader& h, const ChainParams& params,
                             std::uint64_t now_seconds) {
  PLEXUS_CHECK(expect(h, "number", h.number, parent.number + 1));
  PLEXUS_CHECK(expect(h, "parent hash", h.parent_hash, parent_hash));
  if (h.timestamp <= parent.timestamp)
    return refuse(h, "timestamp " + text(h.timestamp) + " is not after the parent's " +
                         text(parent.timestamp));
  const std::uint64_t latest =
      std::max(now_seconds, parent.timestamp + 1) + params.max_future_seconds;
  if (h.timestamp > latest)
    return refuse(h, "timestamp " + text(h.timestamp) + " is more than " +
                         text(params.max_future_seconds) + " s ahead (at most " + text(latest) +
                         ")");
  PLEXUS_CHECK(expect(h, "gas limit", h.gas_limit, params.gas_limit));
  if (h.gas_used > h.gas_limit)
    return refuse(h, "gas used " + text(h.gas_used) + " above the gas limit " + text(h.gas_limit));
  const BlockHeader next = next_header(parent, parent_hash, params, {});
  if (!h.base_fee_per_gas) return refuse(h, "no base fee");
  PLEXUS_CHECK(expect(h, "base fee", *h.base_fee_per_gas, *next.base_fee_per_gas));
  PLEXUS_CHECK(expect(h, "prev_randao", h.mix_hash, next.mix_hash));
  if (params.coinbase_policy == CoinbasePolicy::kFixed)
    PLEXUS_CHECK(expect(h, "coinbase", h.coinbase, params.coinbase));
  if (h.extra_data.size() < kSendersDigestSize)
    return refuse(h, "extra data of " + text(h.extra_data.size()) +
                         " bytes has no senders digest (its last 32 bytes)");
  if (h.extra_data.size() > kMaxEngineData + kSendersDigestSize)
    return refuse(h, "extra data of " + text(h.extra_data.size()) +
                         " bytes (at most 32 of the engine's, then the 32-byte senders digest)");
  PLEXUS_CHECK(expect(h, "difficulty", h.difficulty, uint256(0)));
  PLEXUS_CHECK(expect(h, "nonce", h.nonce, FixedBytes<8>{}));
  PLEXUS_CHECK(expect(h, "ommers hash", h.ommers_hash, empty_ommers_hash()));
  if (!h.withdrawals_root || !h.blob_gas_used || !h.excess_blob_gas || !h.parent_beacon_block_root)
    return refuse(h, "the Cancun header fields are missing");
  if (h.requests_hash) return refuse(h, "a requests hash (Prague) on a Cancun chain");
  PLEXUS_CHECK(expect(h, "withdrawals root", *h.withdrawals_root, kEmptyTrieRoot));
  PLEXUS_CHECK(expect(h, "blob gas used", *h.blob_gas_used, std::uint64_t{0}));
  PLEXUS_CHECK(expect(h, "excess blob gas", *h.excess_blob_gas, *next.excess_blob_gas));
  PLEXUS_CHECK(expect(h, "parent beacon block root", *h.parent_beacon_block_root, Hash256{}));
  return {};
}

}  // namespace plexus::chain
