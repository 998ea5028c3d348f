#pragma once
// Helpers of the da tests: squares of given shares, seeded random original squares.
#include <random>

#include "da/layout.hpp"
#include "da/square.hpp"

namespace plexus::da::testing {

// A share of `ns` whose remaining bytes all equal `fill`.
inline Share filled_share(const Namespace& ns, Byte fill) {
  Share s;
  s.bytes.fill(fill);
  std::memcpy(s.data(), ns.data(), kNamespaceSize);
  return s;
}

// k^2 random shares whose namespaces ascend in row-major order (so rows and columns are sorted).
inline Bytes random_original(std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(k * k * kShareSize);
  for (auto& b : out) b = static_cast<Byte>(rng());
  for (std::size_t i = 0; i < k * k; ++i) {
    Byte* s = out.data() + i * kShareSize;
    std::memset(s, 0, kNamespaceSize);
    s[kNamespaceSize - 2] = static_cast<Byte>(1 + (i >> 8));
    s[kNamespaceSize - 1] = static_cast<Byte>(i);
  }
  return out;
}

}  // namespace plexus::da::testing
