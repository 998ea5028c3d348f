// SubnetChain::prepare_block / commit_block: pick executable transactions from the pool, execute
// them on the in-memory state, stage the block with its receipts and state changes in one batch,
// then write it and make it the head. seal_and_stage() and after_block_staged() are shared with
// the verification of blocks built elsewhere (block_import.cpp).
#include <algorithm>
#include <future>
#include <optional>
#include <set>
#include <tuple>

#include "chain/roots.hpp"
#include "chain/subnet_chain.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"

namespace plexus::chain {
namespace {

// More than fit in a 30M-gas block of plain transfers (1,428): the pool hands over enough that
// a full block is limited by gas, not by this cap.
constexpr std::size_t kMaxCandidates = 4096;
// Below this many transactions a second thread costs more than the roots it would compute.
constexpr std::size_t kParallelRootsFrom = 256;

std::unexpected<Error> mismatch(const BlockHeader& header, std::string_view field,
                                std::string_view have, std::string_view computed) {
  return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": " +
                                     std::string(field) + " " + std::string(have) + ", computed " +
                                     std::string(computed));
}

}  // namespace

transition::BlockInfo SubnetChain::execution_context(const BlockHeader& header,
                                                     bool from_store) const {
  auto block_hash = [this, from_store](std::int64_t n) {
    return from_store ? committed_block_hash(n) : this->block_hash(n);
  };
  return transition::BlockInfo{
      .number = static_cast<std::int64_t>(header.number),
      .timestamp = static_cast<std::int64_t>(header.timestamp),
      .gas_limit = static_cast<std::int64_t>(header.gas_limit),
      .coinbase = header.coinbase,
      .prev_randao = header.mix_hash,
      .base_fee = header.base_fee_per_gas.value_or(0),
      .excess_blob_gas = header.excess_blob_gas.value_or(0),
      .blob_schedule = std::nullopt,  // the fork's
      .chain_id = config_.chain_id,
      .block_hash = std::move(block_hash),
      .foreign_vms = vms_at(header.number),
      .platform_height = config_.platform_height ? config_.platform_height(header) : 0,
  };
}

BlockHeader SubnetChain::next_header_locked(const BlockOptions& options) const {
  const BuildParams build{.now_seconds = config_.now_seconds(),
                          .proposer = options.proposer,
                          .extra_data = options.extra_data};
  return next_header(tip_header_, tip_.hash, config_.params.at(tip_.number + 1), build);
}

Result<void> SubnetChain::make_room_for_next_block(std::unique_lock<std::mutex>& lock) {
  if (!pending_.empty())
    return fail(Errc::kInvalidArgument,
                "chain: " + std::to_string(pending_.size()) +
                    " pending blocks are held; prepare_block and verify_block do not mix with "
                    "pending blocks");
  admit_waiting_readers(lock);
  const std::uint64_t committed = head_number();
  if (tip_.number > committed + 1)
    return fail(Errc::kInternal, "two prepared blocks are not committed yet");
  if (tip_.number == committed) world_.mark_written();
  return {};
}

Result<std::optional<PreparedBlock>> SubnetChain::prepare_block(const BlockOptions& options) {
  std::unique_lock lock(mutex_);
  PLEXUS_CHECK(make_room_for_next_block(lock));
  PLEXUS_TRY(auto built, build_on_tip(options, false));
  if (!built) return std::optional<PreparedBlock>{};
  after_block_staged(built->prepared.record, std::move(built->included), built->changes);
  return std::optional<PreparedBlock>{std::move(built->prepared)};
}

Result<std::optional<SubnetChain::Executed>> SubnetChain::build_on_tip(const BlockOptions& options,
                                                                       bool revertible) {
  PLEXUS_CHECK(check_upgrade(config_.params.at(tip_.number + 1), tip_.number + 1));
  BlockRecord record;
  record.block.header = next_header_locked(options);
  record.block.withdrawals.emplace();
  const BlockHeader& header = record.block.header;
  std::vector<PooledTx> candidates;
  if (!options.no_transactions)
    candidates = mempool_.pending(header.base_fee_per_gas.value_or(0), kMaxCandidates);
  if (candidates.empty() && !options.allow_empty) return std::optional<Executed>{};

  const transition::BlockInfo info = execution_context(header);
  BlockExecutor executor(state_, info, config_.params.at(header.number), record,
                         ExecutionMode::kBuild);
  executor.apply_system_calls(vm_accounts_enabled_at(header.number));
  std::set<Address> stalled;  // a skipped transaction blocks its sender's later nonces
  std::vector<Hash256> invalid;
  std::vector<PooledTx> included;
  for (PooledTx& pooled : candidates) {
    if (stalled.contains(pooled.sender)) continue;
    if (pooled.gas_limit > header.gas_limit - executor.gas_used()) {
      stalled.insert(pooled.sender);
      continue;
    }
    // Decoded on admission; a pooled transaction built without its decoding is decoded here.
    const tx::Transaction* tx = pooled.decoded.get();
    std::optional<tx::Transaction> decoded_here;
    if (tx == nullptr) {
      if (auto decoded = tx::decode(pooled.raw)) tx = &decoded_here.emplace(std::move(*decoded));
    }
    bool applied = false;
    if (tx != nullptr) {
      PLEXUS_TRY(applied, executor.apply(*tx, pooled.sender, pooled.raw, pooled.hash));
    }
    if (!applied) {  // e.g. the balance no longer covers it
      invalid.push_back(pooled.hash);
      stalled.insert(pooled.sender);
      continue;
    }
    included.push_back(std::move(pooled));
  }
  for (const Hash256& hash : invalid) mempool_.remove(hash);
  if (!invalid.empty()) wake_waiters();  // their senders stop waiting
  if (record.block.transactions.empty() && !options.allow_empty) return std::optional<Executed>{};

  record.block.header.gas_used = executor.gas_used();
  exec::StateChanges changes = state_.take_changes();
  PLEXUS_TRY(PreparedBlock prepared, seal_and_stage(std::move(record), ExecutionMode::kBuild,
                                                    options, changes, revertible));
  return std::optional<Executed>{Executed{.prepared = std::move(prepared),
                                          .included = std::move(included),
                                          .changes = std::move(changes)}};
}

