#pragma once
// How the world state of every VM is committed to the subnet's one state trie:
//   - the state trie maps keccak(address) to RLP([nonce, balance, storageRoot, codeHash]), with a
//     fifth field, the code kind, only for non-EVM code, so EVM accounts hash exactly as on
//     Ethereum;
//   - an account's storage trie holds its EVM slots at keccak(slot) -> RLP(trimmed value), as on
//     Ethereum, and its byte-keyed VM data at keccak(kDataKeyDomain ++ data_key) -> RLP(value).
//     The domain makes every data preimage longer than 32 bytes, so no data entry can share a
//     path with a slot.
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/uint256.hpp"
#include "exec/account.hpp"

namespace plexus::exec {

struct AccountRecord {
  std::uint64_t nonce = 0;
  uint256 balance = 0;
  Hash256 storage_root = kEmptyTrieRoot;
  Hash256 code_hash = kEmptyKeccak;
  CodeKind code_kind = CodeKind::kNone;
};

[[nodiscard]] Bytes encode_account(const AccountRecord& account);
[[nodiscard]] Result<AccountRecord> decode_account(BytesView encoded);

// The (unhashed) storage-trie key of a data entry, and the trie value of a slot or data entry.
[[nodiscard]] Bytes data_trie_key(BytesView data_key);
[[nodiscard]] Bytes encode_slot_value(const Bytes32& value);
[[nodiscard]] Result<Bytes32> decode_slot_value(BytesView encoded);
[[nodiscard]] Bytes encode_data_value(BytesView value);
[[nodiscard]] Result<Bytes> decode_data_value(BytesView encoded);

// The storage root of an in-memory account (slots and data), and its committed record.
[[nodiscard]] Hash256 storage_root(const Account& account);
[[nodiscard]] AccountRecord account_record(const Account& account, const Hash256& storage_root);

}  // namespace plexus::exec
