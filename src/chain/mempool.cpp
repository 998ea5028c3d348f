#include "chain/mempool.hpp"

#include <algorithm>
#include <queue>

#include "chain/tx_errors.hpp"

namespace plexus::chain {
namespace {

std::unexpected<Error> reject(std::string_view message, Errc code = Errc::kValidation) {
  return fail(code, std::string(message));
}

// value * (100 + percent) / 100, the smallest fee a replacement must offer.
uint256 bumped(const uint256& value, unsigned percent) { return value * (100 + percent) / 100; }

}  // namespace

PooledTx make_pooled_tx(const tx::Transaction& tx, const Address& sender, Bytes raw) {
  return PooledTx{.hash = tx::hash(tx),
                  .sender = sender,
                  .nonce = tx.nonce,
                  .max_fee_per_gas = tx.fee_cap(),
                  .max_priority_fee_per_gas = tx.tip_cap(),
                  .gas_limit = tx.gas_limit,
                  .raw = std::move(raw),
                  .decoded = std::make_shared<const tx::Transaction>(tx)};
}

std::optional<uint256> effective_tip(const PooledTx& tx, const uint256& base_fee) {
  if (tx.max_fee_per_gas < base_fee) return std::nullopt;
  const uint256 headroom = tx.max_fee_per_gas - base_fee;
  return headroom < tx.max_priority_fee_per_gas ? headroom : tx.max_priority_fee_per_gas;
}

Mempool::Mempool(MempoolConfig config) : config_(config) {}

Result<AddOutcome> Mempool::add(PooledTx tx, std::uint64_t state_nonce, const uint256& base_fee,
                                std::uint64_t block_gas_limit) {
  if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas) return reject(tx_error::kTipAboveFeeCap);
  if (tx.gas_limit > block_gas_limit) return reject(tx_error::kGasLimitExceeded);
  if (tx.max_fee_per_gas < base_fee) return reject(tx_error::kFeeCapBelowBaseFee);
  if (tx.nonce < state_nonce) return reject(tx_error::kNonceTooLow);
  if (tx.nonce - state_nonce >= config_.max_per_sender) return reject(tx_error::kNonceTooHigh);

  std::lock_guard lock(mutex_);
  if (by_hash_.contains(tx.hash)) return reject(tx_error::kAlreadyKnown);
  Account& account = accounts_[tx.sender];
  if (state_nonce > account.state_nonce) drop_below(account, state_nonce);
  account.state_nonce = std::max(account.state_nonce, state_nonce);
  // The pool may already know a newer state nonce than this caller (a block landed meanwhile).
  if (tx.nonce < account.state_nonce) {
    if (account.by_nonce.empty()) accounts_.erase(tx.sender);
    return reject(tx_error::kNonceTooLow);
  }

  const Hash256 hash = tx.hash;
  const std::uint64_t nonce = tx.nonce;
  if (auto it = account.by_nonce.find(nonce); it != account.by_nonce.end()) {
    PLEXUS_CHECK(check_replacement(it->second.tx, tx));
    by_hash_.erase(it->second.tx.hash);
    it->second = Entry{std::move(tx), next_arrival_++};
    by_hash_.emplace(hash, std::pair{it->second.tx.sender, nonce});
    return AddOutcome::kReplaced;
  }
  if (by_hash_.size() >= config_.max_transactions) {
    if (account.by_nonce.empty()) accounts_.erase(tx.sender);
    return reject(tx_error::kPoolFull, Errc::kLimitExceeded);
  }
  const Address sender = tx.sender;
  account.by_nonce.emplace(nonce, Entry{std::move(tx), next_arrival_++});
  by_hash_.emplace(hash, std::pair{sender, nonce});
  return AddOutcome::kAdded;
}

Result<void> Mempool::check_replacement(const PooledTx& old_tx, const PooledTx& new_tx) const {
  if (new_tx.max_fee_per_gas < bumped(old_tx.max_fee_per_gas, config_.price_bump_percent) ||
      new_tx.max_priority_fee_per_gas <
          bumped(old_tx.max_priority_fee_per_gas, config_.price_bump_percent))
    return reject(tx_error::kReplacementUnderpriced);
  return {};
}

