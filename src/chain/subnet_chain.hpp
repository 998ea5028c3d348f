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
// Pending blocks (engines whose blocks become final later: BFT, snowman). add_pending() and
// build_pending() execute a block, verified or built, on top of the head or of another pending
// block and keep it, with its staged batch and its undo records, until the engine commits it
// (commit_pending: in order from the head, written exactly as commit_block writes) or drops it
// (drop_pending: with its descendants). Pending blocks form a tree rooted at the head; the
// in-memory state and the world store's staging follow one path of it, from the head to the
// tip. Acting on a block off that path undoes the path's blocks back to the common ancestor
// (block-level undo: exec::State's stacked block journals, WorldStore's revertible staging) and
// executes the blocks of the other path again. Transactions of the path's blocks are out of the
// pool; those of a block that leaves the path return to it if still valid; admission (sender
// views, pending nonces, the admission base fee) follows the path. Committing a block drops
// every pending block that does not descend from it. Nothing pending is ever written: a node
// killed with pending blocks restarts at its head with none. Reads of the latest state
// (account, code, storage, data, call, estimate_gas) answer from the head and never wait for
// pending blocks: while the path is not empty they read the store at the head's state root (a
// call then loads each account it reaches whole, with its storage and data, from the flat
// records). heads() are committed blocks only. At most ChainConfig::max_pending_blocks are held. An
// engine uses either pending blocks or prepare_block/verify_block/commit_block: prepare_block and
// verify_block are refused while blocks are pending, and the pending calls while a prepared
// block is not committed.
//
// Files: subnet_chain.cpp (opening, heads, reads), admission.cpp (submit and the waits for
// blocks), block_producer.cpp (building, staging, commit), block_import.cpp (verification),
// pending_blocks.cpp (the pending block tree), call_simulation.cpp (eth_call, eth_estimateGas).
//
// Thread-safe. mutex_ (the state lock) guards the in-memory state, the world store's staging,
// the tip and the pending block tree: block production, verification, the pending calls (the
// whole of commit_pending, its write included) and calls on the live state take it.
// head_mutex_ guards the committed heads; admission_mutex_ the sender views; waiters_mutex_ the
// transactions awaiting their write and the when_mined callbacks. store_state_mutex_ is held
// shared by reads of the latest state from the store and exclusively by a block's write with the
// head's move. When nested, mutex_ is taken first and store_state_mutex_ before head_mutex_.
// Reads of committed blocks and receipts go to the store without any. Execution recurses natively
// per EVM call depth, so threads calling prepare_block(), produce_block(), the pending calls,
// call() or estimate_gas() need a large stack (see core/stack_thread.hpp).
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chain/block_executor.hpp"
#include "chain/block_store.hpp"
#include "chain/chain_params.hpp"
#include "chain/final_headers.hpp"
#include "chain/header_rules.hpp"
#include "chain/mempool.hpp"
#include "chain/recovered_senders.hpp"
#include "chain/state_override.hpp"
#include "chain/world_store.hpp"
#include "core/transaction.hpp"
#include "evm/host.hpp"
#include "exec/host.hpp"
#include "exec/state.hpp"
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
  // What a foreign VM needs in state before its first call (the Move standard library's modules
  // at 0x1): written into block 0 when the VM runs from genesis, and before the first
  // transaction of the block a ParamsChange enables it at (governance's EnableVm), on every node
  // alike. Only the accounts' VM data is written then (0x1 is also the EVM's ecrecover).
  std::map<exec::CodeKind, std::vector<std::pair<Address, exec::Account>>> vm_accounts;
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
  // The native code at exec::kMessenger (messaging/messenger_vm.hpp), from genesis on; without
  // it a call there does nothing, as to any account without code.
  std::shared_ptr<exec::Vm> messenger_vm;
  // The platform height block `header` reads the primary network at (exec::BlockContext), read
  // from what its engine wrote in the extra data; unset: 0 for every block.
  std::function<std::uint64_t(const BlockHeader&)> platform_height;
  // The most pending blocks (executed, not yet committed) held at once; a block beyond it is
  // refused with kLimitExceeded. Each holds its staged batch and undo records in memory.
  std::size_t max_pending_blocks = 64;
  // State reads (eth_call, eth_getBalance, ..., debug_trace*) answer for the last this many
  // blocks only (the head is 1 block back from itself: 1 serves the head alone); 0: every block.
  std::uint64_t history_blocks = 0;
};

