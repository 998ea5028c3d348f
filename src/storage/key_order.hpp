#pragma once
// Byte-wise lexicographic key order, the order every KV backend iterates in (RocksDB's default
// BytewiseComparator). Spelled out with memcmp instead of std::vector's operator< because GCC 12
// raises a false -Wstringop-overread on the latter when it is inlined into std::map/std::sort.
#include <algorithm>
#include <cstring>

#include "core/bytes.hpp"

namespace plexus {

[[nodiscard]] inline int compare_keys(BytesView a, BytesView b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  if (n != 0) {
    if (const int c = std::memcmp(a.data(), b.data(), n); c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// Whether `key` is in the range a prefix scan over `prefix` covers.
[[nodiscard]] inline bool has_key_prefix(BytesView key, BytesView prefix) noexcept {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

// A transparent comparator so ordered containers can be searched with a BytesView.
struct KeyLess {
  using is_transparent = void;
  [[nodiscard]] bool operator()(BytesView a, BytesView b) const noexcept {
    return compare_keys(a, b) < 0;
  }
};

}  // namespace plexus
