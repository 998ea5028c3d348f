// AVX2 butterflies: products by nibble lookups with VPSHUFB (Leopard's own technique), a 64-byte
// unit as two 256-bit registers. Chosen only when the CPU reports AVX2.
#include "da/leopard_kernels.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define PLEXUS_KERNEL_TARGET __attribute__((target("avx2")))

namespace plexus::da::leopard::detail {
namespace {

struct Pair {
  __m256i a, b;
};

PLEXUS_KERNEL_TARGET inline __m256i lane(const Byte* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

PLEXUS_KERNEL_TARGET inline __m256i lookup(__m256i table, __m256i nibbles) {
  return _mm256_shuffle_epi8(table, nibbles);
}

struct Base {
  using Unit = Pair;
  PLEXUS_KERNEL_TARGET static Unit load(const Byte* p) { return Pair{lane(p), lane(p + 32)}; }
  PLEXUS_KERNEL_TARGET static void store(Byte* p, Unit v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v.a);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 32), v.b);
  }
  PLEXUS_KERNEL_TARGET static Unit add(Unit x, Unit y) {
    return Pair{_mm256_xor_si256(x.a, y.a), _mm256_xor_si256(x.b, y.b)};
  }
};

struct Gf8 : Base {
  struct Mul {
    __m256i lo, hi;
    PLEXUS_KERNEL_TARGET __m256i one(__m256i y) const {
      const __m256i mask = _mm256_set1_epi8(0x0f);
      return _mm256_xor_si256(lookup(lo, _mm256_and_si256(y, mask)),
                              lookup(hi, _mm256_and_si256(_mm256_srli_epi64(y, 4), mask)));
    }
    PLEXUS_KERNEL_TARGET Unit operator()(Unit y) const { return Pair{one(y.a), one(y.b)}; }
  };
  PLEXUS_KERNEL_TARGET static Mul mul(const Byte* tables, std::int32_t index) {
    if (index < 0) return Mul{_mm256_setzero_si256(), _mm256_setzero_si256()};
    const Byte* t = tables + kGf8TableBytes * static_cast<std::size_t>(index);
    return Mul{lane(t), lane(t + 32)};
  }
};

// GF(2^16): the unit is [32 low bytes | 32 high bytes] of 32 elements.
struct Gf16 : Base {
  struct Mul {
    __m256i lo[4], hi[4];
    PLEXUS_KERNEL_TARGET Unit operator()(Unit y) const {
      const __m256i mask = _mm256_set1_epi8(0x0f);
      const __m256i n0 = _mm256_and_si256(y.a, mask);
      const __m256i n1 = _mm256_and_si256(_mm256_srli_epi64(y.a, 4), mask);
      const __m256i n2 = _mm256_and_si256(y.b, mask);
      const __m256i n3 = _mm256_and_si256(_mm256_srli_epi64(y.b, 4), mask);
      const __m256i plo = _mm256_xor_si256(_mm256_xor_si256(lookup(lo[0], n0), lookup(lo[1], n1)),
                                           _mm256_xor_si256(lookup(lo[2], n2), lookup(lo[3], n3)));
      const __m256i phi = _mm256_xor_si256(_mm256_xor_si256(lookup(hi[0], n0), lookup(hi[1], n1)),
                                           _mm256_xor_si256(lookup(hi[2], n2), lookup(hi[3], n3)));
      return Pair{plo, phi};
    }
  };
  PLEXUS_KERNEL_TARGET static Mul mul(const Byte* tables, std::int32_t index) {
    Mul m;
    const Byte* t = tables + kGf16TableBytes * static_cast<std::size_t>(index < 0 ? 0 : index);
    for (int j = 0; j < 4; ++j) {
      m.lo[j] = index < 0 ? _mm256_setzero_si256() : lane(t + 64 * j);
      m.hi[j] = index < 0 ? _mm256_setzero_si256() : lane(t + 64 * j + 32);
    }
    return m;
  }
};

#include "da/leopard_pass.inc"

}  // namespace

const Kernels* avx2_kernels() {
  static const Kernels k{pass<Gf8, true>, pass<Gf8, false>, pass<Gf16, true>, pass<Gf16, false>,
                         false};
  return __builtin_cpu_supports("avx2") ? &k : nullptr;
}

}  // namespace plexus::da::leopard::detail

#else

namespace plexus::da::leopard::detail {
const Kernels* avx2_kernels() { return nullptr; }
}  // namespace plexus::da::leopard::detail

#endif