Result<PreparedBlock> SubnetChain::seal_and_stage(BlockRecord record, ExecutionMode mode,
                                                  const BlockOptions& options,
                                                  const exec::StateChanges& changes,
                                                  bool revertible) {
  BlockHeader& header = record.block.header;
  std::vector<Address> senders;
  senders.reserve(record.meta.size());
  for (const TxMeta& meta : record.meta) senders.push_back(meta.from);
  const Hash256 digest = senders_digest(senders);
  if (mode == ExecutionMode::kBuild) {
    header.extra_data.insert(header.extra_data.end(), digest.bytes.begin(), digest.bytes.end());
  } else if (const auto committed = committed_senders_digest(header); committed != digest) {
    return mismatch(header, "senders digest", committed ? to_hex(*committed) : "none",
                    to_hex(digest));
  }
  Bloom bloom;
  for (const Receipt& receipt : record.receipts) bloom_merge(bloom, receipt.bloom);
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
  const auto state_root = world_.stage(state_, changes, *batch);
  const auto [tx_root, receipts_root] = roots.valid() ? roots.get() : block_roots();
  if (!state_root) return std::unexpected(state_root.error());
  if (mode == ExecutionMode::kBuild) {
    header.logs_bloom = bloom;
    header.transactions_root = tx_root;
    header.receipts_root = receipts_root;
    header.state_root = *state_root;
  } else {
    // The cheap comparisons first; any mismatch undoes the staging (the caller undoes the state).
    std::optional<std::unexpected<Error>> wrong;
    if (header.logs_bloom != bloom) {
      wrong = fail(Errc::kValidation, "block " + std::to_string(header.number) +
                                          ": logs bloom differs from the "
                                          "receipts' logs");
    } else if (header.transactions_root != tx_root) {
      wrong =
          mismatch(header, "transactions root", to_hex(header.transactions_root), to_hex(tx_root));
    } else if (header.receipts_root != receipts_root) {
      wrong =
          mismatch(header, "receipts root", to_hex(header.receipts_root), to_hex(receipts_root));
    } else if (header.state_root != *state_root) {
      wrong = mismatch(header, "state root", to_hex(header.state_root), to_hex(*state_root));
    }
    if (wrong) {
      PLEXUS_CHECK(world_.discard_staged());
      return *wrong;
    }
  }
  PLEXUS_TRY(record.hash, header_hash(header));
  PLEXUS_CHECK(blocks_.stage(record, *batch, encoded_receipts));
  if (options.final_on_commit) BlockStore::stage_finalized({header.number, record.hash}, *batch);
  world_.mark_staged(batch, revertible);
  tip_ = ChainHead{header.number, record.hash};
  tip_header_ = header;
  return PreparedBlock{.record = std::move(record),
                       .final_on_commit = options.final_on_commit,
                       .batch = std::move(batch)};
}

void SubnetChain::after_block_staged(const BlockRecord& record, std::vector<PooledTx> included,
                                     const exec::StateChanges& changes) {
  // The block's transactions leave the pool now (the next block must not take them again) but
  // count as unanswered until the block is written: note them before they leave.
  {
    std::lock_guard waiters(waiters_mutex_);
    for (PooledTx& pooled : included) {
      const Hash256 hash = pooled.hash;
      uncommitted_txs_.emplace(hash, std::move(pooled));
    }
  }
  std::lock_guard admission(admission_mutex_);
  refresh_sender_views(changes);
  admission_base_fee_ = next_base_fee_locked();
  std::set<Address> senders;
  for (const TxMeta& meta : record.meta) senders.insert(meta.from);
  for (const Address& sender : senders) {
    const exec::Account* account = state_.find(sender);
    mempool_.set_state_nonce(sender, account ? account->nonce : 0);
  }
}

Result<BlockRecord> SubnetChain::commit_block(PreparedBlock prepared) {
  const BlockHeader& header = prepared.record.block.header;
  if (header.number != head_number() + 1)
    return fail(Errc::kInternal, "blocks must be committed in the order they were prepared");
  {
    // Readers of the head's state from the store must not see this block's flat records under
    // the previous head's root.
    std::lock_guard store_state(store_state_mutex_);
    if (auto written = store_.write(*prepared.batch, config_.block_durability); !written) {
      {
        std::lock_guard lock(head_mutex_);
        commit_failed_ = true;
      }
      head_cv_.notify_all();
      return std::unexpected(written.error());
    }
    std::lock_guard lock(head_mutex_);
    head_ = ChainHead{header.number, prepared.record.hash};
    if (prepared.final_on_commit) {
      finalized_ = head_;
      safe_ = head_;
    }
  }
  head_cv_.notify_all();
  {
    std::lock_guard waiters(waiters_mutex_);
    for (const Hash256& hash : prepared.record.tx_hashes) uncommitted_txs_.erase(hash);
  }
  wake_waiters();
  return std::move(prepared.record);
}

Result<std::optional<BlockRecord>> SubnetChain::produce_block(bool allow_empty) {
  PLEXUS_TRY(auto prepared, prepare_block(allow_empty));
  if (!prepared) return std::optional<BlockRecord>{};
  PLEXUS_TRY(BlockRecord record, commit_block(std::move(*prepared)));
  return std::optional<BlockRecord>{std::move(record)};
}

}  // namespace plexus::chain
