#pragma once
// One EVM subnet's chain: its mempool, its world state (in memory for execution, persisted by
// WorldStore), its blocks and receipts (BlockStore), block production and read-only calls.
//
// Every block is committed with one write batch holding the block, its receipts, its transaction
// index, the state it changed and the new head, so a node killed at any moment restarts at its
// last committed block with nothing half-written. Receipts are visible only after that write
// returned: a receipt a client has seen is never lost (with kSync durability not even to power
// loss).
//
// A block is made in two steps so that writing one block can overlap executing the next:
// prepare_block() executes it on the in-memory state and stages its batch; commit_block() writes
// the batch and only then makes the block the head and its receipts visible. The state may thus
// run one block ahead of the head; reads of the latest state wait until it is committed, so no
// client sees state a crash could still take back.
//
// Files: subnet_chain.cpp (opening, heads, reads), admission.cpp (submit and the waits for
// blocks), block_producer.cpp (building, staging, commit), block_import.cpp (verification),
// call_simulation.cpp (eth_call, eth_estimateGas).
//
// Thread-safe. Block production and calls take the state lock; reads of committed blocks and
// receipts go to the store without it. Execution recurses natively per EVM call depth, so
// threads calling prepare_block(), produce_block(), call() or estimate_gas() need a large stack
// (see core/stack_thread.hpp).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chain/block_executor.hpp"
#include "chain/block_store.hpp"
#include "chain/chain_params.hpp"
#include "chain/header_rules.hpp"
#include "chain/mempool.hpp"
#include "chain/world_store.hpp"
#include "core/transaction.hpp"
#include "evm/host.hpp"
#include "exec/state.hpp"
#include "exec/host.hpp"
#include "transition/transition.hpp"

namespace plexus::chain {

struct GenesisAccount {
  Address address;
  uint256 balance = 0;
};

struct ChainConfig {
  uint256 chain_id = 31337;
  // The subnet's consensus rules: gas limit, fork, fee rules, coinbase, at genesis and at the
  // heights they change (chain/chain_params.hpp).
  ParamsSchedule params;
  std::vector<GenesisAccount> alloc;
  // Accounts installed as given (code, code kind, VM data), e.g. the Move standard library's
  // modules at 0x1.
  std::vector<std::pair<Address, exec::Account>> genesis_accounts;
  std::uint64_t genesis_timestamp = 0;  // 0: the time the chain is created
  MempoolConfig mempool;
  std::size_t max_tx_bytes = 128 * 1024;  // as go-ethereum's pool
  // kSync: a committed block survives power loss (an fsync per block). kBuffered: it survives the
  // process being killed at any moment, and an OS crash loses at most the last blocks, never
  // leaving a half-written one (RocksDB recovers its log to a consistent point).
  kv::Durability block_durability = kv::Durability::kSync;
  // Seconds since the epoch: new blocks' timestamps (never below the parent's) and the bound on
  // how far ahead of it a received block may be. The system clock when unset.
  std::function<std::uint64_t()> now_seconds;
  // The VMs this subnet runs besides the EVM (exec/host.hpp); empty for an EVM-only subnet.
  std::shared_ptr<exec::Vm> wasm_vm;
  std::shared_ptr<exec::Vm> move_vm;
};

// How a block is to be made (prepare_block) or taken (verify_block).
struct BlockOptions {
  bool allow_empty = false;      // make a block even if the pool has nothing
  bool final_on_commit = false;  // final once written (the dev engine); else see mark_finalized
  Address proposer;              // receives the fees under CoinbasePolicy::kProposer
};

// The heads a client can ask for by tag: the last written block, the last one the engine deems
// safe from reorganisation, and the last final one (a certificate or the dev engine says so).
struct ChainHeads {
  ChainHead latest;
  ChainHead safe;
  ChainHead finalized;
};

// eth_call / eth_estimateGas input. Unset fields take go-ethereum's defaults.
struct CallRequest {
  std::optional<Address> from;
  std::optional<Address> to;
  std::optional<std::uint64_t> gas;
  uint256 gas_price = 0;  // legacy gasPrice, or maxFeePerGas
  uint256 value = 0;
  Bytes data;
  std::vector<tx::AccessListEntry> access_list;  // warms what it lists and costs intrinsic gas
};

// A block executed and staged but not yet written (see prepare_block).
struct PreparedBlock {
  BlockRecord record;
  bool final_on_commit = false;
  // Shared with the world store, which reads it back until the write has landed.
  std::shared_ptr<const kv::WriteBatch> batch;
};

struct CallOutcome {
  evm::StatusCode status = evm::StatusCode::kSuccess;
  Bytes output;  // return data, or revert data when status is kRevert
  std::uint64_t gas_used = 0;
  std::string failure_reason;  // why a WASM or Move VM failed, when there is no revert data
};

class SubnetChain {
 public:
  // Opens the chain in `store` (which must outlive it), writing genesis on first use. Fails if
  // the store holds a chain with another chain id.
  [[nodiscard]] static Result<std::unique_ptr<SubnetChain>> open(kv::KvStore& store,
                                                              ChainConfig config);

