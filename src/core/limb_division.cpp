#include "core/limb_division.hpp"

namespace plexus::detail {
namespace {

using u128 = unsigned __int128;

// (hi:lo) / d with hi < d, so the quotient fits in 64 bits. The hardware instruction is several
// times faster than the compiler's generic 128-bit division routine.
inline std::uint64_t div_2by1(std::uint64_t hi, std::uint64_t lo, std::uint64_t d,
                              std::uint64_t& rem) noexcept {
#if defined(__x86_64__)
  std::uint64_t q;
  std::uint64_t r;
  asm("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
  rem = r;
  return q;
#else
  const u128 num = (static_cast<u128>(hi) << 64) | lo;
  rem = static_cast<std::uint64_t>(num % d);
  return static_cast<std::uint64_t>(num / d);
#endif
}

void divrem_by_limb(const std::uint64_t* u, std::size_t m, std::uint64_t d, std::uint64_t* q,
                    std::uint64_t* r) noexcept {
  std::uint64_t rem = 0;
  for (std::size_t i = m; i-- > 0;) q[i] = div_2by1(rem, u[i], d, rem);
  r[0] = rem;
}

// Algorithm D for an N-limb divisor (2 <= N <= 4). N is a template parameter so that the
// multiply-subtract and add-back loops unroll into straight-line code: MULMOD's 512-by-256-bit
// reduction runs these steps five times per instruction, and with a run-time N the loop control
// and the indexed limb accesses were about half of the work (measured with callgrind).
template <std::size_t N>
void divrem_knuth(const std::uint64_t* u, std::size_t m, const std::uint64_t* v, std::uint64_t* q,
                  std::uint64_t* r) noexcept {
  // D1: normalise so the divisor's top bit is set; the dividend gains one limb.
  const unsigned s = static_cast<unsigned>(__builtin_clzll(v[N - 1]));
  std::uint64_t vn[N];
  std::uint64_t un[kMaxDividendLimbs + 1];
  if (s != 0) {
    for (std::size_t i = N; i-- > 1;) vn[i] = (v[i] << s) | (v[i - 1] >> (64 - s));
    vn[0] = v[0] << s;
    un[m] = u[m - 1] >> (64 - s);
    for (std::size_t i = m; i-- > 1;) un[i] = (u[i] << s) | (u[i - 1] >> (64 - s));
    un[0] = u[0] << s;
  } else {
    for (std::size_t i = 0; i < N; ++i) vn[i] = v[i];
    for (std::size_t i = 0; i < m; ++i) un[i] = u[i];
    un[m] = 0;
  }

  const std::uint64_t d1 = vn[N - 1];
  const std::uint64_t d0 = vn[N - 2];
  for (std::size_t j = m - N + 1; j-- > 0;) {
    std::uint64_t* const w = un + j;  // the window u[j .. j + N]
    // D3: estimate the quotient digit from the top two dividend limbs, then refine it with the
    // next limb so it is at most one too large.
    std::uint64_t qhat;
    u128 rhat;
    if (w[N] >= d1) {  // the invariant w[N] <= d1 makes this the equality case
      qhat = ~std::uint64_t{0};
      rhat = static_cast<u128>(w[N - 1]) + d1;
    } else {
      std::uint64_t rem;
      qhat = div_2by1(w[N], w[N - 1], d1, rem);
      rhat = rem;
    }
    while ((rhat >> 64) == 0 && static_cast<u128>(qhat) * d0 > ((rhat << 64) | w[N - 2])) {
      --qhat;
      rhat += d1;
    }
    // D4: multiply and subtract: the N+1-limb product first, then one borrow chain.
    std::uint64_t prod[N + 1];
    std::uint64_t mul_carry = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const u128 p = static_cast<u128>(qhat) * vn[i] + mul_carry;
      prod[i] = static_cast<std::uint64_t>(p);
      mul_carry = static_cast<std::uint64_t>(p >> 64);
    }
    prod[N] = mul_carry;
    unsigned char borrow = 0;
    for (std::size_t i = 0; i <= N; ++i) borrow = sub_borrow(borrow, w[i], prod[i], &w[i]);
    // D5/D6: the estimate was one too large (rare): add the divisor back.
    if (borrow != 0) {
      --qhat;
      unsigned char carry = 0;
      for (std::size_t i = 0; i < N; ++i) carry = add_carry(carry, w[i], vn[i], &w[i]);
      w[N] += carry;
    }
    q[j] = qhat;
  }
  // D8: unnormalise the remainder.
  if (s != 0) {
    for (std::size_t i = 0; i < N; ++i) r[i] = (un[i] >> s) | (un[i + 1] << (64 - s));
  } else {
    for (std::size_t i = 0; i < N; ++i) r[i] = un[i];
  }
}

}  // namespace

void divrem_limbs(const std::uint64_t* u, std::size_t m, const std::uint64_t* v, std::size_t n,
                  std::uint64_t* q, std::uint64_t* r) noexcept {
  switch (n) {
    case 1:
      divrem_by_limb(u, m, v[0], q, r);
      return;
    case 2:
      divrem_knuth<2>(u, m, v, q, r);
      return;
    case 3:
      divrem_knuth<3>(u, m, v, q, r);
      return;
    default:
      divrem_knuth<4>(u, m, v, q, r);
      return;
  }
}

}  // namespace plexus::detail
