#include "chain/world_store.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

using exec::data_trie_key;
using exec::decode_slot_value;
using exec::encode_data_value;
using exec::encode_slot_value;

// Every account of the state trie has an entry "A" ++ address (empty value), written when the
// account first appears and erased when it is deleted. A block thus writes one key per new
// account instead of one per changed account.
constexpr Byte kRegistryPrefix = 'A';
// Flat account records of the former layout; load() refuses a data directory holding them.
constexpr Byte kFormerAccountPrefix = 'a';
constexpr Byte kStoragePrefix = 's';
constexpr Byte kCodePrefix = 'c';
constexpr Byte kDataPrefix = 'd';
const Bytes kNodePrefix{'n'};
// Memory of the node cache of reads at committed roots: the top levels of the state trie and the
// paths to the accounts and slots calls at older blocks read most.
constexpr std::size_t kCommittedNodeCacheBytes = std::size_t{64} << 20;
// Memory of the decoded accounts and of the slots the same reads found (about 210 and 130 bytes
// an entry: some 40,000 accounts and 65,000 slots).
constexpr std::size_t kCommittedAccountCacheBytes = std::size_t{8} << 20;
constexpr std::size_t kCommittedSlotCacheBytes = std::size_t{8} << 20;
// Memory of the code cache of the same reads (a contract is at most 24 KiB on the EVM).
constexpr std::size_t kCodeCacheBytes = std::size_t{16} << 20;
constexpr std::size_t kReleaseEvery = 64;  // blocks between dropping cached trie nodes
// Below this many changed accounts a second thread costs more than the hashing it takes over.
constexpr std::size_t kParallelHashFrom = 256;

TrieOptions secure_trie() { return TrieOptions{.node_prefix = kNodePrefix, .secure_keys = true}; }

}  // namespace

WorldStore::WorldStore(kv::KvStore& store)
    : store_(store),
      staging_view_(store),
      accounts_(staging_view_, secure_trie()),
      node_cache_(kCommittedNodeCacheBytes),
      accounts_at_(kCommittedAccountCacheBytes),
      slots_in_(kCommittedSlotCacheBytes) {}

Result<void> WorldStore::load(exec::State& state, const Hash256& root) {
  PLEXUS_TRY(accounts_, Trie::open(staging_view_, root, secure_trie()));
  staged_root_ = root;
  if (store_.scan(Bytes{kFormerAccountPrefix})->valid())
    return fail(Errc::kNotSupported,
                "world state: the data directory has the former layout (flat account records), "
                "which this version does not read; start the node on a new data directory");
  // The state trie is keyed by keccak256(address): the registry supplies the preimages.
  std::map<Hash256, Address> addresses;
  const Bytes registry_prefix{kRegistryPrefix};
  auto cursor = store_.scan(registry_prefix);
  for (; cursor->valid(); cursor->next()) {
    if (cursor->key().size() != 1 + Address::size())
      return fail(Errc::kCorruption, "world state: bad address registry key");
    const Address addr = Address::right_aligned(cursor->key().subspan(1));
    addresses.emplace(keccak256(addr.view()), addr);
  }
  PLEXUS_CHECK(cursor->status());
  PLEXUS_CHECK(accounts_.for_each([&](BytesView key, BytesView value) -> Result<void> {
    const auto found = key.size() == Hash256::size() ? addresses.find(Hash256::right_aligned(key))
                                                     : addresses.end();
    if (found == addresses.end())
      return fail(Errc::kCorruption,
                  "world state: account " + to_hex(key) + " of the state trie is not registered");
    const Address addr = found->second;
    addresses.erase(found);
    PLEXUS_TRY(const AccountRecord record, decode_account(value));
    return load_account(addr, record, state);
  }));
  if (!addresses.empty())
    return fail(Errc::kCorruption, "world state: registered account " +
                                       to_hex(addresses.begin()->second) +
                                       " is not in the state trie");
  return {};
}

Result<void> WorldStore::load_account(const Address& addr, const AccountRecord& record,
                                      exec::State& state) {
  committed_.insert_or_assign(addr, Committed{record.storage_root, record.code_hash});
  PLEXUS_TRY(exec::Account account, read_account(addr, record));
  state.put_account(addr, std::move(account));
  return {};
}