// How a block is to be made (prepare_block) or taken (verify_block).
struct BlockOptions {
  bool allow_empty = false;      // make a block even if the pool has nothing
  bool final_on_commit = false;  // final once written (the dev engine); else see mark_finalized
  Address proposer;              // receives the fees under CoinbasePolicy::kProposer
  // Recorded in the header's extra data (at most 32 bytes): the bft engine's epoch and the
  // platform height its validator set was read at.
  Bytes extra_data{};
  // An empty block whatever the pool holds (the bft engine's blocks past an epoch's end, which
  // only serve to finalize it).
  bool no_transactions = false;
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
  std::vector<tx::Authorization> authorization_list{};  // EIP-7702: a set-code transaction
  StateOverrides overrides{};  // assumed on top of the block's state (chain/state_override.hpp)
  BlockOverrides block{};      // the block the call runs in, changed (chain/state_override.hpp)
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
  std::string failure_reason;   // why a WASM or Move VM failed, when there is no revert data
  std::uint64_t gas_limit = 0;  // the gas the call or transaction ran with
};

class SubnetChain {
 public:
  // Opens the chain in `store` (which must outlive it), writing genesis on first use. Fails if
  // the store holds a chain with another chain id.
  [[nodiscard]] static Result<std::unique_ptr<SubnetChain>> open(kv::KvStore& store,
                                                                 ChainConfig config);

  [[nodiscard]] const ChainConfig& config() const noexcept { return config_; }
  // New rules from block `change.height` on (governance): refused for a height this chain has
  // built, verified or written a block at (unless `restoring` the rules its written blocks
  // followed, after a restart), or one not above the last change.
  [[nodiscard]] Result<void> schedule_params(ParamsChange change, bool restoring = false);

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

  // ---- pending blocks (see the top of this file; pending_blocks.cpp) ----
  // Verifies a block received from a peer as verify_block() does (header rules, every
  // transaction, gas used, bloom, all roots; kValidation naming the first failing rule, leaving
  // no trace) on top of its parent, which must be the head or a pending block (else kValidation
  // "unknown parent"), and keeps it pending; the state's path then ends at it. A block already
  // pending returns its head without being executed again.
  // With `certified_senders` (the block's senders, in order, from a peer, for a block a verified
  // quorum certificate covers): the senders must match the header's senders digest (else
  // kValidation, nothing kept) and no signature is recovered; everything else is checked.
  [[nodiscard]] Result<ChainHead> add_pending(const Block& block,
                                              std::span<const Address> certified_senders = {});
  // Builds a block from the pool on `parent` (the head or a pending block) as prepare_block()
  // does and keeps it pending; nullopt when the pool has nothing and !options.allow_empty.
  [[nodiscard]] Result<std::optional<Block>> build_pending(const Hash256& parent,
                                                           const BlockOptions& options);
  // Writes pending block `hash`, whose parent must be the head, as commit_block() does, and
  // makes it the head; pending blocks that do not descend from it are dropped. An error from
  // the store means the node must stop, as for commit_block().
  [[nodiscard]] Result<BlockRecord> commit_pending(const Hash256& hash);
  // Drops pending block `hash` and its descendants.
  [[nodiscard]] Result<void> drop_pending(const Hash256& hash);
  // The pending blocks, by number then hash.
  [[nodiscard]] std::vector<ChainHead> pending_blocks() const;

