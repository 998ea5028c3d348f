#pragma once
// A subnet's pool of pending transactions. It knows nothing about execution: the node decodes and
// validates a transaction (signature, chain id, intrinsic gas, balance) and hands over only what
// ordering needs. Per sender, transactions are kept by nonce; a transaction is executable when
// every lower nonce down to the sender's state nonce is present. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/transaction.hpp"
#include "core/uint256.hpp"

namespace plexus::chain {

struct PooledTx {
  Hash256 hash;
  Address sender;
  std::uint64_t nonce = 0;
  uint256 max_fee_per_gas = 0;           // the gas price for legacy and EIP-2930 transactions
  uint256 max_priority_fee_per_gas = 0;  // the gas price for legacy and EIP-2930 transactions
  std::uint64_t gas_limit = 0;
  // The most it can take from the sender (tx::max_cost): the pool keeps the sum over a sender's
  // transactions within the sender's balance, so none it acknowledged becomes unpayable.
  uint256 max_cost = 0;
  Bytes raw;  // the signed transaction as received
  // The transaction decoded on admission, shared so that handing candidates to block building
  // copies a pointer and the block does not decode it again. Null when built without one.
  std::shared_ptr<const tx::Transaction> decoded;
};

// The pool's view of a decoded, validated transaction (legacy and EIP-2930 fee fields map to
// the gas price, as Transaction::fee_cap()/tip_cap() do).
[[nodiscard]] PooledTx make_pooled_tx(const tx::Transaction& tx, const Address& sender, Bytes raw);
// The same with its hash (keccak256 of `raw`) already computed, as admission and import have it.
[[nodiscard]] PooledTx make_pooled_tx(const tx::Transaction& tx, const Address& sender, Bytes raw,
                                      const Hash256& hash);

struct MempoolConfig {
  std::size_t max_transactions = 16384;
  // A nonce must be below state nonce + max_per_sender, which also bounds a sender's share.
  std::size_t max_per_sender = 256;
  unsigned price_bump_percent = 10;  // a replacement must raise both fee fields by this much
};

enum class AddOutcome { kAdded, kReplaced };

// The miner's reward per gas: min(max priority fee, max fee - base fee); nullopt if the fee cap
// is below the base fee (the transaction cannot be included).
[[nodiscard]] std::optional<uint256> effective_tip(const PooledTx& tx, const uint256& base_fee);

class Mempool {
 public:
  explicit Mempool(MempoolConfig config = {});

  // `state_nonce` and `balance` are the sender's in the latest state, `base_fee` the next block's
  // base fee. Errors carry the Ethereum rejection messages of chain/tx_errors.hpp with
  // Errc::kValidation (kLimitExceeded for full pools). As go-ethereum, a transaction is refused
  // when it and the sender's other pooled ones could together cost more than `balance`.
  [[nodiscard]] Result<AddOutcome> add(PooledTx tx, std::uint64_t state_nonce,
                                       const uint256& base_fee, std::uint64_t block_gas_limit,
                                       const uint256& balance);

  [[nodiscard]] std::optional<PooledTx> get(const Hash256& hash) const;
  [[nodiscard]] bool contains(const Hash256& hash) const;
  [[nodiscard]] std::size_t size() const;
  // The nonce the sender's next transaction should use: past every executable pooled one.
  [[nodiscard]] std::uint64_t pending_nonce(const Address& sender, std::uint64_t state_nonce) const;

  // Executable transactions in block-building order: each sender's in nonce order, senders
  // interleaved by highest effective tip first, ties by arrival. Transactions whose fee cap is
  // below `base_fee` stop their sender's sequence.
  [[nodiscard]] std::vector<PooledTx> pending(const uint256& base_fee, std::size_t max_count) const;

  // After a block: the sender's state nonce is now `state_nonce`; drops lower nonces.
  void set_state_nonce(const Address& sender, std::uint64_t state_nonce);
  // After a block was undone (a pending block abandoned): the sender's state nonce is back at
  // `state_nonce`, lower than before, so that the block's transactions can be pooled again.
  void rewind_state_nonce(const Address& sender, std::uint64_t state_nonce);
  // Drops one transaction (e.g. one the block builder found invalid); later nonces of its sender
  // stay pooled but are no longer executable until the gap is filled.
  bool remove(const Hash256& hash);

 private:
  struct Entry {
    PooledTx tx;
    std::uint64_t arrival = 0;
  };
  struct Account {
    std::uint64_t state_nonce = 0;
    std::map<std::uint64_t, Entry> by_nonce;
  };

  [[nodiscard]] Result<void> check_replacement(const PooledTx& old_tx,
                                               const PooledTx& new_tx) const;
  // Refuses `tx` when it and the sender's other pooled transactions could overdraw `balance`;
  // forgets an account left empty. The caller holds mutex_.
  [[nodiscard]] Result<void> check_overdraft(Account& account, const PooledTx& tx,
                                             const uint256& balance);
  void drop_below(Account& account, std::uint64_t nonce);

  MempoolConfig config_;
  mutable std::mutex mutex_;
  std::map<Address, Account> accounts_;
  std::map<Hash256, std::pair<Address, std::uint64_t>> by_hash_;
  std::uint64_t next_arrival_ = 0;
};

}  // namespace plexus::chain
