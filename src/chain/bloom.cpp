#include "chain/bloom.hpp"

#include <array>

#include "chain/receipt.hpp"
#include "core/hash.hpp"

namespace plexus::chain {
namespace {

// Each of the first three 16-bit words of the hash, taken modulo 2048, names a bit counted from
// the least significant end of the 256-byte big-endian bloom.
struct BitPositions {
  std::array<std::size_t, 3> byte_index{};
  std::array<Byte, 3> mask{};
};

BitPositions positions(BytesView entry) noexcept {
  const Hash256 h = keccak256(entry);
  BitPositions out;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t bit = ((std::size_t{h[2 * i]} << 8) | h[2 * i + 1]) & 2047;
    out.byte_index[i] = Bloom::size() - 1 - bit / 8;
    out.mask[i] = static_cast<Byte>(1u << (bit % 8));
  }
  return out;
}

}  // namespace

void bloom_add(Bloom& bloom, BytesView entry) noexcept {
  const BitPositions p = positions(entry);
  for (std::size_t i = 0; i < 3; ++i) bloom[p.byte_index[i]] |= p.mask[i];
}

bool bloom_may_contain(const Bloom& bloom, BytesView entry) noexcept {
  const BitPositions p = positions(entry);
  for (std::size_t i = 0; i < 3; ++i)
    if ((bloom[p.byte_index[i]] & p.mask[i]) == 0) return false;
  return true;
}

void bloom_merge(Bloom& into, const Bloom& other) noexcept {
  for (std::size_t i = 0; i < Bloom::size(); ++i) into[i] |= other[i];
}

Bloom logs_bloom(std::span<const Log> logs) noexcept {
  Bloom bloom;
  for (const Log& log : logs) {
    bloom_add(bloom, log.address.view());
    for (const Hash256& topic : log.topics) bloom_add(bloom, topic.view());
  }
  return bloom;
}

}  // namespace plexus::chain