void Mempool::drop_below(Account& account, std::uint64_t nonce) {
  while (!account.by_nonce.empty() && account.by_nonce.begin()->first < nonce) {
    by_hash_.erase(account.by_nonce.begin()->second.tx.hash);
    account.by_nonce.erase(account.by_nonce.begin());
  }
}

std::optional<PooledTx> Mempool::get(const Hash256& hash) const {
  std::lock_guard lock(mutex_);
  const auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  return accounts_.at(it->second.first).by_nonce.at(it->second.second).tx;
}

bool Mempool::contains(const Hash256& hash) const {
  std::lock_guard lock(mutex_);
  return by_hash_.contains(hash);
}

std::size_t Mempool::size() const {
  std::lock_guard lock(mutex_);
  return by_hash_.size();
}

std::uint64_t Mempool::pending_nonce(const Address& sender, std::uint64_t state_nonce) const {
  std::lock_guard lock(mutex_);
  std::uint64_t next = state_nonce;
  const auto it = accounts_.find(sender);
  if (it == accounts_.end()) return next;
  while (it->second.by_nonce.contains(next)) ++next;
  return next;
}

std::vector<PooledTx> Mempool::pending(const uint256& base_fee, std::size_t max_count) const {
  struct Head {
    uint256 tip;
    std::uint64_t arrival;
    const Account* account;
    std::map<std::uint64_t, Entry>::const_iterator it;
  };
  // Highest tip first; among equal tips the earlier arrival first.
  const auto lower_priority = [](const Head& a, const Head& b) {
    if (a.tip != b.tip) return a.tip < b.tip;
    return a.arrival > b.arrival;
  };
  std::priority_queue<Head, std::vector<Head>, decltype(lower_priority)> heads(lower_priority);

  std::lock_guard lock(mutex_);
  const auto push_if_executable = [&](const Account& account,
                                      std::map<std::uint64_t, Entry>::const_iterator it,
                                      std::uint64_t expected_nonce) {
    if (it == account.by_nonce.end() || it->first != expected_nonce) return;
    const std::optional<uint256> tip = effective_tip(it->second.tx, base_fee);
    if (!tip) return;
    heads.push(Head{*tip, it->second.arrival, &account, it});
  };
  for (const auto& [sender, account] : accounts_)
    push_if_executable(account, account.by_nonce.find(account.state_nonce), account.state_nonce);

  std::vector<PooledTx> out;
  while (!heads.empty() && out.size() < max_count) {
    const Head head = heads.top();
    heads.pop();
    out.push_back(head.it->second.tx);
    push_if_executable(*head.account, std::next(head.it), head.it->first + 1);
  }
  return out;
}

void Mempool::set_state_nonce(const Address& sender, std::uint64_t state_nonce) {
  std::lock_guard lock(mutex_);
  const auto it = accounts_.find(sender);
  if (it == accounts_.end()) return;
  drop_below(it->second, state_nonce);
  it->second.state_nonce = std::max(it->second.state_nonce, state_nonce);
  if (it->second.by_nonce.empty()) accounts_.erase(it);
}

void Mempool::rewind_state_nonce(const Address& sender, std::uint64_t state_nonce) {
  std::lock_guard lock(mutex_);
  const auto it = accounts_.find(sender);
  if (it != accounts_.end()) it->second.state_nonce = std::min(it->second.state_nonce, state_nonce);
}

bool Mempool::remove(const Hash256& hash) {
  std::lock_guard lock(mutex_);
  const auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return false;
  const auto [sender, nonce] = it->second;
  by_hash_.erase(it);
  Account& account = accounts_.at(sender);
  account.by_nonce.erase(nonce);
  if (account.by_nonce.empty()) accounts_.erase(sender);
  return true;
}

}  // namespace plexus::chain