  [[nodiscard]] const ChainConfig& config() const noexcept { return config_; }

  // ---- transactions ----
  // Decodes, validates and pools a signed transaction (eth_sendRawTransaction). Errors carry
  // go-ethereum's messages (chain/tx_errors.hpp).
  [[nodiscard]] Result<Hash256> submit(BytesView raw);
  [[nodiscard]] std::size_t pending_count() const { return mempool_.size(); }
  // Up to `max` executable pooled transactions as received, in block-building order: what a
  // node offers its peers again in case the first gossip of them was lost.
  [[nodiscard]] std::vector<Bytes> pooled_transactions(std::size_t max) const;
  // For nodes that mine on demand: waits until the pooled transaction `hash` has left the pool
  // (mined, or dropped as invalid by the block builder) and returns true, or returns false at
  // once if it cannot be mined yet (a nonce gap) or after `timeout`.
  [[nodiscard]] bool wait_until_mined(const Hash256& hash, std::chrono::milliseconds timeout) const;
  // The same without waiting: calls `done` (on this thread, or later on the block producer's, so
  // it must be quick) once `hash` has left the pool, or at once if it cannot be mined yet.
  void when_mined(const Hash256& hash, std::function<void()> done) const;
  // A pooled transaction, or one in a block that is still being written.
  [[nodiscard]] std::optional<PooledTx> pending_transaction(const Hash256& hash) const;

  // Executes the pool's executable transactions into a new block on the in-memory state and
  // stages everything it writes; nullopt when the pool had nothing and `allow_empty` is false.
  // It may run while the previous prepared block is being committed, but not further ahead: it
  // fails if two prepared blocks are not committed yet.
  [[nodiscard]] Result<std::optional<PreparedBlock>> prepare_block(const BlockOptions& options);
  // As a dev chain makes blocks: final as soon as written.
  [[nodiscard]] Result<std::optional<PreparedBlock>> prepare_block(bool allow_empty) {
    return prepare_block(
        BlockOptions{.allow_empty = allow_empty, .final_on_commit = true, .proposer = {}});
  }
  // Verifies a block built elsewhere as the child of the last prepared block and stages it like
  // prepare_block(): header rules (chain/header_rules.hpp), every transaction valid in order,
  // gas used, logs bloom, transactions root, receipts root and state root as the block states
  // them (kValidation naming the first that differs). A rejected block leaves no trace: the
  // state, the pool, the store and the tip are as before. The block's transactions leave the
  // pool once it is staged.
  [[nodiscard]] Result<PreparedBlock> verify_block(const Block& block,
                                                   const BlockOptions& options = {});
  // verify_block() and commit_block() in one go.
  [[nodiscard]] Result<BlockRecord> import_block(const Block& block,
                                                 const BlockOptions& options = {});
  // Writes a prepared block (in the order they were prepared), then makes it the head, its
  // receipts readable and its senders' replies due (when_mined). An error means the store failed:
  // the in-memory state is then ahead of the store and the node must stop.
  [[nodiscard]] Result<BlockRecord> commit_block(PreparedBlock prepared);
  // prepare_block() and commit_block() in one go.
  [[nodiscard]] Result<std::optional<BlockRecord>> produce_block(bool allow_empty);
  // Records that block `number` (written, at most the head) and all before it are final, and
  // safe (written at once, without an fsync: a final block stays final, and a crash that loses
  // the record leaves an earlier finalized head, never a wrong one).
  [[nodiscard]] Result<void> mark_finalized(std::uint64_t number);
  // The engine's view that block `number` will not be reorganised (at least the finalized one).
  void mark_safe(std::uint64_t number);

