#include "chain/world_store.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

constexpr Byte kAccountPrefix = 'a';
constexpr Byte kStoragePrefix = 's';
constexpr Byte kCodePrefix = 'c';
const Bytes kNodePrefix{'n'};
constexpr std::size_t kReleaseEvery = 64;  // blocks between dropping cached trie nodes

TrieOptions secure_trie() { return TrieOptions{.node_prefix = kNodePrefix, .secure_keys = true}; }

Bytes encode_slot_value(const Bytes32& value) {
  return rlp::encode_string(rlp::trim_leading_zeros(value.view()));
}

Result<Bytes32> decode_slot_value(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  PLEXUS_TRY(const BytesView digits, rlp::to_uint_bytes(item, 32));
  return Bytes32::right_aligned(digits);
}

Result<Hash256> hash_item(const rlp::Item& item) {
  if (item.is_list || item.payload.size() != 32) return fail(Errc::kCorruption, "account: hash");
  return Hash256::right_aligned(item.payload);
}

}  // namespace

Bytes encode_account(const AccountRecord& account) {
  const Bytes fields[] = {
      rlp::encode_uint(account.nonce),
      rlp::encode_string(to_minimal_be(account.balance)),
      rlp::encode_string(account.storage_root.view()),
      rlp::encode_string(account.code_hash.view()),
  };
  return rlp::encode_list(fields);
}

Result<AccountRecord> decode_account(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  if (!list.is_list) return fail(Errc::kCorruption, "account: not a list");
  PLEXUS_TRY(const auto items, rlp::list_items(list));
  if (items.size() != 4) return fail(Errc::kCorruption, "account: expected 4 fields");
  AccountRecord account;
  PLEXUS_TRY(account.nonce, rlp::to_uint64(items[0]));
  PLEXUS_TRY(const BytesView balance, rlp::to_uint_bytes(items[1], 32));
  account.balance = load_be(balance);
  PLEXUS_TRY(account.storage_root, hash_item(items[2]));
  PLEXUS_TRY(account.code_hash, hash_item(items[3]));
  return account;
}

WorldStore::WorldStore(kv::KvStore& store) : store_(store), accounts_(store, secure_trie()) {}

Result<void> WorldStore::load(evm::state::State& state, const Hash256& root) {
  PLEXUS_TRY(accounts_, Trie::open(store_, root, secure_trie()));
  const Bytes account_prefix{kAccountPrefix};
  for (auto cursor = store_.scan(account_prefix); cursor->valid(); cursor->next()) {
    if (cursor->key().size() != 1 + Address::size())
      return fail(Errc::kCorruption, "world state: bad account key");
    const Address addr = Address::right_aligned(cursor->key().subspan(1));
    PLEXUS_TRY(const AccountRecord record, decode_account(cursor->value()));
    committed_.insert_or_assign(addr, Committed{record.storage_root, record.code_hash});
    evm::state::Account account;
    account.nonce = record.nonce;
    account.balance = record.balance;
    account.code_hash = record.code_hash;
    if (record.code_hash != kEmptyKeccak) {
      PLEXUS_TRY(account.code, code(record.code_hash));
    }
    const Bytes slot_prefix = kv::prefixed_key(kStoragePrefix, addr.view());
    for (auto slots = store_.scan(slot_prefix); slots->valid(); slots->next()) {
      if (slots->key().size() != slot_prefix.size() + 32 || slots->value().size() != 32)
        return fail(Errc::kCorruption, "world state: bad storage entry");
      const Bytes32 key = Bytes32::right_aligned(slots->key().subspan(slot_prefix.size()));
      const Bytes32 value = Bytes32::right_aligned(slots->value());
      account.storage.emplace(key, evm::state::StorageSlot{value, value});
    }
    state.put_account(addr, std::move(account));
  }
  return {};
}

std::optional<WorldStore::Committed> WorldStore::committed(const Address& addr) const {
  const auto it = committed_.find(addr);
  if (it == committed_.end()) return std::nullopt;
  return it->second;
}

void WorldStore::erase_flat_storage(const Address& addr, kv::WriteBatch& batch) const {
  for (auto slots = store_.scan(kv::prefixed_key(kStoragePrefix, addr.view())); slots->valid();
       slots->next())
    batch.erase(slots->key());
}

