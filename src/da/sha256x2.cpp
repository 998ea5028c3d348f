#include "da/sha256x2.hpp"

#include "core/hash.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define PLEXUS_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#define PLEXUS_HAVE_SHA_PATH 1
#endif

namespace plexus::da {
namespace {

#if PLEXUS_HAVE_SHA_PATH

alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// The working state in the SHA extensions' layout: (A, B, E, F) and (C, D, G, H).
struct State {
  __m128i abef, cdgh;
};

PLEXUS_SHA_TARGET State initial_state() {
  // H0..H7 of FIPS 180-4, already arranged as ABEF / CDGH (lowest lane last).
  return State{_mm_set_epi32(0x6a09e667, 0xbb67ae85, 0x510e527f, 0x9b05688c),
               _mm_set_epi32(0x3c6ef372, 0xa54ff53a, 0x1f83d9ab, 0x5be0cd19)};
}

// One 64-byte block into each of two states, round groups interleaved.
PLEXUS_SHA_TARGET void compress2(State& s0, State& s1, const Byte* b0, const Byte* b1) {
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i w0[4], w1[4];
  const State save0 = s0, save1 = s1;
  for (int g = 0; g < 16; ++g) {
    __m128i& x0 = w0[g & 3];
    __m128i& x1 = w1[g & 3];
    if (g < 4) {
      x0 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b0 + 16 * g)), swap);
      x1 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b1 + 16 * g)), swap);
    } else {
      // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four words at a time.
      const __m128i p0 = w0[(g + 3) & 3], q0 = w0[(g + 2) & 3];
      const __m128i p1 = w1[(g + 3) & 3], q1 = w1[(g + 2) & 3];
      x0 = _mm_sha256msg2_epu32(
          _mm_add_epi32(_mm_sha256msg1_epu32(x0, w0[(g + 1) & 3]), _mm_alignr_epi8(p0, q0, 4)), p0);
      x1 = _mm_sha256msg2_epu32(
          _mm_add_epi32(_mm_sha256msg1_epu32(x1, w1[(g + 1) & 3]), _mm_alignr_epi8(p1, q1, 4)), p1);
    }
    const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g));
    const __m128i m0 = _mm_add_epi32(x0, k), m1 = _mm_add_epi32(x1, k);
    s0.cdgh = _mm_sha256rnds2_epu32(s0.cdgh, s0.abef, m0);
    s1.cdgh = _mm_sha256rnds2_epu32(s1.cdgh, s1.abef, m1);
    s0.abef = _mm_sha256rnds2_epu32(s0.abef, s0.cdgh, _mm_shuffle_epi32(m0, 0x0E));
    s1.abef = _mm_sha256rnds2_epu32(s1.abef, s1.cdgh, _mm_shuffle_epi32(m1, 0x0E));
  }
  s0.abef = _mm_add_epi32(s0.abef, save0.abef);
  s0.cdgh = _mm_add_epi32(s0.cdgh, save0.cdgh);
  s1.abef = _mm_add_epi32(s1.abef, save1.abef);
  s1.cdgh = _mm_add_epi32(s1.cdgh, save1.cdgh);
}

PLEXUS_SHA_TARGET void digest_of(const State& s, Hash256& out) {
  // Back from ABEF / CDGH to A..H, each word big-endian.
  const __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
  const __m128i dcba = _mm_blend_epi16(feba, dchg, 0xF0);
  const __m128i hgfe = _mm_alignr_epi8(dchg, feba, 8);
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data()), _mm_shuffle_epi8(dcba, swap));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data() + 16), _mm_shuffle_epi8(hgfe, swap));
}

// The padded message: the data, 0x80, zeros, the bit length (big-endian) in the last 8 bytes.
std::size_t pad(const Byte* in, std::size_t length, Byte* out) {
  const std::size_t blocks = (length + 9 + 63) / 64;
  if (length) std::memcpy(out, in, length);  // an empty message may come with a null pointer
  std::memset(out + length, 0, blocks * 64 - length);
  out[length] = 0x80;
  const std::uint64_t bits = static_cast<std::uint64_t>(length) * 8;
  for (int i = 0; i < 8; ++i) out[blocks * 64 - 1 - i] = static_cast<Byte>(bits >> (8 * i));
  return blocks;
}

PLEXUS_SHA_TARGET void pair_with_extensions(const Byte* a, const Byte* b, std::size_t length,
                                            Hash256& out_a, Hash256& out_b) {
  alignas(64) Byte pa[kMaxPairLength + 72], pb[kMaxPairLength + 72];
  const std::size_t blocks = pad(a, length, pa);
  pad(b, length, pb);
  State s0 = initial_state(), s1 = initial_state();
  for (std::size_t i = 0; i < blocks; ++i) compress2(s0, s1, pa + 64 * i, pb + 64 * i);
  digest_of(s0, out_a);
  digest_of(s1, out_b);
}

const bool kHaveExtensions = __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");

#else

const bool kHaveExtensions = false;

#endif

}  // namespace

bool sha256_pair_accelerated() { return kHaveExtensions; }

void sha256_pair(const Byte* a, const Byte* b, std::size_t length, Hash256& out_a, Hash256& out_b) {
#if PLEXUS_HAVE_SHA_PATH
  if (kHaveExtensions && length <= kMaxPairLength) {
    pair_with_extensions(a, b, length, out_a, out_b);
    return;
  }
#endif
  out_a = sha256(BytesView(a, length));
  out_b = sha256(BytesView(b, length));
}

}  // namespace plexus::da
