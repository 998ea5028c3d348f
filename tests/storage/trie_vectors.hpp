#pragma once
// Loads ethereum/tests TrieTests root vectors into one shape so that both the store-less
// trie_root() and the stored Trie are checked against the same cases.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace plexus::testing {

struct TrieVector {
  std::string id;  // "file / case"
  bool secure = false;
  // Applied in order; nullopt deletes the key.
  std::vector<std::pair<Bytes, std::optional<Bytes>>> ops;
  Hash256 root;
};

// Every root vector of the five root files under `dir`.
[[nodiscard]] std::vector<TrieVector> load_trie_vectors(const std::filesystem::path& dir);

// "0x..." is hex, anything else raw ASCII (the TrieTests convention).
[[nodiscard]] Bytes trie_test_bytes(const std::string& text);

}  // namespace plexus::testing
