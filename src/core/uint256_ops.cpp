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

// Barrett reduction (Handbook of Applied Cryptography, 14.42, base 2^64, k = 4) of a 512-bit
// product by a modulus of four significant limbs, with mu = floor((2^512 - 1) / m) computed once
// per modulus. Contracts that call MULMOD in a loop (elliptic-curve and pairing code such as
// weierstrudel) use one modulus throughout; there the reduction was three quarters of the work
// (callgrind), and Barrett replaces Knuth division's five quotient steps, each with a hardware
// divide, by two multiplications. The result is the same remainder either way: only the cost
// depends on the cache, never a value or a gas figure.
struct BarrettConstant {
  std::uint64_t mu[5];
};

BarrettConstant barrett_constant(const uint256& m) noexcept {
  const std::uint64_t all_ones[8] = {~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL};
  const std::uint64_t v[4] = {m.limb(0), m.limb(1), m.limb(2), m.limb(3)};
  std::uint64_t q[detail::kMaxDividendLimbs] = {};
  std::uint64_t r[4] = {};
  detail::divrem_limbs(all_ones, 8, v, 4, q, r);
  BarrettConstant c;
  for (std::size_t i = 0; i < 5; ++i) c.mu[i] = q[i];  // m >= 2^192, so mu < 2^320
  return c;
}

// A three-limb accumulator for products summed column by column (Comba): each column's partial
// products go into it, its low limb is the column's digit, and the rest carries to the next.
// Column order keeps three registers live where row order keeps a whole intermediate array,
// which GCC spilled to the stack (about 630 instructions per MULMOD, callgrind).
struct Column {
  std::uint64_t lo = 0, mid = 0, hi = 0;

  void add_product(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__x86_64__)
    // mul, add, adc, adc: GCC's carries from the intrinsics went through setb/movzbl and a
    // stack slot, about nine instructions a product (callgrind).
    std::uint64_t high;
    asm("mulq %[b]\n\t"
        "addq %%rax, %[lo]\n\t"
        "adcq %%rdx, %[mid]\n\t"
        "adcq $0, %[hi]"
        : [lo] "+r"(lo), [mid] "+r"(mid), [hi] "+r"(hi), "+a"(a), "=d"(high)
        : [b] "rm"(b)
        : "cc");
#else
    const u128 p = static_cast<u128>(a) * b;
    unsigned char carry = detail::add_carry(0, lo, static_cast<std::uint64_t>(p), &lo);
    carry = detail::add_carry(carry, mid, static_cast<std::uint64_t>(p >> 64), &mid);
    hi += carry;
#endif
  }
  std::uint64_t next() noexcept {  // the column's digit; the carry becomes the next column
    const std::uint64_t digit = lo;
    lo = mid;
    mid = hi;
    hi = 0;
    return digit;
  }
};

// x mod m for x < 2^512 (x[0..8), little-endian). mu may be floor(2^512 / m) - 1 (when m divides
// 2^512); the estimate q3 never exceeds the true quotient, and the loop below corrects it.
uint256 barrett_reduce(const std::uint64_t* x, const uint256& m,
                       const BarrettConstant& bc) noexcept {
  // q3 = floor(floor(x / 2^192) * mu / 2^320): columns 5 to 9 of a 5 x 5 product (the lower
  // columns only for their carries).
  const std::uint64_t* q1 = x + 3;
  const std::uint64_t mv[4] = {m.limb(0), m.limb(1), m.limb(2), m.limb(3)};
  Column col;
  std::uint64_t q3[5];
  _Pragma("GCC unroll 10") for (std::size_t c = 0; c < 9; ++c) {
    _Pragma("GCC unroll 5") for (std::size_t i = c < 5 ? 0 : c - 4; i <= c && i < 5; ++i)
        col.add_product(q1[i], bc.mu[c - i]);
    const std::uint64_t digit = col.next();
    if (c >= 5) q3[c - 5] = digit;
  }
  q3[4] = col.next();
  // r = (x - q3 * m) mod 2^320, which is exact: 0 <= x - q3 * m < 4m < 2^320.
  std::uint64_t r[5];
  unsigned char borrow = 0;
  _Pragma("GCC unroll 5") for (std::size_t c = 0; c < 5; ++c) {
    _Pragma("GCC unroll 5") for (std::size_t i = c < 4 ? 0 : c - 3; i <= c; ++i)
        col.add_product(q3[i], mv[c - i]);
    borrow = detail::sub_borrow(borrow, x[c], col.next(), &r[c]);
  }
  // At most two subtractions with the exact mu, three with mu - 1.
  for (;;) {
    std::uint64_t t[5];
    borrow = 0;
    for (std::size_t i = 0; i < 4; ++i) borrow = detail::sub_borrow(borrow, r[i], mv[i], &t[i]);
    borrow = detail::sub_borrow(borrow, r[4], 0, &t[4]);
    if (borrow != 0) return uint256::from_limbs(r[0], r[1], r[2], r[3]);
    for (std::size_t i = 0; i < 5; ++i) r[i] = t[i];
  }
}

// The modulus of this thread's last MULMOD, and its Barrett constant once the same modulus came
// twice in a row: a contract that uses each modulus once pays a comparison, not a division more.
class RepeatedModulus {
 public:
  const BarrettConstant* lookup(const uint256& m) noexcept {
    if (m != last_) {
      last_ = m;
      ready_ = false;
      return nullptr;
    }
    if (!ready_) {
      constant_ = barrett_constant(m);
      ready_ = true;
    }
    return &constant_;
  }

 private:
  uint256 last_;
  bool ready_ = false;
  BarrettConstant constant_{};
};

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
  Column col;
  _Pragma("GCC unroll 7") for (std::size_t c = 0; c < 7; ++c) {
    _Pragma("GCC unroll 4") for (std::size_t i = c < 4 ? 0 : c - 3; i <= c && i < 4; ++i)
        col.add_product(a.limb(i), b.limb(c - i));
    prod[c] = col.next();
  }
  prod[7] = col.next();
  if (m == ~uint256(0)) {
    // mulmod(a, b, not(0)) is how Solidity's full-precision mulDiv (Uniswap's FullMath, in
    // swap_math) gets the product's high half: 2^256 = 1 modulo 2^256 - 1, so the remainder is
    // lo + hi with the carry added back in, no division.
    const uint256 lo = uint256::from_limbs(prod[0], prod[1], prod[2], prod[3]);
    const uint256 hi = uint256::from_limbs(prod[4], prod[5], prod[6], prod[7]);
    const uint256 sum = lo + hi;
    const uint256 folded = sum < lo ? sum + 1 : sum;  // the carry's 2^256 is 1 here
    return folded == m ? uint256(0) : folded;
  }
  if (m.limb(3) != 0) {
    thread_local RepeatedModulus repeated;
    if (const BarrettConstant* bc = repeated.lookup(m)) return barrett_reduce(prod, m, *bc);
  }
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
