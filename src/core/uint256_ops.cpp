#include "core/uint256_ops.hpp"

#include "core/limb_division.hpp"

namespace plexus {
namespace {

using u128 = unsigned __int128;

// Remainder of the little-endian `len`-limb number u modulo m (m != 0).
uint256 reduce(const std::uint64_t* u, std::size_t len, const uint256& m) noexcept {
  std::uint64_t v[4];
  for (std::size_t i = 0; i < 4; ++i) v[i] = m.limb(i);
  const std::size_t n = detail::significant_limbs(v, 4);
  const std::size_t ulen = detail::significant_limbs(u, len);
  if (ulen < n) {  // u < m already
    std::uint64_t r[4] = {};
    for (std::size_t i = 0; i < ulen; ++i) r[i] = u[i];
    return uint256::from_limbs(r[0], r[1], r[2], r[3]);
  }
  std::uint64_t q[detail::kMaxDividendLimbs] = {};
  std::uint64_t r[4] = {};
  detail::divrem_limbs(u, ulen, v, n, q, r);
  return uint256::from_limbs(r[0], r[1], r[2], r[3]);
}

// The general case of addmod: the 257-bit sum reduced by division. Out of line so the fast
// paths in addmod keep a small frame (inlined, it gave addmod a 264-byte frame and six saved
// registers on every call).
[[gnu::noinline]] uint256 addmod_by_division(const uint256& a, const uint256& b,
                                             const uint256& m) noexcept {
  std::uint64_t sum[5];
  u128 carry = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    carry += static_cast<u128>(a.limb(i)) + b.limb(i);
    sum[i] = static_cast<std::uint64_t>(carry);
    carry >>= 64;
  }
  sum[4] = static_cast<std::uint64_t>(carry);
  return reduce(sum, 5, m);
}

// The 512-bit product a * b into prod[0..8), little-endian. On x86-64 it is an unrolled column
// sum of the 16 64x64 products in a three-register accumulator, about 95 instructions; the
// portable loop with 128-bit temporaries compiled to about 170 with spills (MULMOD in
// weierstrudel, callgrind).
void full_product(const uint256& a, const uint256& b, std::uint64_t (&prod)[8]) noexcept {
#if defined(__x86_64__)
  std::uint64_t c0 = 0, c1 = 0, c2 = 0, lo, hi;
  asm("movq 0(%[pa]), %%rax\n\t"
      "mulq 0(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq %[c0], 0(%[out])\n\t"
      "xorl %k[c0], %k[c0]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq 8(%[pb])\n\t"
      "addq %%rax, %[c1]\n\t"
      "adcq %%rdx, %[c2]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq 0(%[pb])\n\t"
      "addq %%rax, %[c1]\n\t"
      "adcq %%rdx, %[c2]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq %[c1], 8(%[out])\n\t"
      "xorl %k[c1], %k[c1]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq 16(%[pb])\n\t"
      "addq %%rax, %[c2]\n\t"
      "adcq %%rdx, %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq 8(%[pb])\n\t"
      "addq %%rax, %[c2]\n\t"
      "adcq %%rdx, %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq 0(%[pb])\n\t"
      "addq %%rax, %[c2]\n\t"
      "adcq %%rdx, %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq %[c2], 16(%[out])\n\t"
      "xorl %k[c2], %k[c2]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq 24(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq 16(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq 8(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq 0(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "adcq $0, %[c2]\n\t"
      "movq %[c0], 24(%[out])\n\t"
      "xorl %k[c0], %k[c0]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq 24(%[pb])\n\t"
      "addq %%rax, %[c1]\n\t"
      "adcq %%rdx, %[c2]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq 16(%[pb])\n\t"
      "addq %%rax, %[c1]\n\t"
      "adcq %%rdx, %[c2]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq 8(%[pb])\n\t"
      "addq %%rax, %[c1]\n\t"
      "adcq %%rdx, %[c2]\n\t"
      "adcq $0, %[c0]\n\t"
      "movq %[c1], 32(%[out])\n\t"
      "xorl %k[c1], %k[c1]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq 24(%[pb])\n\t"
      "addq %%rax, %[c2]\n\t"
      "adcq %%rdx, %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq 16(%[pb])\n\t"
      "addq %%rax, %[c2]\n\t"
      "adcq %%rdx, %[c0]\n\t"
      "adcq $0, %[c1]\n\t"
      "movq %[c2], 40(%[out])\n\t"
      "xorl %k[c2], %k[c2]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq 24(%[pb])\n\t"
      "addq %%rax, %[c0]\n\t"
      "adcq %%rdx, %[c1]\n\t"
      "movq %[c0], 48(%[out])\n\t"
      "movq %[c1], 56(%[out])"
      : [c0] "+&r"(c0), [c1] "+&r"(c1), [c2] "+&r"(c2), "=&a"(lo), "=&d"(hi), "=m"(prod)
      : [pa] "r"(&a), [pb] "r"(&b), [out] "r"(prod), "m"(a), "m"(b)
      : "cc");
#else
  for (std::size_t i = 0; i < 8; ++i) prod[i] = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const u128 t = static_cast<u128>(a.limb(i)) * b.limb(j) + prod[i + j] + carry;
      prod[i + j] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
    prod[j + 4] = carry;
  }
#endif
}

}  // namespace

uint256 addmod(const uint256& a, const uint256& b, const uint256& m) noexcept {
  if (m.is_zero()) return 0;
  if (a < m && b < m) {  // the common case: one conditional subtraction
    const uint256 s = a + b;
    return (s < a || s >= m) ? s - m : s;
  }
  // A power-of-two modulus divides 2^256, so the wrapped sum masked with m - 1 is the remainder
  // (Huff and Solidity code use ADDMOD with 2^64 as a 64-bit add, on unreduced operands).
  const uint256 mask = m - 1;
  if ((m & mask).is_zero()) return (a + b) & mask;
  return addmod_by_division(a, b, m);
}

uint256 mulmod(const uint256& a, const uint256& b, const uint256& m) noexcept {
  if (m.is_zero()) return 0;
  std::uint64_t prod[8];
  full_product(a, b, prod);
  return reduce(prod, 8, m);
}

uint256 exp(uint256 base, const uint256& exponent) noexcept {
  uint256 result = 1;
  for (unsigned bit = 0, width = bit_width(exponent); bit < width; ++bit) {
    if ((exponent.limb(bit / 64) >> (bit % 64)) & 1) result *= base;
    if (bit + 1 < width) base *= base;
  }
  return result;
}

}  // namespace plexus
