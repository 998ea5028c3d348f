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

}  // namespace

void divrem_limbs(const std::uint64_t* u, std::size_t m, const std::uint64_t* v, std::size_t n,
                  std::uint64_t* q, std::uint64_t* r) noexcept {
  if (n == 1) {
    divrem_by_limb(u, m, v[0], q, r);
    return;
  }
  // D1: normalise so the divisor's top bit is set; the dividend gains one limb.
  const unsigned s = static_cast<unsigned>(__builtin_clzll(v[n - 1]));
  std::uint64_t vn[4] = {};
  std::uint64_t un[kMaxDividendLimbs + 1] = {};
  for (std::size_t i = n; i-- > 0;)
    vn[i] = (v[i] << s) | (s != 0 && i > 0 ? v[i - 1] >> (64 - s) : 0);
  un[m] = s != 0 ? u[m - 1] >> (64 - s) : 0;
  for (std::size_t i = m; i-- > 0;)
    un[i] = (u[i] << s) | (s != 0 && i > 0 ? u[i - 1] >> (64 - s) : 0);

  const std::uint64_t d1 = vn[n - 1];
  const std::uint64_t d0 = vn[n - 2];
  for (std::size_t j = m - n + 1; j-- > 0;) {
    // D3: estimate the quotient digit from the top two dividend limbs, then refine it with the
    // next limb so it is at most one too large.
    std::uint64_t qhat;
    u128 rhat;
    if (un[j + n] >= d1) {  // the invariant un[j+n] <= d1 makes this the equality case
      qhat = ~std::uint64_t{0};
      rhat = static_cast<u128>(un[j + n - 1]) + d1;
    } else {
      std::uint64_t rem;
      qhat = div_2by1(un[j + n], un[j + n - 1], d1, rem);
      rhat = rem;
    }
    while ((rhat >> 64) == 0 && static_cast<u128>(qhat) * d0 > ((rhat << 64) | un[j + n - 2])) {
      --qhat;
      rhat += d1;
    }
    // D4: multiply and subtract.
    std::uint64_t mul_carry = 0;
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const u128 p = static_cast<u128>(qhat) * vn[i] + mul_carry;
      mul_carry = static_cast<std::uint64_t>(p >> 64);
      const u128 diff = static_cast<u128>(un[i + j]) - static_cast<std::uint64_t>(p) - borrow;
      un[i + j] = static_cast<std::uint64_t>(diff);
      borrow = static_cast<std::uint64_t>(diff >> 127);
    }
    const u128 top = static_cast<u128>(un[j + n]) - mul_carry - borrow;
    un[j + n] = static_cast<std::uint64_t>(top);
    // D5/D6: the estimate was one too large (rare): add the divisor back.
    if ((top >> 127) != 0) {
      --qhat;
      std::uint64_t carry = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const u128 sum = static_cast<u128>(un[i + j]) + vn[i] + carry;
        un[i + j] = static_cast<std::uint64_t>(sum);
        carry = static_cast<std::uint64_t>(sum >> 64);
      }
      un[j + n] += carry;
    }
    q[j] = qhat;
  }
  // D8: unnormalise the remainder.
  for (std::size_t i = 0; i < n; ++i) r[i] = (un[i] >> s) | (s != 0 ? un[i + 1] << (64 - s) : 0);
}

}  // namespace plexus::detail
