#pragma once
// The three per-block Merkle Patricia roots keyed by rlp(index): transactions, receipts and
// withdrawals (yellow paper 4.3; EIP-2718; EIP-4895).
#include <span>

#include "chain/block.hpp"
#include "chain/receipt.hpp"
#include "core/bytes.hpp"

namespace plexus::chain {

// `transactions` are canonical encodings (as in Block::transactions).
[[nodiscard]] Hash256 transactions_root(std::span<const Bytes> transactions);
[[nodiscard]] Hash256 receipts_root(std::span<const Receipt> receipts);
// The same root over items that are already encoded (receipts_root of receipts is this root of
// their encode_receipt()s; transactions_root is this root of the transactions).
[[nodiscard]] Hash256 encoded_items_root(std::span<const Bytes> items);
[[nodiscard]] Hash256 withdrawals_root(std::span<const Withdrawal> withdrawals);

}  // namespace plexus::chain
