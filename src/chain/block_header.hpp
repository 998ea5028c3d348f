#pragma once
// An Ethereum-shaped block header with the fields of every fork up to Prague. Fields added by
// later forks are optional; a header carries a prefix of them (a field is never present while an
// earlier one is absent), exactly as mainnet headers do.
#include <cstdint>
#include <optional>

#include "chain/bloom.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/uint256.hpp"

namespace plexus::chain {

// keccak256(rlp([])): the ommers hash of every post-merge block.
[[nodiscard]] const Hash256& empty_ommers_hash() noexcept;

struct BlockHeader {
  Hash256 parent_hash;
  Hash256 ommers_hash = empty_ommers_hash();
  Address coinbase;
  Hash256 state_root;
  Hash256 transactions_root;
  Hash256 receipts_root;
  Bloom logs_bloom;
  uint256 difficulty = 0;  // always 0 after the merge
  std::uint64_t number = 0;
  std::uint64_t gas_limit = 0;
  std::uint64_t gas_used = 0;
  std::uint64_t timestamp = 0;
  Bytes extra_data;
  Hash256 mix_hash;  // prev_randao after the merge
  FixedBytes<8> nonce;
  std::optional<uint256> base_fee_per_gas;          // London
  std::optional<Hash256> withdrawals_root;          // Shanghai
  std::optional<std::uint64_t> blob_gas_used;       // Cancun
  std::optional<std::uint64_t> excess_blob_gas;     // Cancun
  std::optional<Hash256> parent_beacon_block_root;  // Cancun
  std::optional<Hash256> requests_hash;             // Prague

  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// Fails if an optional field is present while an earlier one is absent.
[[nodiscard]] Result<Bytes> encode_header(const BlockHeader& header);
[[nodiscard]] Result<BlockHeader> decode_header(BytesView encoded);
// keccak256 of the RLP encoding: the block hash.
[[nodiscard]] Result<Hash256> header_hash(const BlockHeader& header);

}  // namespace plexus::chain
