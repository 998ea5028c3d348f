#pragma once
// The root hash of Ethereum's hexary Merkle Patricia trie over a set of key/value pairs, computed
// in memory without a store. Block building needs it for transaction, receipt and withdrawal
// roots, and it is the reference the stored Trie is tested against.
#include <utility>
#include <vector>

#include "core/bytes.hpp"

namespace plexus {

// Order-independent: the entries are sorted internally. An empty value means "absent" (as in the
// trie itself), and when a key occurs more than once its last occurrence wins. The empty set
// yields kEmptyTrieRoot.
[[nodiscard]] Hash256 trie_root(std::vector<std::pair<Bytes, Bytes>> entries);

// The same with every key replaced by keccak256(key), as in the state and storage tries.
[[nodiscard]] Hash256 secure_trie_root(std::vector<std::pair<Bytes, Bytes>> entries);

}  // namespace plexus
