#pragma once
// An account of the in-memory world state used to execute transactions.
#include <cstdint>
#include <map>
#include <vector>

#include "core/bytes.hpp"
#include "core/hash.hpp"
#include "core/uint256.hpp"

namespace plexus::evm::state {

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
  // Ordered maps: the state root iterates them and must not depend on hashing order.
  std::map<Bytes32, StorageSlot> storage;
  std::map<Bytes32, Bytes32> transient_storage;  // EIP-1153, cleared after each transaction

  bool touched = false;       // EIP-161: deleted at the end of the transaction if empty
  bool destructed = false;    // SELFDESTRUCT registered; deleted at the end of the transaction
  bool just_created = false;  // created in the current transaction (EIP-6780)

  // EIP-161 "empty": no nonce, no balance, no code.
  [[nodiscard]] bool is_empty() const noexcept {
    return nonce == 0 && balance == 0 && code.empty();
  }
  // EIP-7610 counts any non-zero storage as a collision for contract creation.
  [[nodiscard]] bool has_storage() const noexcept {
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

}  // namespace plexus::evm::state
