// SubnetChain's admission side: eth_sendRawTransaction's checks against a view of each sender
// kept current by every prepared block (so a send never waits for a block being executed), and
// the waits of senders for the block that includes their transaction.
#include <algorithm>
#include <set>

#include "chain/subnet_chain.hpp"
#include "chain/tx_errors.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"

namespace plexus::chain {
namespace {

std::unexpected<Error> reject(std::string_view message, std::string detail = {}) {
  std::string text(message);
  if (!detail.empty()) text += ": " + detail;
  return fail(Errc::kValidation, std::move(text));
}

}  // namespace

Result<Hash256> SubnetChain::submit(BytesView raw) {
  if (raw.size() > config_.max_tx_bytes) return reject(tx_error::kOversizedData);
  PLEXUS_TRY(const tx::Transaction tx, tx::decode(raw));
  if (tx.type == tx::Type::kBlob) return reject("transaction type not supported");
  const ChainParams& params = config_.params.at(head_number() + 1);
  if (tx::is_unprotected(tx) && !params.unprotected_txs) return reject(tx_error::kUnprotectedTx);
  if (!tx::is_unprotected(tx) && tx.chain_id != config_.chain_id)
    return reject(tx_error::kInvalidChainId,
                  "have " + tx.chain_id.str() + ", want " + config_.chain_id.str());
  if (tx.is_create() && tx.data.size() > tx::kMaxInitcodeSize)
    return reject("max initcode size exceeded");
  const tx::Fork fork = transition::revision_fork(params.revision);
  const std::uint64_t intrinsic = tx::intrinsic_gas(tx, fork);
  if (tx.gas_limit < intrinsic)
    return reject(
        tx_error::kIntrinsicGasTooLow,
        "gas " + std::to_string(tx.gas_limit) + ", minimum needed " + std::to_string(intrinsic));
  const Hash256 tx_hash = keccak256(raw);
  const std::optional<Address> known_sender = recovered_senders_.find(tx_hash, fork);
  const auto sender =
      tx::validate(tx, fork, config_.chain_id, known_sender ? &*known_sender : nullptr);
  if (!sender) return reject(tx_error::kInvalidSender, sender.error().message);
  if (!known_sender) recovered_senders_.remember(tx_hash, *sender, fork);

  std::unique_lock admission(admission_mutex_);
  const auto [nonce, balance, has_code] = sender_view(*sender, admission);
  // The state transition refuses these (EIP-3607); admitting one would acknowledge a
  // transaction that no block can hold.
  if (has_code) return reject(tx_error::kSenderNotEoa, "address " + to_hex(*sender));
  // Checked: a cost that wraps past 2^256 would look affordable (tx::max_cost).
  const std::optional<uint256> cost = tx::max_cost(tx);
  if (!cost)
    return reject(tx_error::kInsufficientFunds,
                  "balance " + balance.str() + ", tx cost above 2^256-1");
  if (balance < *cost)
    return reject(tx_error::kInsufficientFunds, "balance " + balance.str() + ", tx cost " +
                                                    cost->str() + ", overshot " +
                                                    (*cost - balance).str());
  PooledTx pooled = make_pooled_tx(tx, *sender, to_bytes(raw), tx_hash);
  const Hash256 hash = pooled.hash;
  PLEXUS_CHECK(
      mempool_.add(std::move(pooled), nonce, admission_base_fee_, params.gas_limit, balance));
  return hash;
}

SubnetChain::SenderView SubnetChain::sender_view(const Address& addr,
                                                 std::unique_lock<std::mutex>& admission) const {
  if (const auto it = sender_views_.find(addr); it != sender_views_.end()) return it->second;
  // A new sender: read the state, which may mean waiting for a block being prepared, and keep
  // the view, which that block's end keeps current from then on.
  admission.unlock();
  std::lock_guard state(mutex_);
  admission.lock();
  return sender_views_.try_emplace(addr, state_view(addr)).first->second;
}

SubnetChain::SenderView SubnetChain::state_view(const Address& addr) const {
  const exec::Account* account = state_.find(addr);
  return SenderView{.nonce = account ? account->nonce : 0,
                    .balance = account ? account->balance : uint256(0),
                    // A delegation designator (EIP-7702) leaves its account an EOA that may send.
                    .has_code = account != nullptr && !account->code.empty() &&
                                !tx::delegation_target(account->code)};
}

void SubnetChain::refresh_sender_views(const exec::StateChanges& changes) {
  for (const Address& addr : changes.accounts) {
    const auto it = sender_views_.find(addr);
    if (it != sender_views_.end()) it->second = state_view(addr);
  }
}

SubnetChain::PoolStatus SubnetChain::pool_status(const Hash256& hash) const {
  std::unique_lock admission(admission_mutex_);
  const auto pooled = mempool_.get(hash);
  if (!pooled) {
    std::lock_guard waiters(waiters_mutex_);
    return uncommitted_txs_.contains(hash) ? PoolStatus::kMineable : PoolStatus::kGone;
  }
  const std::uint64_t nonce = sender_view(pooled->sender, admission).nonce;
  return mempool_.pending_nonce(pooled->sender, nonce) <= pooled->nonce ? PoolStatus::kBlocked
                                                                        : PoolStatus::kMineable;
}

bool SubnetChain::wait_until_mined(const Hash256& hash, std::chrono::milliseconds timeout) const {
  switch (pool_status(hash)) {
    case PoolStatus::kGone:
      return true;
    case PoolStatus::kBlocked:
      return false;  // waits for a lower nonce that has not arrived
    case PoolStatus::kMineable:
      break;
  }
  // The pool has its own lock: a block leaves it before wake_waiters() runs, so no wake-up is
  // missed between the check and the wait.
  std::unique_lock lock(waiters_mutex_);
  return block_committed_.wait_for(lock, timeout, [&] { return settled(hash); });
}

std::vector<Bytes> SubnetChain::pooled_transactions(std::size_t max) const {
  std::vector<Bytes> out;
  for (PooledTx& pooled : mempool_.pending(uint256(0), max)) out.push_back(std::move(pooled.raw));
  return out;
}

std::optional<PooledTx> SubnetChain::pending_transaction(const Hash256& hash) const {
  if (auto pooled = mempool_.get(hash)) return pooled;
  std::lock_guard lock(waiters_mutex_);
  const auto it = uncommitted_txs_.find(hash);
  if (it == uncommitted_txs_.end()) return std::nullopt;
  return it->second;
}

bool SubnetChain::settled(const Hash256& hash) const {
  return !mempool_.contains(hash) && !uncommitted_txs_.contains(hash);
}

void SubnetChain::when_mined(const Hash256& hash, std::function<void()> done) const {
  if (pool_status(hash) != PoolStatus::kMineable) {
    done();
    return;
  }
  // As in wait_until_mined: a transaction leaves the pool before wake_waiters() takes this lock,
  // so it is either still pooled here (and wake_waiters() will see the callback) or gone.
  std::unique_lock lock(waiters_mutex_);
  if (settled(hash)) {
    lock.unlock();
    done();
    return;
  }
  mined_callbacks_.emplace_back(hash, std::move(done));
}

void SubnetChain::wake_waiters() const {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(waiters_mutex_);
    std::erase_if(mined_callbacks_, [&](auto& entry) {
      if (!settled(entry.first)) return false;
      ready.push_back(std::move(entry.second));
      return true;
    });
  }
  block_committed_.notify_all();
  for (const auto& done : ready) done();
}

}  // namespace plexus::chain