Result<Hash256> WorldStore::stage_storage(const evm::state::Account& account, const Address& addr,
                                          const Hash256& old_root,
                                          std::span<const Bytes32> changed_slots, bool wiped,
                                          kv::WriteBatch& batch) {
  if (wiped) {
    // The account was deleted and recreated: its storage is exactly what it holds now.
    Trie storage(store_, secure_trie());
    for (const auto& [key, slot] : account.storage) {
      if (slot.current.is_zero()) continue;
      PLEXUS_CHECK(storage.put(key.view(), encode_slot_value(slot.current)));
      batch.put(kv::prefixed_key(kStoragePrefix, addr.view(), key.view()), slot.current.view());
    }
    return storage.stage(batch);
  }
  if (changed_slots.empty()) return old_root;
  PLEXUS_TRY(Trie storage, Trie::open(store_, old_root, secure_trie()));
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
  return storage.stage(batch);
}

Result<Hash256> WorldStore::stage(const evm::state::State& state,
                                  const evm::state::StateChanges& changes, kv::WriteBatch& batch) {
  std::vector<Bytes32> slots;
  staged_.clear();
  for (const Address& addr : changes.accounts) {
    const auto previous = committed(addr);
    const bool wiped = changes.deleted.contains(addr);
    if (wiped && previous && previous->storage_root != kEmptyTrieRoot)
      erase_flat_storage(addr, batch);
    const evm::state::Account* account = state.find(addr);
    if (account == nullptr) {
      if (previous) {
        PLEXUS_CHECK(accounts_.erase(addr.view()));
        batch.erase(kv::prefixed_key(kAccountPrefix, addr.view()));
        staged_.insert_or_assign(addr, std::nullopt);
      }
      continue;
    }
    slots.clear();
    for (auto it = changes.slots.lower_bound({addr, Bytes32{}});
         it != changes.slots.end() && it->first == addr; ++it)
      slots.push_back(it->second);
    const Hash256 old_root = (previous && !wiped) ? previous->storage_root : kEmptyTrieRoot;
    AccountRecord record{.nonce = account->nonce,
                         .balance = account->balance,
                         .storage_root = kEmptyTrieRoot,
                         .code_hash = account->code_hash};
    PLEXUS_TRY(record.storage_root, stage_storage(*account, addr, old_root, slots, wiped, batch));
    if (!account->code.empty() && (!previous || previous->code_hash != account->code_hash))
      batch.put(kv::prefixed_key(kCodePrefix, account->code_hash.view()), account->code);
    const Bytes encoded = encode_account(record);
    staged_.insert_or_assign(addr, Committed{record.storage_root, record.code_hash});
    PLEXUS_CHECK(accounts_.put(addr.view(), encoded));
    batch.put(kv::prefixed_key(kAccountPrefix, addr.view()), encoded);
  }
  return accounts_.stage(batch);
}

void WorldStore::mark_committed() {
  accounts_.mark_committed();
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

Result<std::optional<AccountRecord>> WorldStore::account_at(const Hash256& root,
                                                            const Address& addr) const {
  PLEXUS_TRY(const Trie trie, Trie::open(store_, root, secure_trie()));
  PLEXUS_TRY(const auto encoded, trie.get(addr.view()));
  if (!encoded) return std::optional<AccountRecord>{};
  PLEXUS_TRY(AccountRecord record, decode_account(*encoded));
  return std::optional<AccountRecord>{record};
}

Result<Bytes32> WorldStore::storage_at(const Hash256& root, const Address& addr,
                                       const Bytes32& key) const {
  PLEXUS_TRY(const auto account, account_at(root, addr));
  if (!account || account->storage_root == kEmptyTrieRoot) return Bytes32{};
  PLEXUS_TRY(const Trie trie, Trie::open(store_, account->storage_root, secure_trie()));
  PLEXUS_TRY(const auto encoded, trie.get(key.view()));
  if (!encoded) return Bytes32{};
  return decode_slot_value(*encoded);
}

Result<Bytes> WorldStore::code(const Hash256& code_hash) const {
  if (code_hash == kEmptyKeccak) return Bytes{};
  PLEXUS_TRY(auto stored, store_.get(kv::prefixed_key(kCodePrefix, code_hash.view())));
  if (!stored) return fail(Errc::kCorruption, "world state: missing code " + to_hex(code_hash));
  return std::move(*stored);
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
