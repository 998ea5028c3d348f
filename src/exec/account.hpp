#pragma once
// An account of the subnet's in-memory world state, shared by every VM: the EVM's 32-byte slots
// and the byte-keyed storage of the other VMs live side by side.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include "core/bytes.hpp"
#include "core/hash.hpp"
#include "core/uint256.hpp"
#include "exec/host.hpp"

namespace plexus::exec {

// Byte-string order for the maps below. Written out because GCC 12 reports a false
// -Wstringop-overread inside std::vector's own operator<=>.
struct BytesLess {
  [[nodiscard]] bool operator()(const Bytes& a, const Bytes& b) const noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c != 0 ? c < 0 : a.size() < b.size();
  }
};
using DataMap = std::map<Bytes, Bytes, BytesLess>;

// The key of `key` in Account::data: the namespace byte, then the key.
[[nodiscard]] inline Bytes data_key(Namespace space, BytesView key) {
  Bytes out(key.size() + 1);
  out[0] = static_cast<Byte>(space);
  std::copy(key.begin(), key.end(), out.begin() + 1);
  return out;
}

// A storage slot remembers its value at the start of the transaction: EIP-2200/3529 price an
// SSTORE from (original, current, new).
struct StorageSlot {
  Bytes32 current;
  Bytes32 original;
};

struct Account {
  std::uint64_t nonce = 0;
  uint256 balance = 0;
  Bytes code;
  Hash256 code_hash = kEmptyKeccak;
  CodeKind code_kind = CodeKind::kNone;
  // Ordered maps: the state root iterates them and must not depend on hashing order.
  std::map<Bytes32, StorageSlot> storage;
  std::map<Bytes32, Bytes32> transient_storage;  // EIP-1153, cleared after each transaction
  // Byte-keyed storage of the WASM and Move VMs, by data_key(namespace, key).
  DataMap data;

  // Loaded from a committed state without its storage (reads at an older block): a slot not in
  // `storage` is read from the State's source on first access, and a zero slot stays in the map
  // so it is not read again. `stored_storage`: that committed storage is not empty.
  bool lazy_storage = false;
  bool stored_storage = false;
  // Loaded the same way from a committed storage trie that is not empty: a byte-keyed data key
  // not in `data` is read from the source on first access (the State remembers which it read).
  bool lazy_data = false;

  bool touched = false;       // EIP-161: deleted at the end of the transaction if empty
  bool destructed = false;    // SELFDESTRUCT registered; deleted at the end of the transaction
  bool just_created = false;  // created in the current transaction (EIP-6780)

  // EIP-161 "empty": no nonce, no balance, no code. Byte-keyed data also keeps an account alive
  // (a Move resource can sit on an address that never sent a transaction); EVM-only state never
  // has any, so Ethereum's rule is unchanged there.
  [[nodiscard]] bool is_empty() const noexcept {
    return nonce == 0 && balance == 0 && code.empty() && data.empty() && !may_hold_stored_data();
  }
  // Stored byte-keyed data may be there unread (lazy_data; EVM accounts never hold any), which
  // keeps the account alive.
  [[nodiscard]] bool may_hold_stored_data() const noexcept {
    return lazy_data && code_kind != CodeKind::kEvm;
  }
  // EIP-7610 counts any non-zero storage as a collision for contract creation.
  [[nodiscard]] bool has_storage() const noexcept {
    if (lazy_storage && stored_storage) return true;  // some original value is not zero
    for (const auto& [key, slot] : storage)
      if (!slot.current.is_zero() || !slot.original.is_zero()) return true;
    return false;
  }
};

struct Log {
  Address address;
  std::vector<Bytes32> topics;
  Bytes data;
  friend bool operator==(const Log&, const Log&) = default;
};

}  // namespace plexus::exec
