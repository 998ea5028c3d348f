#pragma once
// Two SHA-256 digests of equal-length messages computed together. With the CPU's SHA extensions a
// single digest waits on each round's result; two independent ones interleaved keep the unit
// busy, which is what the trees of a square need (millions of independent leaf and node hashes).
// Without the extensions it falls back to core's sha256 twice. Same digests either way.
#include "core/bytes.hpp"

namespace plexus::da {

// Digests of a and b (each `length` bytes, at most kMaxPairLength).
inline constexpr std::size_t kMaxPairLength = 1024;
void sha256_pair(const Byte* a, const Byte* b, std::size_t length, Hash256& out_a, Hash256& out_b);

// Whether the interleaved path is in use (for tests and the benchmark).
[[nodiscard]] bool sha256_pair_accelerated();

}  // namespace plexus::da
