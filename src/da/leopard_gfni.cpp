// AVX-512 + GFNI butterflies: a product by a constant is one GF2P8AFFINEQB per 64 bytes in
// GF(2^8), and two (plus a swap of the 256-bit halves) per 32 elements in GF(2^16), instead of
// nibble lookups. Chosen only when the CPU reports AVX-512BW and GFNI.
#include "da/leopard_kernels.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define PLEXUS_KERNEL_TARGET __attribute__((target("avx512f,avx512bw,gfni")))

namespace plexus::da::leopard::detail {
namespace {

struct Base {
  using Unit = __m512i;
  PLEXUS_KERNEL_TARGET static Unit load(const Byte* p) { return _mm512_loadu_si512(p); }
  PLEXUS_KERNEL_TARGET static void store(Byte* p, Unit v) { _mm512_storeu_si512(p, v); }
  PLEXUS_KERNEL_TARGET static Unit add(Unit a, Unit b) { return _mm512_xor_si512(a, b); }
};

struct Gf8 : Base {
  struct Mul {
    __m512i matrix;
    PLEXUS_KERNEL_TARGET Unit operator()(Unit y) const {
      return _mm512_gf2p8affine_epi64_epi8(y, matrix, 0);
    }
  };
  PLEXUS_KERNEL_TARGET static Mul mul(const Byte* tables, std::int32_t index) {
    if (index < 0) return Mul{_mm512_setzero_si512()};
    const auto* m = reinterpret_cast<const std::uint64_t*>(tables) + index;
    return Mul{_mm512_set1_epi64(static_cast<long long>(*m))};
  }
};

// A GF(2^16) block is [32 low bytes | 32 high bytes]: the low-to-low and high-to-high parts
// apply in place, the cross parts to the block with its halves swapped.
struct Gf16 : Base {
  struct Mul {
    __m512i straight;  // low->low for the low half, high->high for the high half
    __m512i crossed;   // high->low, then low->high
    PLEXUS_KERNEL_TARGET Unit operator()(Unit y) const {
      // The masked form: GCC 12 warns about the unmasked one's undefined source operand.
      const __m512i swapped = _mm512_mask_shuffle_i64x2(y, 0xFF, y, y, 0x4E);
      return _mm512_xor_si512(_mm512_gf2p8affine_epi64_epi8(y, straight, 0),
                              _mm512_gf2p8affine_epi64_epi8(swapped, crossed, 0));
    }
  };
  PLEXUS_KERNEL_TARGET static Mul mul(const Byte* tables, std::int32_t index) {
    if (index < 0) return Mul{_mm512_setzero_si512(), _mm512_setzero_si512()};
    const auto* m = reinterpret_cast<const std::uint64_t*>(tables) + 4 * static_cast<std::size_t>(index);
    const auto ll = static_cast<long long>(m[0]), hl = static_cast<long long>(m[1]),
               lh = static_cast<long long>(m[2]), hh = static_cast<long long>(m[3]);
    return Mul{_mm512_set_epi64(hh, hh, hh, hh, ll, ll, ll, ll),
               _mm512_set_epi64(lh, lh, lh, lh, hl, hl, hl, hl)};
  }
};

#include "da/leopard_pass.inc"

}  // namespace

const Kernels* gfni_kernels() {
  static const Kernels k{pass<Gf8, true>, pass<Gf8, false>, pass<Gf16, true>, pass<Gf16, false>,
                         true};
  const bool usable = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("gfni");
  return usable ? &k : nullptr;
}

}  // namespace plexus::da::leopard::detail

#else

namespace plexus::da::leopard::detail {
const Kernels* gfni_kernels() { return nullptr; }
}  // namespace plexus::da::leopard::detail

#endif
