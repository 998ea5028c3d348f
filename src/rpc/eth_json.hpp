#pragma once
// Chain objects in the JSON shapes Ethereum clients expect (field names and QUANTITY/DATA hex
// encodings as go-ethereum emits them), for eth_getBlockBy*, newHeads, eth_getLogs and receipts.
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/block.hpp"
#include "chain/log_filter.hpp"
#include "chain/receipt.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

// The header fields plus "hash": a newHeads notification.
[[nodiscard]] json header_json(const chain::BlockHeader& header, const Hash256& hash);

// header_json plus size, uncles ([]), transactions (hashes or full objects, as the caller
// renders them) and withdrawals when the block has them.
[[nodiscard]] json block_json(const chain::Block& block, const Hash256& hash, std::uint64_t size,
                              json transactions);

struct LogPosition {
  Hash256 block_hash;
  std::uint64_t block_number = 0;
  Hash256 transaction_hash;
  std::uint64_t transaction_index = 0;
  std::uint64_t log_index = 0;  // within the block
};
[[nodiscard]] json log_json(const chain::Log& log, const LogPosition& position);
// A lower bound of log_json's text size: what a method charges the reply budget
// (rpc/reply_budget.hpp) before rendering logs.
[[nodiscard]] std::size_t log_json_min_bytes(const chain::Log& log) noexcept;

struct ReceiptContext {
  Hash256 transaction_hash;
  std::uint64_t transaction_index = 0;
  Hash256 block_hash;
  std::uint64_t block_number = 0;
  Address from;
  std::optional<Address> to;                // null for contract creation
  std::optional<Address> contract_address;  // set for contract creation
  std::uint64_t gas_used = 0;
  uint256 effective_gas_price = 0;
  std::uint64_t first_log_index = 0;  // index in the block of this receipt's first log
};
[[nodiscard]] json receipt_json(const chain::Receipt& receipt, const ReceiptContext& context);

// Where a mined transaction sits; absent for a pooled one (those fields are then null).
struct TxPosition {
  Hash256 block_hash;
  std::uint64_t block_number = 0;
  std::uint64_t index = 0;
  uint256 effective_gas_price = 0;
};
// eth_getTransactionByHash and full-transaction blocks (tx_json.cpp).
[[nodiscard]] json transaction_json(const tx::Transaction& tx, const Hash256& hash,
                                    const Address& from, const std::optional<TxPosition>& at);

// The address/topics part of an eth_getLogs / eth_newFilter / "logs" filter object: "address"
// is null, one address or an array; "topics" is an array whose entries are null (any), a topic
// or an array of alternatives. Other fields (block range) are left to the caller.
[[nodiscard]] Result<chain::LogFilter> parse_log_filter(const json& filter);

}  // namespace plexus::rpc