  // ---- reads; `block` is a block number, nullopt for the latest block ----
  [[nodiscard]] ChainHead head() const;
  [[nodiscard]] ChainHeads heads() const;
  // The rules of block `number`.
  [[nodiscard]] const ChainParams& params_at(std::uint64_t number) const {
    return config_.params.at(number);
  }
  [[nodiscard]] const BlockStore& blocks() const noexcept { return blocks_; }
  // The caches that reads at committed blocks share (for benchmarks and metrics): trie nodes, and
  // the decoded accounts and slots found at each root.
  [[nodiscard]] trie::NodeCache::Stats committed_node_cache() const {
    return world_.committed_nodes();
  }
  [[nodiscard]] CacheStats committed_account_cache() const { return world_.committed_accounts(); }
  [[nodiscard]] CacheStats committed_slot_cache() const { return world_.committed_slots(); }
  [[nodiscard]] uint256 next_base_fee() const;
  // Fails, naming the window, when the state after block `number` is older than the node's
  // history window (ChainConfig::history_blocks).
  [[nodiscard]] Result<void> check_history(std::uint64_t number) const;
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
  // Every byte-keyed entry of `space` held by `addr` at the latest block, keys without the
  // namespace byte, in key order (the explorer lists an account's Move modules and resources).
  [[nodiscard]] std::vector<std::pair<Bytes, Bytes>> data_entries(const Address& addr,
                                                                  exec::Namespace space) const;
  [[nodiscard]] Result<AccountProof> prove(const Address& addr, std::span<const Bytes32> keys,
                                           std::optional<std::uint64_t> block) const;

  // ---- simulation on the latest state, or after a retained block; nothing is kept ----
  [[nodiscard]] Result<CallOutcome> call(const CallRequest& request,
                                         std::optional<std::uint64_t> block = std::nullopt) const;
  // The smallest gas limit with which the call succeeds (binary search, as go-ethereum). A call
  // that fails even with the block gas limit returns its failing outcome in `failure`.
  struct Estimate {
    std::uint64_t gas = 0;
    std::optional<CallOutcome> failure;
  };
  [[nodiscard]] Result<Estimate> estimate_gas(
      const CallRequest& request, std::optional<std::uint64_t> block = std::nullopt) const;

  // ---- tracing (debug_traceCall, debug_traceTransaction); `tracer` sees the execution ----
  // call() with `tracer` watching (nullptr: none).
  [[nodiscard]] Result<CallOutcome> trace_call(const CallRequest& request,
                                               std::optional<std::uint64_t> block,
                                               evm::Tracer* tracer) const;
  // A mined transaction executed again: its block's system writes and the transactions before
  // it on the parent block's state, then itself watched by `tracer` (tx_replay.cpp).
  [[nodiscard]] Result<CallOutcome> replay_transaction(const Hash256& hash,
                                                       evm::Tracer& tracer) const;

