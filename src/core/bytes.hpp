#pragma once
// Byte strings and fixed-size byte arrays used across every layer.
#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plexus {

using Byte = std::uint8_t;
using Bytes = std::vector<Byte>;
using BytesView = std::span<const Byte>;

// A fixed-size big-endian byte array (hashes, addresses). Value-initialised to zero.
template <std::size_t N>
struct FixedBytes {
  std::array<Byte, N> bytes{};

  static constexpr std::size_t size() noexcept { return N; }
  [[nodiscard]] constexpr Byte* data() noexcept { return bytes.data(); }
  [[nodiscard]] constexpr const Byte* data() const noexcept { return bytes.data(); }
  [[nodiscard]] constexpr BytesView view() const noexcept { return {bytes.data(), N}; }
  constexpr Byte& operator[](std::size_t i) noexcept { return bytes[i]; }
  constexpr const Byte& operator[](std::size_t i) const noexcept { return bytes[i]; }
  [[nodiscard]] constexpr bool is_zero() const noexcept {
    for (Byte b : bytes)
      if (b != 0) return false;
    return true;
  }
  // Copies the last min(N, src.size()) bytes of src right-aligned, zero-filling on the left.
  [[nodiscard]] static FixedBytes right_aligned(BytesView src) noexcept {
    FixedBytes out;
    const std::size_t n = src.size() < N ? src.size() : N;
    if (n) std::memcpy(out.bytes.data() + (N - n), src.data() + (src.size() - n), n);
    return out;
  }
  // Addresses and hashes key the state's and the pool's maps and sets, so these run in every
  // lookup: compared as 8-byte words they stay inline, where the defaulted comparisons call
  // memcmp each time. Order is byte-wise (big-endian words).
  friend constexpr bool operator==(const FixedBytes& a, const FixedBytes& b) noexcept {
    if consteval {
      return a.bytes == b.bytes;
    } else {
      std::size_t i = 0;
      for (; i + 8 <= N; i += 8)
        if (load_native(a.bytes.data() + i) != load_native(b.bytes.data() + i)) return false;
      for (; i < N; ++i)
        if (a.bytes[i] != b.bytes[i]) return false;
      return true;
    }
  }
  friend constexpr std::strong_ordering operator<=>(const FixedBytes& a,
                                                    const FixedBytes& b) noexcept {
    if consteval {
      return a.bytes <=> b.bytes;
    } else {
      std::size_t i = 0;
      for (; i + 8 <= N; i += 8) {
        const std::uint64_t x = load_word(a.bytes.data() + i);
        const std::uint64_t y = load_word(b.bytes.data() + i);
        if (x != y) return x <=> y;
      }
      for (; i < N; ++i)
        if (a.bytes[i] != b.bytes[i]) return a.bytes[i] <=> b.bytes[i];
      return std::strong_ordering::equal;
    }
  }

 private:
  static std::uint64_t load_native(const Byte* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
  }
  static std::uint64_t load_word(const Byte* p) noexcept {
    const std::uint64_t word = load_native(p);
    if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(word);
    return word;
  }
};

using Hash256 = FixedBytes<32>;
using Address = FixedBytes<20>;

[[nodiscard]] inline Bytes to_bytes(BytesView v) { return Bytes(v.begin(), v.end()); }
[[nodiscard]] inline BytesView as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const Byte*>(s.data()), s.size()};
}
[[nodiscard]] inline Bytes concat(BytesView a, BytesView b) {
  Bytes out;
  out.reserve(a.size() + b.size());
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace plexus

template <std::size_t N>
struct std::hash<plexus::FixedBytes<N>> {
  std::size_t operator()(const plexus::FixedBytes<N>& v) const noexcept {
    std::size_t h;
    static_assert(N >= sizeof(h));
    std::memcpy(&h, v.data(), sizeof(h));
    return h;
  }
};
