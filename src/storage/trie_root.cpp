#include "storage/trie_root.hpp"

#include <algorithm>
#include <span>

#include "core/hash.hpp"
#include "storage/key_order.hpp"
#include "storage/nibbles.hpp"
#include "storage/trie_node_encoding.hpp"

namespace plexus {

namespace {

struct Entry {
  trie::Nibbles path;
  Bytes value;
};

// Encodes the node covering `entries` (sorted, unique, non-empty values), all of which share
// their first `depth` nibbles. Recursion depth is bounded by the number of branch levels, i.e. by
// both the entry count and the longest key.
Bytes build(std::span<const Entry> entries, std::size_t depth) {
  if (entries.size() == 1) {
    const auto& path = entries.front().path;
    return trie::encode_leaf(trie::NibblesView(path).subspan(depth), entries.front().value);
  }
  // Sorted input: the common prefix of all entries is that of the first and the last.
  const trie::NibblesView first = trie::NibblesView(entries.front().path).subspan(depth);
  const trie::NibblesView last = trie::NibblesView(entries.back().path).subspan(depth);
  const std::size_t shared = trie::common_prefix(first, last);
  if (shared > 0) {
    const Bytes child = build(entries, depth + shared);
    return trie::encode_extension(first.first(shared), trie::node_reference(child));
  }
  // A branch. Only the first entry can end exactly here (keys are unique and sorted).
  BytesView value;
  if (first.empty()) {
    value = entries.front().value;
    entries = entries.subspan(1);
  }
  std::array<Bytes, 16> refs;
  std::size_t begin = 0;
  while (begin < entries.size()) {
    const Byte nibble = entries[begin].path[depth];
    std::size_t end = begin + 1;
    while (end < entries.size() && entries[end].path[depth] == nibble) ++end;
    refs[nibble] = trie::node_reference(build(entries.subspan(begin, end - begin), depth + 1));
    begin = end;
  }
  return trie::encode_branch(refs, value);
}

}  // namespace

Hash256 trie_root(std::vector<std::pair<Bytes, Bytes>> entries) {
  std::vector<Entry> sorted;
  sorted.reserve(entries.size());
  for (auto& [key, value] : entries) sorted.push_back({trie::to_nibbles(key), std::move(value)});
  // Stable, so among equal keys the input order survives and the last one can be kept.
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Entry& a, const Entry& b) { return KeyLess{}(a.path, b.path); });
  std::vector<Entry> unique;
  unique.reserve(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const bool overridden = i + 1 < sorted.size() && sorted[i + 1].path == sorted[i].path;
    if (!overridden && !sorted[i].value.empty()) unique.push_back(std::move(sorted[i]));
  }
  if (unique.empty()) return kEmptyTrieRoot;
  return keccak256(build(unique, 0));
}

Hash256 secure_trie_root(std::vector<std::pair<Bytes, Bytes>> entries) {
  for (auto& entry : entries) entry.first = to_bytes(keccak256(entry.first).view());
  return trie_root(std::move(entries));
}

}  // namespace plexus