 private:
  SubnetChain(kv::KvStore& store, ChainConfig config);
  [[nodiscard]] Result<void> check_config() const;
  [[nodiscard]] Result<void> write_genesis();
  // prepare_block() and verify_block() from the executed body on, the caller holding mutex_:
  // bloom, roots, state, hash; the header's body fields are filled in (kBuild) or compared
  // (kVerify, which undoes everything on a mismatch). Stages the block and makes it the tip.
  // `revertible`: staged as a pending block (WorldStore::mark_staged).
  [[nodiscard]] Result<PreparedBlock> seal_and_stage(BlockRecord record, ExecutionMode mode,
                                                     const BlockOptions& options,
                                                     const exec::StateChanges& changes,
                                                     bool revertible = false);
  // The bookkeeping after a block is staged: its transactions leave the pool and wait for the
  // write; sender views, the admission base fee and the pool's nonces follow the new state.
  void after_block_staged(const BlockRecord& record, std::vector<PooledTx> included,
                          const exec::StateChanges& changes);
  // A received block's transactions, decoded, with their senders (recovered, known from the
  // pool, or certified: see add_pending, checked here against the header's senders digest;
  // recovered ones are checked against it once the block has run, after the header rules and
  // each transaction's); kValidation naming the first that does not decode or verify.
  struct SignedTx {
    tx::Transaction tx;
    Address sender;
    Hash256 hash;
  };
  [[nodiscard]] Result<std::vector<SignedTx>> recover_senders(
      const Block& block, std::span<const Address> certified_senders = {}) const;
  // A block executed and staged on the tip, with what it changed.
  struct Executed {
    PreparedBlock prepared;
    std::vector<PooledTx> included;  // its transactions as the pool holds them
    exec::StateChanges changes;
  };
  // prepare_block()'s work from the pool on the tip, the caller holding mutex_; nullopt when
  // there is nothing to include. Leaves after_block_staged() to the caller.
  [[nodiscard]] Result<std::optional<Executed>> build_on_tip(const BlockOptions& options,
                                                             bool revertible);
  // verify_block()'s work once the header is checked, the caller holding mutex_: opens a block
  // journal, executes `txs`, compares gas and roots and stages the block; undoes everything on
  // a mismatch. The journal stays open for the caller to end or keep (a pending block).
  [[nodiscard]] Result<Executed> execute_on_tip(const Block& block, std::span<const SignedTx> txs,
                                                const BlockOptions& options, bool revertible);
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
  // reads of the latest state. Waiting readers go before the next block is prepared. Returns no
  // lock while pending blocks run the state ahead of the head: the caller reads the store at
  // the head's state root instead (read_head_state).
  [[nodiscard]] std::optional<std::unique_lock<std::mutex>> lock_committed_state() const;
  // The head's header, for reads of the latest state from the store.
  [[nodiscard]] Result<BlockHeader> head_header() const;
  // The head's account `addr` with its code, storage and data, from the store; the caller holds
  // store_state_mutex_ shared.
  [[nodiscard]] Result<std::optional<exec::Account>> head_account(const Address& addr) const;
  // The latest state a call runs on and the header of the block it would land in (call and
  // estimate_gas; call_simulation.cpp).
  // `throwaway`: on a state read from the store even when the live state is the head's, so that
  // `run` may change it beyond what a snapshot reverts (state overrides).
  template <typename T, typename Run>
  [[nodiscard]] Result<T> on_latest_state(Run&& run, bool throwaway = false) const;
  // The same after block `block` (nullopt: the latest), the state read from the store.
  template <typename T, typename Run>
  [[nodiscard]] Result<T> on_state_after(std::optional<std::uint64_t> block, Run&& run,
                                         bool throwaway = false) const;
  // prepare_block()'s side: lets waiting readers in first; `lock` holds mutex_.
  void admit_waiting_readers(std::unique_lock<std::mutex>& lock) const;
  [[nodiscard]] std::uint64_t head_number() const;
  [[nodiscard]] Result<Hash256> state_root_of(std::uint64_t number) const;
  // Runs `request` on `state` in block `next` (after the tip, or with `from_store` after the
  // head); nothing is kept.
  [[nodiscard]] Result<CallOutcome> simulate(exec::State& state, const BlockHeader& next,
                                             bool from_store, const CallRequest& request,
                                             std::uint64_t gas_limit,
                                             evm::Tracer* tracer = nullptr) const;
  // The most gas a call or estimate in block `number` may use: the block's, capped at 2^24 from
  // Osaka (EIP-7825).
  [[nodiscard]] std::uint64_t call_gas_cap(std::uint64_t number) const;
  // BLOCKHASH while executing on the tip (the caller holds mutex_): the tip and the pending
  // blocks of the path from memory, committed blocks from the store.
  [[nodiscard]] Hash256 block_hash(std::int64_t number) const;
  // BLOCKHASH of a committed block, without the state lock.
  [[nodiscard]] Hash256 committed_block_hash(std::int64_t number) const;
  // The base fee of the block after the head; the caller holds mutex_.
  [[nodiscard]] uint256 next_base_fee_locked() const;
  // What the EVM sees of the block being built (or, for calls, of the next block).
  // `from_store`: BLOCKHASH reads committed blocks only (calls outside the state lock).
  [[nodiscard]] transition::BlockInfo execution_context(const BlockHeader& header,
                                                        bool from_store = false) const;

