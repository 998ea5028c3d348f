#include "exec/commitment.hpp"

#include <algorithm>

#include "core/rlp.hpp"
#include "storage/trie_root.hpp"

namespace plexus::exec {
namespace {

Result<Hash256> hash_item(const rlp::Item& item) {
  if (item.is_list || item.payload.size() != 32) return fail(Errc::kCorruption, "account: hash");
  return Hash256::right_aligned(item.payload);
}

// 32 bytes of 0xff: any data key (at least its namespace byte) makes the preimage 33+ bytes.
constexpr std::size_t kDataKeyDomainSize = 32;

}  // namespace

Bytes encode_account(const AccountRecord& account) {
  // Appended into one buffer: every changed account of every block is encoded here.
  Bytes payload;
  payload.reserve(128);  // nonce, balance, two hashes and a code kind take at most 117 bytes
  rlp::append_uint(payload, account.nonce);
  rlp::append_string(payload, to_minimal_be(account.balance));
  rlp::append_string(payload, account.storage_root.view());
  rlp::append_string(payload, account.code_hash.view());
  if (account.code_kind != CodeKind::kNone && account.code_kind != CodeKind::kEvm)
    rlp::append_uint(payload, static_cast<std::uint64_t>(account.code_kind));
  Bytes out;
  out.reserve(payload.size() + 3);
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<AccountRecord> decode_account(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  if (!list.is_list) return fail(Errc::kCorruption, "account: not a list");
  PLEXUS_TRY(const auto items, rlp::list_items(list));
  if (items.size() != 4 && items.size() != 5)
    return fail(Errc::kCorruption, "account: expected 4 or 5 fields");
  AccountRecord account;
  PLEXUS_TRY(account.nonce, rlp::to_uint64(items[0]));
  PLEXUS_TRY(const BytesView balance, rlp::to_uint_bytes(items[1], 32));
  account.balance = load_be(balance);
  PLEXUS_TRY(account.storage_root, hash_item(items[2]));
  PLEXUS_TRY(account.code_hash, hash_item(items[3]));
  account.code_kind = account.code_hash == kEmptyKeccak ? CodeKind::kNone : CodeKind::kEvm;
  if (items.size() == 5) {
    PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(items[4]));
    if (kind != static_cast<std::uint64_t>(CodeKind::kWasm) &&
        kind != static_cast<std::uint64_t>(CodeKind::kMove))
      return fail(Errc::kCorruption, "account: unknown code kind");
    account.code_kind = static_cast<CodeKind>(kind);
  }
  return account;
}

Bytes data_trie_key(BytesView data_key) {
  Bytes out(kDataKeyDomainSize + data_key.size(), 0xff);
  std::copy(data_key.begin(), data_key.end(), out.begin() + kDataKeyDomainSize);
  return out;
}

Bytes encode_slot_value(const Bytes32& value) {
  return rlp::encode_string(rlp::trim_leading_zeros(value.view()));
}

Result<Bytes32> decode_slot_value(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  PLEXUS_TRY(const BytesView digits, rlp::to_uint_bytes(item, 32));
  return Bytes32::right_aligned(digits);
}

Bytes encode_data_value(BytesView value) { return rlp::encode_string(value); }

Result<Bytes> decode_data_value(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  if (item.is_list) return fail(Errc::kCorruption, "storage: data value is a list");
  return to_bytes(item.payload);
}

Hash256 storage_root(const Account& account) {
  std::vector<std::pair<Bytes, Bytes>> entries;
  entries.reserve(account.storage.size() + account.data.size());
  for (const auto& [key, slot] : account.storage) {
    if (slot.current.is_zero()) continue;
    entries.emplace_back(to_bytes(key.view()), encode_slot_value(slot.current));
  }
  for (const auto& [key, value] : account.data)
    entries.emplace_back(data_trie_key(key), encode_data_value(value));
  return secure_trie_root(std::move(entries));
}

AccountRecord account_record(const Account& account, const Hash256& storage_root) {
  return AccountRecord{.nonce = account.nonce,
                       .balance = account.balance,
                       .storage_root = storage_root,
                       .code_hash = account.code_hash,
                       .code_kind = account.code_kind};
}

}  // namespace plexus::exec
