#pragma once
// Commitments to the result of a transaction: the state root (a secure Merkle Patricia trie of
// RLP([nonce, balance, storageRoot, codeHash]) per account) and the logs hash used by the state
// tests (keccak256 of the RLP list of [address, [topics...], data]).
#include <vector>

#include "evm/state/account.hpp"
#include "evm/state/state.hpp"
#include "exec/commitment.hpp"

namespace plexus::evm::state {

using exec::storage_root;
[[nodiscard]] Hash256 state_root(const State& state);
[[nodiscard]] Hash256 logs_hash(const std::vector<Log>& logs);

}  // namespace plexus::evm::state