  // ---- pending blocks (pending_blocks.cpp); the caller holds mutex_ ----
  struct PendingBlock {
    PreparedBlock prepared;
    std::vector<SignedTx> txs;   // decoded, for executing it again and pooling them again
    exec::StateChanges changes;  // what it changed, for the admission views when it is undone
  };
  // The pending calls are refused while a prepared block is not committed.
  [[nodiscard]] Result<void> check_pending_allowed();
  [[nodiscard]] Result<void> check_pending_room() const;
  // The header of the head or of a pending block.
  [[nodiscard]] Result<BlockHeader> tree_header(const Hash256& hash) const;
  [[nodiscard]] bool descends_from(const Hash256& block, const Hash256& ancestor) const;
  // Moves the state's path so that it ends at `target` (the head or a pending block).
  [[nodiscard]] Result<void> move_tip_to(const Hash256& target);
  // Undoes the path's last block: state, staging, tip, pool and admission.
  [[nodiscard]] Result<void> revert_tip();
  // Executes the pending block `hash` (a child of the tip) again; it was verified, so any
  // failure is kInternal.
  [[nodiscard]] Result<void> reexecute(const Hash256& hash);
  // Keeps a block just executed on the tip as pending, at the end of the path.
  void keep_pending(Executed executed, std::vector<SignedTx> txs);
  // Erases the pending blocks `abandoned` picks (none of them on the path).
  void erase_pending(const std::function<bool(const Hash256&)>& abandoned);
  void set_path_length(std::size_t length);

  ChainConfig config_;
  kv::KvStore& store_;
  BlockStore blocks_;
  FinalHeaders final_headers_;  // of blocks_, for reads at older blocks
  Mempool mempool_;
  mutable RecoveredSenders recovered_senders_;  // admission's and import's (a cache)

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
  // Held shared by reads of the latest state from the store (they read the flat records, which
  // are the latest written block's), exclusively by a block's write and the head's move.
  mutable std::shared_mutex store_state_mutex_;

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
  // The last prepared block: the head, or one block ahead of it while that block is written, or
  // the end of the path through the pending blocks.
  BlockHeader tip_header_;
  ChainHead tip_;
  // The pending block tree, by hash, and the path the state follows: pending blocks from the
  // head's child to the tip.
  std::map<Hash256, PendingBlock> pending_;
  std::vector<Hash256> path_;
  // path_.size(), readable without mutex_: readers of the latest state go to the store while it
  // is not zero instead of waiting for the state lock.
  std::atomic<std::size_t> path_length_ = 0;
  // Raw views of config_'s VMs for the execution context, one per set a block may run with:
  // none, WASM, Move, both (index: 1 for WASM + 2 for Move). A block runs with the set its
  // height's parameters enable (a VM enabled by governance starts at a height).
  std::array<exec::ForeignVms, 4> vm_sets_;
  [[nodiscard]] const exec::ForeignVms* vms_at(std::uint64_t height) const;
  // The vm_accounts of the VMs block `height` runs first (none for block 0: genesis has them).
  [[nodiscard]] std::vector<const std::pair<Address, exec::Account>*> vm_accounts_enabled_at(
      std::uint64_t height) const;
  [[nodiscard]] bool vms_loaded(const ChainParams& params) const;
};

}  // namespace plexus::chain
