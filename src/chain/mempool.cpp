#include "chain/mempool.hpp"

#include <algorithm>
#include <queue>

#include "chain/tx_errors.hpp"

namespace plexus::chain {
namespace {

std::unexpected<Error> reject(std::string_view message, Errc code = Errc::kValidation) {
  return fail(code, std::string(message));
}

// value * (100 + percent) / 100, the smallest fee a replacement must offer, computed without
// overflow (value = 100q + r); nullopt when it exceeds 2^256 - 1, which no fee can offer.
std::optional<uint256> bumped(const uint256& value, unsigned percent) {
  const uint256 factor(100 + percent);
  const auto whole = checked_mul(value / 100, factor);
  if (!whole) return std::nullopt;
  return checked_add(*whole, (value % 100) * factor / 100);
}

bool below_bump(const uint256& offered, const uint256& old, unsigned percent) {
  const auto needed = bumped(old, percent);
  return !needed || offered < *needed;
}

}  // namespace

PooledTx make_pooled_tx(const tx::Transaction& tx, const Address& sender, Bytes raw) {
  return make_pooled_tx(tx, sender, std::move(raw), tx::hash(tx));
}

PooledTx make_pooled_tx(const tx::Transaction& tx, const Address& sender, Bytes raw,
                        const Hash256& hash) {
  return PooledTx{.hash = hash,
                  .sender = sender,
                  .nonce = tx.nonce,
                  .max_fee_per_gas = tx.fee_cap(),
                  .max_priority_fee_per_gas = tx.tip_cap(),
                  .gas_limit = tx.gas_limit,
                  .max_cost = tx::max_cost(tx).value_or(~uint256(0)),
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
                                std::uint64_t block_gas_limit, const uint256& balance) {
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

  PLEXUS_CHECK(check_overdraft(account, tx, balance));

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
  const unsigned bump = config_.price_bump_percent;
  if (below_bump(new_tx.max_fee_per_gas, old_tx.max_fee_per_gas, bump) ||
      below_bump(new_tx.max_priority_fee_per_gas, old_tx.max_priority_fee_per_gas, bump))
    return reject(tx_error::kReplacementUnderpriced);
  return {};
}

Result<void> Mempool::check_overdraft(Account& account, const PooledTx& tx,
                                      const uint256& balance) {
  // What the sender's other pooled transactions (the one replaced excepted) may spend first.
  std::optional<uint256> queued = uint256(0);
  for (const auto& [nonce, entry] : account.by_nonce)
    if (nonce != tx.nonce && queued) queued = checked_add(*queued, entry.tx.max_cost);
  const std::optional<uint256> need = queued ? checked_add(*queued, tx.max_cost) : std::nullopt;
  if (need && *need <= balance) return {};
  if (account.by_nonce.empty()) accounts_.erase(tx.sender);
  std::string message(tx_error::kInsufficientFunds);
  message += ": balance " + balance.str() + ", queued cost " +
             (queued ? queued->str() : std::string("above 2^256-1")) + ", tx cost " +
             tx.max_cost.str();
  return fail(Errc::kValidation, std::move(message));
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
