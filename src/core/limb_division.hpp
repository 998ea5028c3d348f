#pragma once
// Unsigned division of little-endian 64-bit limb arrays (Knuth, TAOCP vol. 2, 4.3.1, algorithm D).
// Shared by uint256 division and the 512-by-256-bit reductions of MULMOD/ADDMOD, with the
// carry-chain steps they and the Barrett reduction of MULMOD use.
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace plexus::detail {

// The largest dividend handled, in limbs (a 512-bit product).
inline constexpr std::size_t kMaxDividendLimbs = 8;

// Divides u[0..m) by v[0..n): writes the quotient to q[0..m-n+1) and the remainder to r[0..n).
// Requires 1 <= n <= 4, n <= m <= kMaxDividendLimbs and v[n-1] != 0.
void divrem_limbs(const std::uint64_t* u, std::size_t m, const std::uint64_t* v, std::size_t n,
                  std::uint64_t* q, std::uint64_t* r) noexcept;

// One limb step of a borrow (carry) chain. On x86-64 the intrinsics become a sub/sbb (add/adc)
// chain in registers; the generic form makes GCC materialise every borrow with a compare.
inline unsigned char sub_borrow(unsigned char borrow, std::uint64_t x, std::uint64_t y,
                                std::uint64_t* out) noexcept {
#if defined(__x86_64__)
  unsigned long long r;
  borrow = _subborrow_u64(borrow, x, y, &r);
  *out = r;
  return borrow;
#else
  const std::uint64_t d = x - y;
  *out = d - borrow;
  return static_cast<unsigned char>((x < y) | (d < borrow));
#endif
}
inline unsigned char add_carry(unsigned char carry, std::uint64_t x, std::uint64_t y,
                               std::uint64_t* out) noexcept {
#if defined(__x86_64__)
  unsigned long long r;
  carry = _addcarry_u64(carry, x, y, &r);
  *out = r;
  return carry;
#else
  const std::uint64_t s = x + y;
  *out = s + carry;
  return static_cast<unsigned char>((s < x) | (*out < s));
#endif
}

// Number of limbs up to and including the most significant non-zero one (0 for all zeros).
[[nodiscard]] constexpr std::size_t significant_limbs(const std::uint64_t* x,
                                                      std::size_t len) noexcept {
  while (len > 0 && x[len - 1] == 0) --len;
  return len;
}

}  // namespace plexus::detail