Result<exec::Account> WorldStore::read_account(const Address& addr,
                                               const AccountRecord& record) const {
  exec::Account account;
  account.nonce = record.nonce;
  account.balance = record.balance;
  account.code_hash = record.code_hash;
  account.code_kind = record.code_kind;
  if (record.code_hash != kEmptyKeccak) {
    PLEXUS_TRY(account.code, code(record.code_hash));
  }
  const Bytes slot_prefix = kv::prefixed_key(kStoragePrefix, addr.view());
  for (auto slots = store_.scan(slot_prefix); slots->valid(); slots->next()) {
    if (slots->key().size() != slot_prefix.size() + 32 || slots->value().size() != 32)
      return fail(Errc::kCorruption, "world state: bad storage entry");
    const Bytes32 key = Bytes32::right_aligned(slots->key().subspan(slot_prefix.size()));
    const Bytes32 value = Bytes32::right_aligned(slots->value());
    account.storage.emplace(key, exec::StorageSlot{value, value});
  }
  PLEXUS_CHECK(load_data(addr, account));
  return account;
}

Result<std::optional<exec::Account>> WorldStore::account_state_at(const Hash256& root,
                                                                  const Address& addr) const {
  PLEXUS_TRY(const auto record, account_at(root, addr));
  if (!record) return std::optional<exec::Account>{};
  PLEXUS_TRY(exec::Account account, read_account(addr, *record));
  return std::optional<exec::Account>{std::move(account)};
}

std::optional<WorldStore::Committed> WorldStore::committed(const Address& addr) const {
  const auto it = committed_.find(addr);
  if (it == committed_.end()) return std::nullopt;
  return it->second;
}

Result<void> WorldStore::load_data(const Address& addr, exec::Account& account) const {
  const Bytes prefix = kv::prefixed_key(kDataPrefix, addr.view());
  for (auto entries = store_.scan(prefix); entries->valid(); entries->next()) {
    if (entries->key().size() <= prefix.size())
      return fail(Errc::kCorruption, "world state: bad data entry");
    account.data.insert_or_assign(to_bytes(entries->key().subspan(prefix.size())),
                                  to_bytes(entries->value()));
  }
  return {};
}

void WorldStore::erase_flat_storage(const Address& addr, kv::WriteBatch& batch) const {
  for (const Byte prefix : {kStoragePrefix, kDataPrefix}) {
    for (auto entries = staging_view_.scan(kv::prefixed_key(prefix, addr.view())); entries->valid();
         entries->next())
      batch.erase(entries->key());
  }
}

Result<Hash256> WorldStore::stage_storage(const exec::Account& account, const Address& addr,
                                          const Hash256& old_root,
                                          std::span<const Bytes32> changed_slots,
                                          const std::set<Bytes, exec::BytesLess>* changed_data,
                                          bool wiped, kv::WriteBatch& batch) {
  if (wiped) {
    // The account was deleted and recreated: its storage is exactly what it holds now.
    Trie storage(staging_view_, secure_trie());
    for (const auto& [key, slot] : account.storage) {
      if (slot.current.is_zero()) continue;
      PLEXUS_CHECK(storage.put(key.view(), encode_slot_value(slot.current)));
      batch.put(kv::prefixed_key(kStoragePrefix, addr.view(), key.view()), slot.current.view());
    }
    for (const auto& [key, value] : account.data) {
      PLEXUS_CHECK(storage.put(data_trie_key(key), encode_data_value(value)));
      batch.put(kv::prefixed_key(kDataPrefix, addr.view(), key), value);
    }
    return storage.stage(batch);
  }
  if (changed_slots.empty() && changed_data == nullptr) return old_root;
  PLEXUS_TRY(Trie storage, Trie::open(staging_view_, old_root, secure_trie()));
  for (const Bytes32& key : changed_slots) {
    const auto it = account.storage.find(key);
    const Bytes flat_key = kv::prefixed_key(kStoragePrefix, addr.view(), key.view());
    if (it == account.storage.end() || it->second.current.is_zero()) {
      PLEXUS_CHECK(storage.erase(key.view()));
      batch.erase(flat_key);
    } else {
      PLEXUS_CHECK(storage.put(key.view(), encode_slot_value(it->second.current)));
      batch.put(flat_key, it->second.current.view());
    }
  }
  if (changed_data != nullptr) {
    for (const Bytes& key : *changed_data) {
      const auto it = account.data.find(key);
      const Bytes flat_key = kv::prefixed_key(kDataPrefix, addr.view(), key);
      if (it == account.data.end()) {
        PLEXUS_CHECK(storage.erase(data_trie_key(key)));
        batch.erase(flat_key);
      } else {
        PLEXUS_CHECK(storage.put(data_trie_key(key), encode_data_value(it->second)));
        batch.put(flat_key, it->second);
      }
    }
  }
  return storage.stage(batch);
}