  // ---- reads; `block` is a block number, nullopt for the latest block ----
  [[nodiscard]] ChainHead head() const;
  [[nodiscard]] ChainHeads heads() const;
  // The rules of block `number`.
  [[nodiscard]] const ChainParams& params_at(std::uint64_t number) const {
    return config_.params.at(number);
  }
  [[nodiscard]] const BlockStore& blocks() const noexcept { return blocks_; }
  [[nodiscard]] uint256 next_base_fee() const;
  [[nodiscard]] Result<AccountRecord> account(const Address& addr,
                                              std::optional<std::uint64_t> block) const;
  // The nonce the sender's next transaction should use, counting pooled transactions.
  [[nodiscard]] std::uint64_t pending_nonce(const Address& addr) const;
  [[nodiscard]] Result<Bytes> code(const Address& addr, std::optional<std::uint64_t> block) const;
  [[nodiscard]] Result<Bytes32> storage(const Address& addr, const Bytes32& key,
                                        std::optional<std::uint64_t> block) const;
  // Byte-keyed VM data (a WASM contract's key, a Move resource or module) at the latest block.
  [[nodiscard]] std::optional<Bytes> data(const Address& addr, exec::Namespace space,
                                          BytesView key) const;
  [[nodiscard]] Result<AccountProof> prove(const Address& addr, std::span<const Bytes32> keys,
                                           std::optional<std::uint64_t> block) const;

  // ---- simulation on the latest state; nothing is kept ----
  [[nodiscard]] Result<CallOutcome> call(const CallRequest& request) const;
  // The smallest gas limit with which the call succeeds (binary search, as go-ethereum). A call
  // that fails even with the block gas limit returns its failing outcome in `failure`.
  struct Estimate {
    std::uint64_t gas = 0;
    std::optional<CallOutcome> failure;
  };
  [[nodiscard]] Result<Estimate> estimate_gas(const CallRequest& request) const;

 private:
  SubnetChain(kv::KvStore& store, ChainConfig config);
  [[nodiscard]] Result<void> check_config() const;
  [[nodiscard]] Result<void> write_genesis();
  // prepare_block() and verify_block() from the executed body on, the caller holding mutex_:
  // bloom, roots, state, hash; the header's body fields are filled in (kBuild) or compared
  // (kVerify, which undoes everything on a mismatch). Stages the block and makes it the tip.
  [[nodiscard]] Result<PreparedBlock> seal_and_stage(BlockRecord record, ExecutionMode mode,
                                                     const BlockOptions& options,
                                                     const exec::StateChanges& changes);
  // The bookkeeping after a block is staged: its transactions leave the pool and wait for the
  // write; sender views, the admission base fee and the pool's nonces follow the new state.
  void after_block_staged(const BlockRecord& record, std::vector<PooledTx> included,
                          const exec::StateChanges& changes);
  // A received block's transactions, decoded, with their senders (recovered, or known from the
  // pool); kValidation naming the first that does not decode or verify.
  struct SignedTx {
    tx::Transaction tx;
    Address sender;
    Hash256 hash;
  };
  [[nodiscard]] Result<std::vector<SignedTx>> recover_senders(const Block& block) const;
  // The header of the block after the tip; the caller holds mutex_.
  [[nodiscard]] BlockHeader next_header_locked(const BlockOptions& options) const;
  // The tip may run at most one block ahead of the head; the caller holds mutex_.
  [[nodiscard]] Result<void> make_room_for_next_block(std::unique_lock<std::mutex>& lock);
  // Where a pooled transaction stands: left the pool (mined or dropped), waiting for a lower
  // nonce that has not arrived, or mineable in the next block.
  enum class PoolStatus : std::uint8_t { kGone, kBlocked, kMineable };
  [[nodiscard]] PoolStatus pool_status(const Hash256& hash) const;
  // Whether a transaction has left the pool and is not in a block still being written; the
  // caller holds waiters_mutex_.
  [[nodiscard]] bool settled(const Hash256& hash) const;
  // Takes the state lock once the state is that of the head (no prepared block uncommitted), for
  // reads of the latest state. Waiting readers go before the next block is prepared.
  [[nodiscard]] std::unique_lock<std::mutex> lock_committed_state() const;
  // prepare_block()'s side: lets waiting readers in first; `lock` holds mutex_.
  void admit_waiting_readers(std::unique_lock<std::mutex>& lock) const;
  [[nodiscard]] std::uint64_t head_number() const;
  [[nodiscard]] Result<Hash256> state_root_of(std::uint64_t number) const;
  [[nodiscard]] Result<CallOutcome> simulate(const CallRequest& request,
                                             std::uint64_t gas_limit) const;
  [[nodiscard]] Hash256 block_hash(std::int64_t number) const;
  // The base fee of the block after the head; the caller holds mutex_.
  [[nodiscard]] uint256 next_base_fee_locked() const;
  // What the EVM sees of the block being built (or, for calls, of the next block).
  [[nodiscard]] transition::BlockInfo execution_context(const BlockHeader& header) const;

