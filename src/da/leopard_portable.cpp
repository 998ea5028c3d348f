// Portable butterflies: one table lookup per nibble. Used where the CPU has no AVX2, and by the
// tests as the reference the vector path must agree with.
#include "da/leopard_kernels.hpp"

namespace plexus::da::leopard::detail {
namespace {

// y * c for the 64 bytes at y (GF(2^8): 64 elements), XORed into x.
void mul_add_gf8(Byte* x, const Byte* y, const Byte* table) {
  for (std::size_t i = 0; i < 64; ++i) x[i] ^= table[y[i] & 15] ^ table[32 + (y[i] >> 4)];
}

// GF(2^16): the 64 bytes hold 32 elements, low bytes then high bytes.
void mul_add_gf16(Byte* x, const Byte* y, const Byte* table) {
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned lo = y[i], hi = y[i + 32];
    const unsigned n0 = lo & 15, n1 = lo >> 4, n2 = hi & 15, n3 = hi >> 4;
    x[i] ^= table[n0] ^ table[64 + n1] ^ table[128 + n2] ^ table[192 + n3];
    x[i + 32] ^= table[32 + n0] ^ table[96 + n1] ^ table[160 + n2] ^ table[224 + n3];
  }
}

template <bool kGf16, bool kInverse>
void butterfly(Byte* x, Byte* y, const Byte* table, std::size_t length) {
  for (std::size_t b = 0; b < length; b += 64) {
    if (kInverse || !table) {
      for (std::size_t j = 0; j < 64; ++j) y[b + j] ^= x[b + j];
      if (!table) continue;
    }
    if constexpr (kGf16)
      mul_add_gf16(x + b, y + b, table);
    else
      mul_add_gf8(x + b, y + b, table);
    if (!kInverse)
      for (std::size_t j = 0; j < 64; ++j) y[b + j] ^= x[b + j];
  }
}

template <bool kGf16, bool kInverse>
void pass(const Codec::Group* groups, std::size_t count, const Byte* tables, Byte* const* work,
          std::size_t offset, std::size_t length) {
  constexpr std::size_t kTableBytes = kGf16 ? kGf16TableBytes : kGf8TableBytes;
  const auto table = [&](std::int32_t index) -> const Byte* {
    return index < 0 ? nullptr : tables + kTableBytes * static_cast<std::size_t>(index);
  };
  const auto fly = [&](std::uint32_t x, std::uint32_t y, std::int32_t t) {
    butterfly<kGf16, kInverse>(work[x] + offset, work[y] + offset, table(t), length);
  };
  for (std::size_t n = 0; n < count; ++n) {
    const Codec::Group& g = groups[n];
    const std::uint32_t w = g.width;
    for (std::uint32_t i = g.first; i < g.first + w; ++i) {
      if (!g.quad) {
        fly(i, i + w, g.t01);
      } else if (kInverse) {
        fly(i, i + w, g.t01);
        fly(i + 2 * w, i + 3 * w, g.t23);
        fly(i, i + 2 * w, g.t02);
        fly(i + w, i + 3 * w, g.t02);
      } else {
        fly(i, i + 2 * w, g.t02);
        fly(i + w, i + 3 * w, g.t02);
        fly(i, i + w, g.t01);
        fly(i + 2 * w, i + 3 * w, g.t23);
      }
    }
  }
}

}  // namespace

const Kernels& portable_kernels() {
  static const Kernels k{pass<false, true>, pass<false, false>, pass<true, true>, pass<true, false>};
  return k;
}

// GFNI first (one instruction per product), then AVX2, then portable.
const Kernels& best_kernels() {
  static const Kernels* chosen = [] {
    if (const Kernels* gfni = gfni_kernels()) return gfni;
    if (const Kernels* avx2 = avx2_kernels()) return avx2;
    return &portable_kernels();
  }();
  return *chosen;
}

}  // namespace plexus::da::leopard::detail
