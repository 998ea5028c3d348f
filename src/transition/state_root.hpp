#pragma once
// Commitments to the result of a transaction: the state root (a secure Merkle Patricia trie of
// RLP([nonce, balance, storageRoot, codeHash]) per account) and the logs hash used by the state
// tests (keccak256 of the RLP list of [address, [topics...], data]).
#include <vector>

#include "exec/account.hpp"
#include "exec/state.hpp"
#include "exec/commitment.hpp"

namespace plexus::transition {

[[nodiscard]] Hash256 state_root(const exec::State& state);
[[nodiscard]] Hash256 logs_hash(const std::vector<exec::Log>& logs);

}  // namespace plexus::transition