  ChainConfig config_;
  kv::KvStore& store_;
  BlockStore blocks_;
  Mempool mempool_;

  // Senders waiting for their block (wait_until_mined) sleep on their own mutex, so waking
  // dozens of them after a block does not make them queue for the state lock.
  mutable std::mutex waiters_mutex_;
  mutable std::condition_variable block_committed_;
  // when_mined() callbacks by transaction hash; guarded by waiters_mutex_.
  mutable std::vector<std::pair<Hash256, std::function<void()>>> mined_callbacks_;
  // Transactions of prepared blocks not yet committed: out of the pool, not yet answered.
  // Guarded by waiters_mutex_.
  std::map<Hash256, PooledTx> uncommitted_txs_;

  // The committed head, set by commit_block(); readers of the latest state wait on head_cv_.
  mutable std::mutex head_mutex_;
  mutable std::condition_variable head_cv_;
  ChainHead head_;
  ChainHead safe_;
  ChainHead finalized_;
  bool commit_failed_ = false;  // a write failed: nobody waits for the head any more
  mutable std::atomic<int> readers_waiting_ = 0;

  // What admission checks a sender against: its nonce and balance as of the last prepared block,
  // kept apart from the state so that eth_sendRawTransaction and the wait for its block never
  // queue behind a block being executed. Holds the accounts that have sent (bounded by the
  // senders the node has seen); prepare_block() refreshes those its block changed.
  struct SenderView {
    std::uint64_t nonce = 0;
    uint256 balance = 0;
    bool has_code = false;  // EIP-3607: such a sender's transactions never execute
  };
  // Returns `addr`'s view, reading it from the state (and keeping it) the first time; `admission`
  // holds admission_mutex_ and is released meanwhile only in that case.
  [[nodiscard]] SenderView sender_view(const Address& addr,
                                       std::unique_lock<std::mutex>& admission) const;
  // `addr`'s nonce and balance in the state; the caller holds mutex_.
  [[nodiscard]] SenderView state_view(const Address& addr) const;
  // Refreshes the views of the accounts a prepared block changed; the caller holds both mutex_
  // and admission_mutex_.
  void refresh_sender_views(const exec::StateChanges& changes);
  // Guards the members below; also orders the pool's additions against a block's removals.
  // Taken after mutex_ when both are needed.
  mutable std::mutex admission_mutex_;
  mutable std::map<Address, SenderView> sender_views_;
  uint256 admission_base_fee_ = 0;  // the base fee of the block after the last prepared one
  void wake_waiters() const;

  mutable std::mutex mutex_;  // guards everything below
  // mutable: calls run on the state and undo everything through the journal before returning.
  mutable exec::State state_;
  WorldStore world_;
  // The last prepared block: the head, or one block ahead of it while that block is written.
  BlockHeader tip_header_;
  ChainHead tip_;
  exec::ForeignVms foreign_vms_;  // raw views of config_'s VMs, for the execution context
};

}  // namespace plexus::chain