Result<Hash256> WorldStore::stage(const exec::State& state, const exec::StateChanges& changes,
                                  kv::WriteBatch& batch) {
  std::vector<Bytes32> slots;
  staged_.clear();
  for (const Address& addr : changes.accounts) {
    const auto previous = committed(addr);
    const bool wiped = changes.deleted.contains(addr);
    if (wiped && previous && previous->storage_root != kEmptyTrieRoot)
      erase_flat_storage(addr, batch);
    const exec::Account* account = state.find(addr);
    if (account == nullptr) {
      if (previous) {
        PLEXUS_CHECK(accounts_.erase(addr.view()));
        batch.erase(kv::prefixed_key(kRegistryPrefix, addr.view()));
        staged_.insert_or_assign(addr, std::nullopt);
      }
      continue;
    }
    slots.clear();
    for (auto it = changes.slots.lower_bound({addr, Bytes32{}});
         it != changes.slots.end() && it->first == addr; ++it)
      slots.push_back(it->second);
    const Hash256 old_root = (previous && !wiped) ? previous->storage_root : kEmptyTrieRoot;
    const auto data = changes.data.find(addr);
    const auto* changed_data = data == changes.data.end() ? nullptr : &data->second;
    PLEXUS_TRY(const Hash256 storage_root,
               stage_storage(*account, addr, old_root, slots, changed_data, wiped, batch));
    const AccountRecord record = exec::account_record(*account, storage_root);
    if (!account->code.empty() && (!previous || previous->code_hash != account->code_hash))
      batch.put(kv::prefixed_key(kCodePrefix, account->code_hash.view()), account->code);
    const Bytes encoded = encode_account(record);
    staged_.insert_or_assign(addr, Committed{record.storage_root, record.code_hash});
    PLEXUS_CHECK(accounts_.put(addr.view(), encoded));
    if (!previous) batch.put(kv::prefixed_key(kRegistryPrefix, addr.view()), {});
  }
  if (changes.accounts.size() >= kParallelHashFrom) accounts_.hash_on_two_threads();
  return accounts_.stage(batch);
}

void WorldStore::mark_staged(std::shared_ptr<const kv::WriteBatch> batch, bool revertible) {
  // The trie's nodes now count as stored: the next stage() adds only newer ones, and reads them
  // back from the batch until it lands.
  accounts_.mark_committed();
  if (revertible) {
    Level& level = levels_.emplace_back(Level{.root_before = staged_root_, .previous = {}});
    level.previous.reserve(staged_.size());
    for (const auto& entry : staged_)
      level.previous.emplace_back(entry.first, committed(entry.first));
    staging_view_.push(std::move(batch));
  } else {
    staging_view_.set(std::move(batch));
  }
  staged_root_ = accounts_.root_hash();
  for (auto& [addr, committed] : staged_) {
    if (committed) {
      committed_.insert_or_assign(addr, *committed);
    } else {
      committed_.erase(addr);
    }
  }
  staged_.clear();
  // The state trie keeps every node it touched in memory; dropping the clean ones now and then
  // bounds the node's memory without rereading the hot top of the trie on every block.
  if (++commits_since_release_ >= kReleaseEvery) {
    accounts_.release_committed();
    commits_since_release_ = 0;
  }
}

void WorldStore::mark_written() noexcept {
  levels_.clear();
  staging_view_.clear();
}

Result<void> WorldStore::revert_staged() {
  if (levels_.empty()) return fail(Errc::kInternal, "world state: no revertible block is staged");
  Level level = std::move(levels_.back());
  levels_.pop_back();
  for (auto& [addr, previous] : level.previous) {
    if (previous) {
      committed_.insert_or_assign(addr, *previous);
    } else {
      committed_.erase(addr);
    }
  }
  staging_view_.pop_newest();
  staged_.clear();
  staged_root_ = level.root_before;
  // The trie's in-memory nodes may be the reverted block's: start again from the root before it,
  // whose nodes are in the store or in the batches still stacked.
  PLEXUS_TRY(accounts_, Trie::open(staging_view_, staged_root_, secure_trie()));
  return {};
}

void WorldStore::mark_oldest_written() noexcept {
  if (levels_.empty()) return;
  levels_.erase(levels_.begin());
  staging_view_.pop_oldest();
}

Result<void> WorldStore::discard_staged() {
  staged_.clear();
  PLEXUS_TRY(accounts_, Trie::open(staging_view_, staged_root_, secure_trie()));
  return {};
}

Result<std::optional<AccountRecord>> WorldStore::account_at(const Hash256& root,
                                                            const Address& addr) const {
  const AtRoot<Address> at{.root = root, .key = addr};
  if (auto cached = accounts_at_.find(at)) return std::move(*cached);
  PLEXUS_TRY(const auto encoded,
             get_committed(store_, root, addr.view(), secure_trie(), node_cache_));
  std::optional<AccountRecord> record;
  if (encoded) {
    PLEXUS_TRY(record, decode_account(*encoded));
  }
  // Only what the trie held is kept: a failed read (a missing or damaged node) is not.
  accounts_at_.insert(at, record);
  return record;
}

