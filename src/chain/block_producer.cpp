// EvmChain::prepare_block / commit_block: pick executable transactions from the pool, execute
// them on the in-memory state, stage the block with its receipts and state changes in one batch,
// then write it and make it the head.
#include <algorithm>
#include <future>
#include <optional>
#include <tuple>
#include <set>

#include "chain/evm_chain.hpp"
#include "chain/roots.hpp"
#include "core/hash.hpp"
#include "core/transaction.hpp"
#include "evm/state/state_host.hpp"
#include "evm/state/transition.hpp"

namespace plexus::chain {
namespace {

// More than fit in a 30M-gas block of plain transfers (1,428): the pool hands over enough that
// a full block is limited by gas, not by this cap.
constexpr std::size_t kMaxCandidates = 4096;
// Below this many transactions a second thread costs more than the roots it would compute.
constexpr std::size_t kParallelRootsFrom = 256;

std::vector<Log> to_chain_logs(std::vector<evm::state::Log>&& logs) {
  std::vector<Log> out;
  out.reserve(logs.size());
  for (evm::state::Log& log : logs)
    out.push_back(Log{.address = log.address,
                      .topics = {log.topics.begin(), log.topics.end()},
                      .data = std::move(log.data)});
  return out;
}

}  // namespace

evm::state::BlockInfo EvmChain::execution_context(const BlockHeader& header) const {
  return evm::state::BlockInfo{
      .number = static_cast<std::int64_t>(header.number),
      .timestamp = static_cast<std::int64_t>(header.timestamp),
      .gas_limit = static_cast<std::int64_t>(header.gas_limit),
      .coinbase = header.coinbase,
      .prev_randao = header.mix_hash,
      .base_fee = header.base_fee_per_gas.value_or(0),
      .excess_blob_gas = 0,
      .chain_id = config_.chain_id,
      .block_hash = [this](std::int64_t n) { return block_hash(n); },
      .foreign_vms = &foreign_vms_,
  };
}

Result<std::optional<PreparedBlock>> EvmChain::prepare_block(bool allow_empty) {
  std::unique_lock lock(mutex_);
  admit_waiting_readers(lock);
  const std::uint64_t committed = head_number();
  if (tip_.number > committed + 1)
    return fail(Errc::kInternal, "two prepared blocks are not committed yet");
  if (tip_.number == committed) world_.mark_written();
  const BlockHeader& parent = tip_header_;
  const uint256 base_fee = next_base_fee_locked();
  std::vector<PooledTx> candidates = mempool_.pending(base_fee, kMaxCandidates);
  if (candidates.empty() && !allow_empty) return std::optional<PreparedBlock>{};

  PreparedBlock prepared;
  BlockRecord& record = prepared.record;
  BlockHeader& header = record.block.header;
  header.parent_hash = tip_.hash;
  header.coinbase = config_.coinbase;
  header.number = tip_.number + 1;
  header.gas_limit = config_.block_gas_limit;
  // Strictly increasing, as Ethereum requires. A dev chain making several blocks a second runs
  // ahead of the clock for a while and falls back in step when the load stops.
  header.timestamp = std::max(config_.now_seconds(), parent.timestamp + 1);
  header.mix_hash = keccak256(tip_.hash.view());  // a deterministic stand-in for RANDAO
  header.base_fee_per_gas = base_fee;
  header.withdrawals_root = kEmptyTrieRoot;
  header.blob_gas_used = 0;
  header.excess_blob_gas = 0;
  header.parent_beacon_block_root = Hash256{};
  record.block.withdrawals.emplace();

  const evm::state::BlockInfo info = execution_context(header);

  std::set<Address> stalled;  // a skipped transaction blocks its sender's later nonces
  std::vector<Hash256> invalid;
  std::vector<PooledTx*> included;
  std::uint64_t gas_used = 0;
  for (PooledTx& pooled : candidates) {
    if (stalled.contains(pooled.sender)) continue;
    if (pooled.gas_limit > header.gas_limit - gas_used) {
      stalled.insert(pooled.sender);
      continue;
    }
    // Decoded on admission; a pooled transaction built without its decoding is decoded here.
    const tx::Transaction* tx = pooled.decoded.get();
    std::optional<tx::Transaction> decoded_here;
    if (tx == nullptr) {
      if (auto decoded = tx::decode(pooled.raw)) tx = &decoded_here.emplace(std::move(*decoded));
    }
    if (tx == nullptr) {
      invalid.push_back(pooled.hash);
      stalled.insert(pooled.sender);
      continue;
    }
    evm::state::TxOutcome outcome =
        evm::state::apply_transaction(state_, info, *tx, pooled.sender, evm::Revision::kCancun);
    if (outcome.error) {  // e.g. the balance no longer covers it
      invalid.push_back(pooled.hash);
      stalled.insert(pooled.sender);
      continue;
    }
    const auto tx_gas = static_cast<std::uint64_t>(outcome.receipt.gas_used);
    gas_used += tx_gas;
    record.receipts.push_back(make_receipt(static_cast<std::uint8_t>(tx->type),
                                           outcome.receipt.status == evm::StatusCode::kSuccess,
                                           gas_used, to_chain_logs(std::move(outcome.receipt.logs))));
    const uint256 tip = std::min(tx->tip_cap(), tx->fee_cap() - base_fee);
    record.meta.push_back(TxMeta{
        .from = pooled.sender,
        .contract_address = tx->is_create()
                                ? std::optional(evm::state::create_address(pooled.sender, tx->nonce))
                                : std::nullopt,
        .gas_used = tx_gas,
        .effective_gas_price = base_fee + tip,
    });
    record.block.transactions.push_back(pooled.raw);
    record.tx_hashes.push_back(pooled.hash);
    included.push_back(&pooled);
  }
  for (const Hash256& hash : invalid) mempool_.remove(hash);
  if (!invalid.empty()) wake_waiters();  // their senders stop waiting
  if (record.block.transactions.empty() && !allow_empty) return std::optional<PreparedBlock>{};

  header.gas_used = gas_used;
  for (const Receipt& receipt : record.receipts) bloom_merge(header.logs_bloom, receipt.bloom);
  // The transaction and receipt roots depend only on the block's contents: on a big block they
  // are computed on another core while this one updates the state trie.
  // The receipts are encoded once, for their root and for the block store.
  std::vector<Bytes> encoded_receipts(record.receipts.size());
  const auto block_roots = [&record, &encoded_receipts] {
    for (std::size_t i = 0; i < record.receipts.size(); ++i)
      encoded_receipts[i] = encode_receipt(record.receipts[i]);
    return std::pair{transactions_root(record.block.transactions),
                     encoded_items_root(encoded_receipts)};
  };
  std::future<std::pair<Hash256, Hash256>> roots;
  if (record.receipts.size() >= kParallelRootsFrom)
    roots = std::async(std::launch::async, block_roots);

  auto batch = std::make_shared<kv::WriteBatch>();
  const evm::state::StateChanges changes = state_.take_changes();
  const auto state_root = world_.stage(state_, changes, *batch);
  std::tie(header.transactions_root, header.receipts_root) =
      roots.valid() ? roots.get() : block_roots();
  if (!state_root) return std::unexpected(state_root.error());
  header.state_root = *state_root;
  PLEXUS_TRY(record.hash, header_hash(header));
  PLEXUS_CHECK(blocks_.stage(record, *batch, encoded_receipts));
  world_.mark_staged(batch);
  tip_ = ChainHead{header.number, record.hash};
  tip_header_ = header;
  prepared.batch = std::move(batch);

  // The block's transactions leave the pool now (the next block must not take them again) but
  // count as unanswered until the block is written: note them before they leave.
  {
    std::lock_guard waiters(waiters_mutex_);
    for (PooledTx* pooled : included) uncommitted_txs_.emplace(pooled->hash, std::move(*pooled));
  }
  std::lock_guard admission(admission_mutex_);
  refresh_sender_views(changes);
  admission_base_fee_ = next_base_fee_locked();
  std::set<Address> senders;
  for (const TxMeta& meta : record.meta) senders.insert(meta.from);
  for (const Address& sender : senders) {
    const evm::state::Account* account = state_.find(sender);
    mempool_.set_state_nonce(sender, account ? account->nonce : 0);
  }
  return std::optional<PreparedBlock>{std::move(prepared)};
}

Result<BlockRecord> EvmChain::commit_block(PreparedBlock prepared) {
  const BlockHeader& header = prepared.record.block.header;
  if (header.number != head_number() + 1)
    return fail(Errc::kInternal, "blocks must be committed in the order they were prepared");
  if (auto written = store_.write(*prepared.batch, config_.block_durability); !written) {
    {
      std::lock_guard lock(head_mutex_);
      commit_failed_ = true;
    }
    head_cv_.notify_all();
    return std::unexpected(written.error());
  }
  {
    std::lock_guard lock(head_mutex_);
    head_ = ChainHead{header.number, prepared.record.hash};
  }
  head_cv_.notify_all();
  {
    std::lock_guard waiters(waiters_mutex_);
    for (const Hash256& hash : prepared.record.tx_hashes) uncommitted_txs_.erase(hash);
  }
  wake_waiters();
  return std::move(prepared.record);
}

Result<std::optional<BlockRecord>> EvmChain::produce_block(bool allow_empty) {
  PLEXUS_TRY(auto prepared, prepare_block(allow_empty));
  if (!prepared) return std::optional<BlockRecord>{};
  PLEXUS_TRY(BlockRecord record, commit_block(std::move(*prepared)));
  return std::optional<BlockRecord>{std::move(record)};
}

}  // namespace plexus::chain
