#include "chain/subnet_chain.hpp"

#include <algorithm>
#include <chrono>

#include "chain/base_fee.hpp"
#include "chain/roots.hpp"
#include "core/hash.hpp"
#include "core/transaction.hpp"

namespace plexus::chain {
namespace {

const Bytes kChainIdKey{'C'};

std::uint64_t system_seconds() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

SubnetChain::SubnetChain(kv::KvStore& store, ChainConfig config)
    : config_(std::move(config)),
      store_(store),
      blocks_(store),
      final_headers_(blocks_),
      mempool_(config_.mempool),
      world_(store),
      vm_sets_{{{.messenger = config_.messenger_vm.get()},
                {.wasm = config_.wasm_vm.get(), .messenger = config_.messenger_vm.get()},
                {.move = config_.move_vm.get(), .messenger = config_.messenger_vm.get()},
                {.wasm = config_.wasm_vm.get(),
                 .move = config_.move_vm.get(),
                 .messenger = config_.messenger_vm.get()}}} {
  if (!config_.now_seconds) config_.now_seconds = system_seconds;
}

Result<void> SubnetChain::check_config() const {
  PLEXUS_CHECK(validate_params(config_.params.genesis()));
  for (const ParamsChange& change : config_.params.changes())
    PLEXUS_CHECK(validate_params(change.params));
  // Every VM the parameters enable, at genesis or later, needs its object; a node may give
  // more (those a governance proposal may enable while the chain runs).
  bool loaded = vms_loaded(config_.params.genesis());
  for (const ParamsChange& change : config_.params.changes())
    loaded = loaded && vms_loaded(change.params);
  if (!loaded)
    return fail(Errc::kInvalidArgument,
                "chain: the chain parameters' foreign_vms name a VM this node did not load");
  return {};
}

Result<std::unique_ptr<SubnetChain>> SubnetChain::open(kv::KvStore& store, ChainConfig config) {
  std::unique_ptr<SubnetChain> chain(new SubnetChain(store, std::move(config)));
  PLEXUS_CHECK(chain->check_config());
  PLEXUS_TRY(const auto stored_id, store.get(kChainIdKey));
  PLEXUS_TRY(const auto head, chain->blocks_.head());
  if (!head) {
    PLEXUS_CHECK(chain->write_genesis());
    return chain;
  }
  const Bytes expected_id = to_minimal_be(chain->config_.chain_id);
  if (!stored_id || *stored_id != expected_id)
    return fail(Errc::kInvalidArgument,
                "the data directory holds a chain with chain id " +
                    (stored_id ? load_be(*stored_id).str() : std::string("?")) + ", not " +
                    chain->config_.chain_id.str());
  PLEXUS_TRY(const auto header, chain->blocks_.header_of(head->number));
  if (!header) return fail(Errc::kCorruption, "the head block is missing");
  PLEXUS_CHECK(chain->world_.load(chain->state_, header->state_root));
  chain->head_ = *head;
  PLEXUS_TRY(const auto finalized, chain->blocks_.finalized());
  chain->finalized_ = finalized.value_or(ChainHead{0, {}});
  if (!finalized) {
    PLEXUS_TRY(const auto genesis_hash, chain->blocks_.hash_of(0));
    if (genesis_hash) chain->finalized_.hash = *genesis_hash;
  }
  chain->safe_ = chain->finalized_;
  chain->tip_ = *head;
  chain->tip_header_ = *header;
  chain->admission_base_fee_ = chain->next_base_fee_locked();
  return chain;
}

Result<void> SubnetChain::write_genesis() {
  exec::StateChanges changes;
  for (const GenesisAccount& account : config_.alloc) {
    exec::Account funded;
    funded.balance = account.balance;
    state_.put_account(account.address, std::move(funded));
    changes.accounts.insert(account.address);
  }
  std::vector<const std::pair<Address, exec::Account>*> installed;
  for (const auto& account : config_.genesis_accounts) installed.push_back(&account);
  for (const exec::CodeKind kind : config_.params.genesis().foreign_vms)
    if (const auto it = config_.vm_accounts.find(kind); it != config_.vm_accounts.end())
      for (const auto& account : it->second) installed.push_back(&account);
  for (const auto* entry : installed) {
    const auto& [address, account] = *entry;
    for (const auto& data : account.data) changes.data[address].insert(data.first);
    // Its slots too, or the store (trie and flat records) would not hold them.
    for (const auto& slot : account.storage) changes.slots.emplace(address, slot.first);
    state_.put_account(address, account);
    changes.accounts.insert(address);
  }
  kv::WriteBatch batch;
  BlockRecord genesis;
  BlockHeader& header = genesis.block.header;
  PLEXUS_TRY(header.state_root, world_.stage(state_, changes, batch));
  const ChainParams& params = config_.params.genesis();
  header.coinbase = params.coinbase;
  header.transactions_root = kEmptyTrieRoot;
  header.receipts_root = kEmptyTrieRoot;
  header.gas_limit = params.gas_limit;
  header.timestamp =
      config_.genesis_timestamp != 0 ? config_.genesis_timestamp : config_.now_seconds();
  header.base_fee_per_gas = uint256(kInitialBaseFee);
  header.withdrawals_root = kEmptyTrieRoot;
  header.blob_gas_used = 0;
  header.excess_blob_gas = 0;
  header.parent_beacon_block_root = Hash256{};
  genesis.block.withdrawals.emplace();
  PLEXUS_TRY(genesis.hash, header_hash(header));
  PLEXUS_CHECK(blocks_.stage(genesis, batch));
  batch.put(kChainIdKey, to_minimal_be(config_.chain_id));
  PLEXUS_CHECK(store_.write(batch, kv::Durability::kSync));
  world_.mark_staged(nullptr);
  head_ = ChainHead{0, genesis.hash};
  safe_ = head_;
  finalized_ = head_;
  tip_ = head_;
  tip_header_ = header;
  admission_base_fee_ = next_base_fee_locked();
  return {};
}

ChainHead SubnetChain::head() const {
  std::lock_guard lock(head_mutex_);
  return head_;
}

ChainHeads SubnetChain::heads() const {
  std::lock_guard lock(head_mutex_);
  return ChainHeads{.latest = head_, .safe = safe_, .finalized = finalized_};
}

Result<void> SubnetChain::mark_finalized(std::uint64_t number) {
  ChainHead final_head;
  {
    std::lock_guard lock(head_mutex_);
    if (number > head_.number)
      return fail(Errc::kInvalidArgument, "block " + std::to_string(number) +
                                              " cannot be final: the head is block " +
                                              std::to_string(head_.number));
    if (number <= finalized_.number) return {};
  }
  PLEXUS_TRY(const auto hash, blocks_.hash_of(number));
  if (!hash) return fail(Errc::kCorruption, "block " + std::to_string(number) + " is missing");
  final_head = ChainHead{number, *hash};
  kv::WriteBatch batch;
  BlockStore::stage_finalized(final_head, batch);
  PLEXUS_CHECK(store_.write(batch, kv::Durability::kBuffered));
  std::lock_guard lock(head_mutex_);
  if (number > finalized_.number) finalized_ = final_head;
  if (number > safe_.number) safe_ = final_head;
  return {};
}

void SubnetChain::mark_safe(std::uint64_t number) {
  std::lock_guard lock(head_mutex_);
  if (number <= safe_.number || number > head_.number) return;
  const auto hash = blocks_.hash_of(number);
  if (hash && *hash) safe_ = ChainHead{number, **hash};
}

std::uint64_t SubnetChain::head_number() const {
  std::lock_guard lock(head_mutex_);
  return head_.number;
}

std::optional<std::unique_lock<std::mutex>> SubnetChain::lock_committed_state() const {
  // Pending blocks may stay pending for seconds: their readers go to the store, not the lock.
  if (path_length_.load(std::memory_order_acquire) != 0) return std::nullopt;
  std::unique_lock lock(mutex_);
  if (!path_.empty()) return std::nullopt;
  const auto committed = [this] {
    std::lock_guard head(head_mutex_);
    return tip_.number == head_.number || commit_failed_;
  };
  if (committed()) return lock;
  // Registered as waiting, a reader keeps prepare_block() from starting another block, so once
  // the block being written lands the state is the head's until the reader is done.
  ++readers_waiting_;
  while (!committed()) {
    const std::uint64_t target = tip_.number;
    lock.unlock();
    {
      std::unique_lock head(head_mutex_);
      head_cv_.wait(head, [&] { return head_.number >= target || commit_failed_; });
    }
    lock.lock();
  }
  {
    std::lock_guard head(head_mutex_);
    --readers_waiting_;
  }
  head_cv_.notify_all();
  return lock;
}

Result<BlockHeader> SubnetChain::head_header() const {
  const std::uint64_t number = head_number();
  PLEXUS_TRY(const auto header, blocks_.header_of(number));
  if (!header) return fail(Errc::kCorruption, "the head block is missing");
  return *header;
}

Result<std::optional<exec::Account>> SubnetChain::head_account(const Address& addr) const {
  PLEXUS_TRY(const BlockHeader header, head_header());
  return world_.account_state_at(header.state_root, addr);
}

void SubnetChain::admit_waiting_readers(std::unique_lock<std::mutex>& lock) const {
  if (readers_waiting_ == 0) return;
  lock.unlock();
  {
    std::unique_lock head(head_mutex_);
    head_cv_.wait(head, [&] { return readers_waiting_ == 0; });
  }
  lock.lock();
}

uint256 SubnetChain::next_base_fee() const {
  std::lock_guard lock(admission_mutex_);
  return admission_base_fee_;
}

uint256 SubnetChain::next_base_fee_locked() const {
  return chain::next_base_fee(config_.params.at(tip_.number + 1),
                              tip_header_.base_fee_per_gas.value_or(0), tip_header_.gas_used,
                              tip_header_.gas_limit);
}

Result<Hash256> SubnetChain::state_root_of(std::uint64_t number) const {
  // Called for blocks at or below the head: final.
  PLEXUS_TRY(const auto final_header, final_headers_.at(number));
  return final_header->header.state_root;
}

Result<void> SubnetChain::check_history(std::uint64_t number) const {
  const std::uint64_t window = config_.history_blocks;
  const std::uint64_t head = head_number();
  if (window == 0 || number >= head || head - number < window) return {};
  return fail(Errc::kNotFound, "historical state not available: block " + std::to_string(number) +
                                   " is older than the node's history window of " +
                                   std::to_string(window) + " blocks");
}

Result<AccountRecord> SubnetChain::account(const Address& addr,
                                           std::optional<std::uint64_t> block) const {
  std::uint64_t number = block.value_or(0);
  if (!block || *block >= head_number()) {
    const auto lock = lock_committed_state();
    if (lock && (!block || *block >= tip_.number)) {
      const exec::Account* account = state_.find(addr);
      if (account == nullptr) return AccountRecord{};
      // The storage root of the latest state is only needed for proofs, which read the trie.
      return exec::account_record(*account, kEmptyTrieRoot);
    }
    // Pending blocks run the state ahead: the head's, from the store.
    if (!lock) number = block ? std::min(*block, head_number()) : head_number();
  }
  PLEXUS_TRY(const Hash256 root, state_root_of(number));
  PLEXUS_TRY(const auto record, world_.account_at(root, addr));
  return record.value_or(AccountRecord{});
}

std::uint64_t SubnetChain::pending_nonce(const Address& addr) const {
  {
    std::lock_guard admission(admission_mutex_);
    if (const auto it = sender_views_.find(addr); it != sender_views_.end())
      return mempool_.pending_nonce(addr, it->second.nonce);
  }
  // Not a sender yet: read the state without keeping a view, so queries add nothing.
  std::lock_guard lock(mutex_);
  return mempool_.pending_nonce(addr, state_view(addr).nonce);
}

Result<Bytes> SubnetChain::code(const Address& addr, std::optional<std::uint64_t> block) const {
  if (!block || *block >= head_number()) {
    const auto lock = lock_committed_state();
    if (lock && (!block || *block >= tip_.number)) {
      const exec::Account* account = state_.find(addr);
      return account ? account->code : Bytes{};
    }
  }
  PLEXUS_TRY(const AccountRecord record, account(addr, block));
  return world_.code(record.code_hash);
}

Result<Bytes32> SubnetChain::storage(const Address& addr, const Bytes32& key,
                                     std::optional<std::uint64_t> block) const {
  std::uint64_t number = block.value_or(0);
  if (!block || *block >= head_number()) {
    const auto lock = lock_committed_state();
    if (lock && (!block || *block >= tip_.number)) return state_.get_storage(addr, key);
    if (!lock) number = block ? std::min(*block, head_number()) : head_number();
  }
  PLEXUS_TRY(const Hash256 root, state_root_of(number));
  return world_.storage_at(root, addr, key);
}

std::optional<Bytes> SubnetChain::data(const Address& addr, exec::Namespace space,
                                       BytesView key) const {
  const Bytes data_key = exec::data_key(space, key);
  if (const auto lock = lock_committed_state()) {
    const Bytes* value = state_.get_data(addr, data_key);
    if (value == nullptr) return std::nullopt;
    return *value;
  }
  std::shared_lock store_state(store_state_mutex_);
  const auto account = head_account(addr);
  if (!account || !*account) return std::nullopt;
  const auto it = (*account)->data.find(data_key);
  if (it == (*account)->data.end()) return std::nullopt;
  return it->second;
}

namespace {

std::vector<std::pair<Bytes, Bytes>> entries_in(const exec::DataMap& data, exec::Namespace space) {
  std::vector<std::pair<Bytes, Bytes>> out;
  // data_key() puts the namespace byte first, so one namespace is one contiguous key range.
  for (auto it = data.lower_bound(Bytes{static_cast<Byte>(space)});
       it != data.end() && !it->first.empty() && it->first[0] == static_cast<Byte>(space); ++it)
    out.emplace_back(Bytes(it->first.begin() + 1, it->first.end()), it->second);
  return out;
}

}  // namespace

std::vector<std::pair<Bytes, Bytes>> SubnetChain::data_entries(const Address& addr,
                                                               exec::Namespace space) const {
  if (const auto lock = lock_committed_state()) {
    const exec::Account* account = state_.find(addr);
    return account == nullptr ? std::vector<std::pair<Bytes, Bytes>>{}
                              : entries_in(account->data, space);
  }
  std::shared_lock store_state(store_state_mutex_);
  const auto account = head_account(addr);
  if (!account || !*account) return {};
  return entries_in((*account)->data, space);
}

Result<AccountProof> SubnetChain::prove(const Address& addr, std::span<const Bytes32> keys,
                                        std::optional<std::uint64_t> block) const {
  const std::uint64_t committed = head_number();
  const std::uint64_t number = block ? std::min(*block, committed) : committed;
  PLEXUS_TRY(const Hash256 root, state_root_of(number));
  return world_.prove(root, addr, keys);
}

Hash256 SubnetChain::block_hash(std::int64_t number) const {
  if (number < 0) return {};
  const auto n = static_cast<std::uint64_t>(number);
  // The parent of the block being prepared may still be being written, and the blocks of the
  // pending path are not written at all; the caller holds mutex_.
  if (n == tip_.number) return tip_.hash;
  if (!path_.empty() && n < tip_.number && n + path_.size() > tip_.number)
    return path_[path_.size() - 1 - (tip_.number - n)];
  return committed_block_hash(number);
}

Hash256 SubnetChain::committed_block_hash(std::int64_t number) const {
  if (number < 0) return {};
  const auto hash = blocks_.hash_of(static_cast<std::uint64_t>(number));
  return (hash && *hash) ? **hash : Hash256{};
}

const exec::ForeignVms* SubnetChain::vms_at(std::uint64_t height) const {
  std::size_t index = 0;
  for (const exec::CodeKind kind : config_.params.at(height).foreign_vms)
    index |= kind == exec::CodeKind::kWasm ? 1 : kind == exec::CodeKind::kMove ? 2 : 0;
  return &vm_sets_[index];
}

std::vector<const std::pair<Address, exec::Account>*> SubnetChain::vm_accounts_enabled_at(
    std::uint64_t height) const {
  std::vector<const std::pair<Address, exec::Account>*> out;
  if (height == 0 || config_.vm_accounts.empty()) return out;
  const std::vector<exec::CodeKind>& before = config_.params.at(height - 1).foreign_vms;
  for (const exec::CodeKind kind : config_.params.at(height).foreign_vms) {
    if (std::find(before.begin(), before.end(), kind) != before.end()) continue;
    const auto it = config_.vm_accounts.find(kind);
    if (it == config_.vm_accounts.end()) continue;
    for (const auto& account : it->second) out.push_back(&account);
  }
  return out;
}

bool SubnetChain::vms_loaded(const ChainParams& params) const {
  for (const exec::CodeKind kind : params.foreign_vms) {
    if (kind == exec::CodeKind::kWasm && config_.wasm_vm == nullptr) return false;
    if (kind == exec::CodeKind::kMove && config_.move_vm == nullptr) return false;
  }
  return true;
}

Result<void> SubnetChain::schedule_params(ParamsChange change, bool restoring) {
  std::unique_lock lock(mutex_);  // no block is built or verified meanwhile
  if (!vms_loaded(change.params))
    return not_supported("enabling a VM this node did not load for the chain");
  if (!restoring && change.height <= tip_.number)
    return fail(Errc::kInvalidArgument, "chain parameters: block " + std::to_string(change.height) +
                                            " is already made (tip " + std::to_string(tip_.number) +
                                            ")");
  return config_.params.schedule(std::move(change));
}

}  // namespace plexus::chain