Result<Bytes32> WorldStore::storage_at(const Hash256& root, const Address& addr,
                                       const Bytes32& key) const {
  PLEXUS_TRY(const auto account, account_at(root, addr));
  if (!account) return Bytes32{};
  return slot_in(account->storage_root, key);
}

Result<Bytes32> WorldStore::slot_in(const Hash256& storage_root, const Bytes32& key) const {
  if (storage_root == kEmptyTrieRoot) return Bytes32{};
  const AtRoot<Bytes32> at{.root = storage_root, .key = key};
  if (const auto cached = slots_in_.find(at)) return *cached;
  PLEXUS_TRY(const auto encoded,
             get_committed(store_, storage_root, key.view(), secure_trie(), node_cache_));
  Bytes32 value{};
  if (encoded) {
    PLEXUS_TRY(value, decode_slot_value(*encoded));
  }
  slots_in_.insert(at, value);
  return value;
}

Result<std::optional<Bytes>> WorldStore::data_in(const Hash256& storage_root,
                                                 BytesView data_key) const {
  PLEXUS_TRY(const auto encoded, get_committed(store_, storage_root, data_trie_key(data_key),
                                               secure_trie(), node_cache_));
  if (!encoded) return std::optional<Bytes>{};
  PLEXUS_TRY(Bytes value, exec::decode_data_value(*encoded));
  return std::optional<Bytes>{std::move(value)};
}

Result<std::optional<WorldStore::LazyAccount>> WorldStore::account_lazily_at(
    const Hash256& root, const Address& addr) const {
  PLEXUS_TRY(const auto record, account_at(root, addr));
  if (!record) return std::optional<LazyAccount>{};
  LazyAccount out;
  exec::Account& account = out.account;
  account.nonce = record->nonce;
  account.balance = record->balance;
  account.code_hash = record->code_hash;
  account.code_kind = record->code_kind;
  if (record->code_hash != kEmptyKeccak) {
    PLEXUS_TRY(account.code, code(record->code_hash));
  }
  // Byte-keyed data too is read key by key from the storage trie: the flat records hold the
  // latest written values, not this root's.
  account.lazy_storage = true;
  account.stored_storage = record->storage_root != kEmptyTrieRoot;
  account.lazy_data = account.stored_storage;
  out.storage_root = record->storage_root;
  return std::optional<LazyAccount>{std::move(out)};
}

Result<Bytes> WorldStore::code(const Hash256& code_hash) const {
  if (code_hash == kEmptyKeccak) return Bytes{};
  {
    std::lock_guard lock(codes_mutex_);
    if (const auto it = codes_.find(code_hash); it != codes_.end()) return *it->second;
  }
  PLEXUS_TRY(auto stored, store_.get(kv::prefixed_key(kCodePrefix, code_hash.view())));
  if (!stored) return fail(Errc::kCorruption, "world state: missing code " + to_hex(code_hash));
  auto loaded = std::make_shared<const Bytes>(std::move(*stored));
  std::lock_guard lock(codes_mutex_);
  if (code_bytes_ + loaded->size() > kCodeCacheBytes) {  // full: start again
    codes_.clear();
    code_bytes_ = 0;
  }
  if (codes_.emplace(code_hash, loaded).second) code_bytes_ += loaded->size();
  return *loaded;
}

Result<AccountProof> WorldStore::prove(const Hash256& root, const Address& addr,
                                       std::span<const Bytes32> keys) const {
  PLEXUS_TRY(const Trie trie, Trie::open(store_, root, secure_trie()));
  AccountProof proof;
  proof.address = addr;
  PLEXUS_TRY(proof.account_proof, trie.prove(addr.view()));
  PLEXUS_TRY(const auto encoded, trie.get(addr.view()));
  if (encoded) {
    PLEXUS_TRY(proof.account, decode_account(*encoded));
  }
  PLEXUS_TRY(const Trie storage, Trie::open(store_, proof.account.storage_root, secure_trie()));
  for (const Bytes32& key : keys) {
    StorageProof slot{.key = key, .value = {}, .proof = {}};
    PLEXUS_TRY(slot.proof, storage.prove(key.view()));
    PLEXUS_TRY(const auto value, storage.get(key.view()));
    if (value) {
      PLEXUS_TRY(slot.value, decode_slot_value(*value));
    }
    proof.storage.push_back(std::move(slot));
  }
  return proof;
}

}  // namespace plexus::chain
