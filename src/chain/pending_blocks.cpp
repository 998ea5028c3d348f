// SubnetChain's pending blocks: blocks executed (verified or built) but not final, kept with
// their staged batches and undo records until the engine commits or drops them. They form a tree
// rooted at the head; the in-memory state and the world store's staging follow one path of it
// (path_), and every call that acts on a block off that path first moves the path there: the
// path's blocks back to the common ancestor are undone newest first (exec::State's block
// journals, WorldStore::revert_staged) and the other branch's blocks executed again. The pool and
// the admission views follow the path: a block that joins it takes its transactions out of the
// pool, one that leaves it gives them back if they are still valid.
#include <algorithm>
#include <set>

#include "chain/subnet_chain.hpp"
#include "core/hex.hpp"

namespace plexus::chain {
namespace {

std::string describe(std::uint64_t number, const Hash256& hash) {
  return "block " + std::to_string(number) + " (" + to_hex(hash) + ")";
}

}  // namespace

Result<void> SubnetChain::check_pending_allowed() {
  if (!path_.empty()) return {};
  if (tip_.hash != head().hash)
    return fail(Errc::kInvalidArgument,
                "chain: a prepared block is not committed yet; pending blocks do not mix with "
                "prepare_block and verify_block");
  // The state is the head's: any batch the staging still reads back is written.
  world_.mark_written();
  return {};
}

Result<void> SubnetChain::check_pending_room() const {
  if (pending_.size() >= config_.max_pending_blocks)
    return fail(Errc::kLimitExceeded,
                "chain: " + std::to_string(pending_.size()) +
                    " pending blocks are held, the most ChainConfig::max_pending_blocks allows");
  return {};
}

Result<BlockHeader> SubnetChain::tree_header(const Hash256& hash) const {
  if (const auto it = pending_.find(hash); it != pending_.end())
    return it->second.prepared.record.block.header;
  PLEXUS_TRY(const BlockHeader header, head_header());
  if (hash != head().hash)
    return fail(Errc::kInternal, "chain: " + to_hex(hash) + " is neither the head nor pending");
  return header;
}

bool SubnetChain::descends_from(const Hash256& block, const Hash256& ancestor) const {
  for (Hash256 at = block;;) {
    if (at == ancestor) return true;
    const auto it = pending_.find(at);
    if (it == pending_.end()) return false;  // reached the head
    at = it->second.prepared.record.block.header.parent_hash;
  }
}

void SubnetChain::erase_pending(const std::function<bool(const Hash256&)>& abandoned) {
  // Decided for all before any is erased: the test walks the tree.
  std::vector<Hash256> erased;
  for (const auto& [hash, block] : pending_)
    if (abandoned(hash)) erased.push_back(hash);
  for (const Hash256& hash : erased) pending_.erase(hash);
}

void SubnetChain::set_path_length(std::size_t length) {
  path_length_.store(length, std::memory_order_release);
}

Result<void> SubnetChain::move_tip_to(const Hash256& target) {
  if (tip_.hash == target) return {};
  // The branch from the head's child to `target`.
  std::vector<Hash256> branch;
  for (Hash256 at = target;;) {
    const auto it = pending_.find(at);
    if (it == pending_.end()) break;
    branch.push_back(at);
    at = it->second.prepared.record.block.header.parent_hash;
  }
  std::reverse(branch.begin(), branch.end());
  std::size_t common = 0;
  while (common < path_.size() && common < branch.size() && path_[common] == branch[common])
    ++common;
  while (path_.size() > common) PLEXUS_CHECK(revert_tip());
  for (std::size_t i = common; i < branch.size(); ++i) PLEXUS_CHECK(reexecute(branch[i]));
  return {};
}

Result<void> SubnetChain::revert_tip() {
  if (path_.empty()) return fail(Errc::kInternal, "chain: no pending block to undo");
  const PendingBlock& block = pending_.at(path_.back());
  const BlockHeader& header = block.prepared.record.block.header;
  state_.revert_block();
  PLEXUS_CHECK(world_.revert_staged());
  path_.pop_back();
  set_path_length(path_.size());
  PLEXUS_TRY(tip_header_, tree_header(header.parent_hash));
  tip_ = ChainHead{tip_header_.number, header.parent_hash};

  // Its transactions are unanswered no more, and go back to the pool if still valid; the
  // admission views, the pool's nonces and the admission base fee follow the state back.
  {
    std::lock_guard waiters(waiters_mutex_);
    for (const Hash256& hash : block.prepared.record.tx_hashes) uncommitted_txs_.erase(hash);
  }
  {
    std::lock_guard admission(admission_mutex_);
    refresh_sender_views(block.changes);
    admission_base_fee_ = next_base_fee_locked();
    std::set<Address> senders;
    for (const SignedTx& signed_tx : block.txs) senders.insert(signed_tx.sender);
    for (const Address& sender : senders)
      mempool_.rewind_state_nonce(sender, state_view(sender).nonce);
    const std::uint64_t gas_limit = config_.params.at(tip_.number + 1).gas_limit;
    const auto& raw = block.prepared.record.block.transactions;
    for (std::size_t i = 0; i < block.txs.size(); ++i) {
      const SignedTx& signed_tx = block.txs[i];
      // Refused (e.g. its fee cap is now below the base fee, or the pool is full): it is gone.
      const SenderView view = state_view(signed_tx.sender);
      (void)mempool_.add(make_pooled_tx(signed_tx.tx, signed_tx.sender, raw[i], signed_tx.hash),
                         view.nonce, admission_base_fee_, gas_limit, view.balance);
    }
  }
  wake_waiters();  // the senders of transactions that did not return stop waiting
  return {};
}

Result<void> SubnetChain::reexecute(const Hash256& hash) {
  PendingBlock& block = pending_.at(hash);
  const Block& body = block.prepared.record.block;
  auto executed = execute_on_tip(body, block.txs,
                                 BlockOptions{.allow_empty = true,
                                              .final_on_commit = block.prepared.final_on_commit,
                                              .proposer = body.header.coinbase},
                                 true);
  if (!executed)
    return fail(Errc::kInternal,
                "chain: pending " + describe(body.header.number, hash) +
                    " no longer executes on its parent: " + executed.error().message);
  // The same batch as the first time; the one now stacked in the staging view is kept.
  block.prepared.batch = std::move(executed->prepared.batch);
  block.changes = executed->changes;
  path_.push_back(hash);
  set_path_length(path_.size());
  after_block_staged(block.prepared.record, std::move(executed->included), executed->changes);
  return {};
}

void SubnetChain::keep_pending(Executed executed, std::vector<SignedTx> txs) {
  const Hash256 hash = executed.prepared.record.hash;
  after_block_staged(executed.prepared.record, std::move(executed.included), executed.changes);
  pending_.insert_or_assign(hash, PendingBlock{.prepared = std::move(executed.prepared),
                                               .txs = std::move(txs),
                                               .changes = std::move(executed.changes)});
  path_.push_back(hash);
  set_path_length(path_.size());
}

Result<ChainHead> SubnetChain::add_pending(const Block& block,
                                           std::span<const Address> certified_senders) {
  const BlockHeader& header = block.header;
  PLEXUS_TRY(const Hash256 hash, header_hash(header));
  {
    std::lock_guard lock(mutex_);
    if (pending_.contains(hash)) return ChainHead{header.number, hash};
  }
  // Sender recovery is the costly part of a received block and needs no state: outside the lock.
  PLEXUS_TRY(std::vector<SignedTx> txs, recover_senders(block, certified_senders));
  std::unique_lock lock(mutex_);
  if (pending_.contains(hash)) return ChainHead{header.number, hash};
  PLEXUS_CHECK(check_pending_allowed());
  if (header.parent_hash != head().hash && !pending_.contains(header.parent_hash))
    return fail(Errc::kValidation, "block " + std::to_string(header.number) + ": unknown parent " +
                                       to_hex(header.parent_hash));
  PLEXUS_CHECK(check_pending_room());
  PLEXUS_TRY(const BlockHeader parent, tree_header(header.parent_hash));
  PLEXUS_CHECK(validate_header(parent, header.parent_hash, header,
                               config_.params.at(parent.number + 1), config_.now_seconds()));
  if (!block.withdrawals || !block.withdrawals->empty())
    return fail(Errc::kValidation,
                "block " + std::to_string(header.number) + ": withdrawals must be an empty list");

  const Hash256 previous_tip = tip_.hash;
  PLEXUS_CHECK(move_tip_to(header.parent_hash));
  auto executed = execute_on_tip(block, txs, BlockOptions{}, true);
  if (!executed) {
    // A refused block leaves no trace: the path goes back to where it was.
    PLEXUS_CHECK(move_tip_to(previous_tip));
    return std::unexpected(executed.error());
  }
  keep_pending(std::move(*executed), std::move(txs));
  return ChainHead{header.number, hash};
}

Result<std::optional<Block>> SubnetChain::build_pending(const Hash256& parent,
                                                        const BlockOptions& options) {
  std::unique_lock lock(mutex_);
  PLEXUS_CHECK(check_pending_allowed());
  if (parent != head().hash && !pending_.contains(parent))
    return fail(Errc::kValidation, "chain: unknown parent " + to_hex(parent));
  PLEXUS_CHECK(check_pending_room());
  PLEXUS_CHECK(move_tip_to(parent));
  state_.begin_block();
  auto built = build_on_tip(options, true);
  if (!built || !*built) {
    state_.revert_block();  // nothing was applied, or a store failure midway
    if (!built) {
      PLEXUS_CHECK(world_.discard_staged());
      return std::unexpected(built.error());
    }
    return std::optional<Block>{};
  }
  Executed& executed = **built;
  std::vector<SignedTx> txs;
  txs.reserve(executed.included.size());
  for (const PooledTx& pooled : executed.included) {
    SignedTx& signed_tx =
        txs.emplace_back(SignedTx{.tx = {}, .sender = pooled.sender, .hash = pooled.hash});
    if (pooled.decoded) {
      signed_tx.tx = *pooled.decoded;
    } else {
      PLEXUS_TRY(signed_tx.tx, tx::decode(pooled.raw));
    }
  }
  Block block = executed.prepared.record.block;
  keep_pending(std::move(executed), std::move(txs));
  return std::optional<Block>{std::move(block)};
}

Result<BlockRecord> SubnetChain::commit_pending(const Hash256& hash) {
  std::unique_lock lock(mutex_);
  const auto it = pending_.find(hash);
  if (it == pending_.end())
    return fail(Errc::kInvalidArgument, "chain: " + to_hex(hash) + " is not a pending block");
  const BlockHeader& header = it->second.prepared.record.block.header;
  if (header.parent_hash != head().hash)
    return fail(Errc::kInvalidArgument, "chain: pending " + describe(header.number, hash) +
                                            " cannot be committed: its parent is not the head");
  // Its state and staging must be on the path, which then starts with it; its descendants on
  // the path stay there.
  if (path_.empty() || path_.front() != hash) PLEXUS_CHECK(move_tip_to(hash));
  PreparedBlock prepared = std::move(it->second.prepared);
  pending_.erase(it);
  // Every other pending block descends from it or is abandoned; the abandoned ones are off the
  // path, so their transactions are back in the pool already.
  erase_pending([&](const Hash256& block) { return !descends_from(block, hash); });
  path_.erase(path_.begin());
  state_.forget_oldest_block();
  PLEXUS_TRY(BlockRecord record, commit_block(std::move(prepared)));
  world_.mark_oldest_written();
  set_path_length(path_.size());
  return record;
}

Result<void> SubnetChain::drop_pending(const Hash256& hash) {
  std::unique_lock lock(mutex_);
  if (!pending_.contains(hash))
    return fail(Errc::kInvalidArgument, "chain: " + to_hex(hash) + " is not a pending block");
  while (!path_.empty() && descends_from(path_.back(), hash)) PLEXUS_CHECK(revert_tip());
  erase_pending([&](const Hash256& block) { return descends_from(block, hash); });
  return {};
}

std::vector<ChainHead> SubnetChain::pending_blocks() const {
  std::lock_guard lock(mutex_);
  std::vector<ChainHead> out;
  out.reserve(pending_.size());
  for (const auto& [hash, block] : pending_)
    out.push_back(ChainHead{block.prepared.record.block.header.number, hash});
  std::sort(out.begin(), out.end(), [](const ChainHead& a, const ChainHead& b) {
    return a.number != b.number ? a.number < b.number : a.hash < b.hash;
  });
  return out;
}

}  // namespace plexus::chain
