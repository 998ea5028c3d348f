#pragma once
// Transaction receipts in Ethereum's consensus encoding (EIP-2718 typed receipts): the bytes that
// go into the receipts trie and that `eth_getTransactionReceipt` fields are derived from.
#include <cstdint>
#include <vector>

#include "chain/bloom.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::chain {

struct Log {
  Address address;
  std::vector<Hash256> topics;  // at most four for the EVM; other VMs follow the same rule
  Bytes data;
  friend bool operator==(const Log&, const Log&) = default;
};

struct Receipt {
  std::uint8_t type = 0;  // 0 legacy, 1 EIP-2930, 2 EIP-1559, ... (the transaction's type)
  bool success = false;   // post-Byzantium status code
  std::uint64_t cumulative_gas_used = 0;
  Bloom bloom;  // logs_bloom(logs); kept so decoding a stored receipt needs no rehashing
  std::vector<Log> logs;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

// Builds a receipt, computing its bloom from the logs.
[[nodiscard]] Receipt make_receipt(std::uint8_t type, bool success, std::uint64_t cumulative_gas,
                                   std::vector<Log> logs);

// type byte (omitted for legacy) || rlp([status, cumulative_gas, bloom, logs]).
[[nodiscard]] Bytes encode_receipt(const Receipt& receipt);
[[nodiscard]] Result<Receipt> decode_receipt(BytesView encoded);

// rlp([address, [topics...], data]) of one log and the RLP list of several.
void append_log(Bytes& out, const Log& log);
[[nodiscard]] Bytes encode_logs(std::span<const Log> logs);

}  // namespace plexus::chain
