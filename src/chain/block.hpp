#pragma once
// A whole block as Ethereum encodes it: rlp([header, transactions, ommers, withdrawals]). The
// encoded length is the `size` field clients show; the encoding is also what the node stores.
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/block_header.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::chain {

// EIP-4895 validator withdrawal (amounts in gwei). A dev network has none, but the Shanghai
// header field and the block body keep their Ethereum shape.
struct Withdrawal {
  std::uint64_t index = 0;
  std::uint64_t validator_index = 0;
  Address address;
  std::uint64_t amount_gwei = 0;
  friend bool operator==(const Withdrawal&, const Withdrawal&) = default;
};

struct Block {
  BlockHeader header;
  // Each transaction's canonical encoding: an RLP list for legacy transactions, type byte ||
  // payload for typed ones (what eth_sendRawTransaction receives and the transaction hash covers).
  std::vector<Bytes> transactions;
  // Present from Shanghai on (when the header has a withdrawals root).
  std::optional<std::vector<Withdrawal>> withdrawals;
  friend bool operator==(const Block&, const Block&) = default;
};

[[nodiscard]] Result<Bytes> encode_block(const Block& block);
[[nodiscard]] Result<Block> decode_block(BytesView encoded);

// rlp([index, validator_index, address, amount]).
[[nodiscard]] Bytes encode_withdrawal(const Withdrawal& withdrawal);

}  // namespace plexus::chain
