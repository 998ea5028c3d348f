#pragma once
// 256-bit unsigned integer used by the EVM and for balances everywhere.
//
// Hand-written as four 64-bit limbs: no Debian library offers a fixed 256-bit type tuned for the
// EVM's hot loop, and the uint256 benchmark (plexus-bench uint256) measured this class against
// boost::multiprecision::uint256_t: see docs/PERFORMANCE.md for the figures that decided it.
//
// Code outside this header should use only this API:
//   - arithmetic/bitwise/comparison operators (+ - * / % & | ^ ~ << >> == <=> and unary -),
//     construction from any integer type (negative values wrap modulo 2^256), explicit conversion
//     static_cast<std::uint64_t>(x) (low 64 bits) or to bool;
//   - str() (decimal digits);
//   - limb(i) / from_limbs for code that needs the 64-bit limbs (little-endian limb order);
//   - the free functions below.
// Arithmetic wraps modulo 2^256. Division and modulo by zero yield 0 (the EVM's rule); shifts by
// 256 or more yield 0.
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus {

class uint256 {
 public:
  constexpr uint256() noexcept = default;
  // Copies go limb by limb on purpose: arithmetic writes results as four 8-byte stores, and a
  // compiler-generated copy reads them back as two 16-byte loads, which defeats store-to-load
  // forwarding and costs ~10 cycles per copy in the EVM's DUP/SWAP-heavy loop (measured).
  constexpr uint256(const uint256& o) noexcept : w_{o.w_[0], o.w_[1], o.w_[2], o.w_[3]} {}
  constexpr uint256& operator=(const uint256& o) noexcept {
    w_[0] = o.w_[0];
    w_[1] = o.w_[1];
    w_[2] = o.w_[2];
    w_[3] = o.w_[3];
    return *this;
  }

  // Implicit on purpose: `x + 1`, `x == 0` read naturally and match the previous Boost type.
  template <std::integral T>
  constexpr uint256(T v) noexcept {  // NOLINT(google-explicit-constructor)
    const std::uint64_t ext = (std::is_signed_v<T> && v < 0) ? ~std::uint64_t{0} : 0;
    w_[0] = static_cast<std::uint64_t>(v);
    w_[1] = w_[2] = w_[3] = ext;
  }

  [[nodiscard]] static constexpr uint256 from_limbs(std::uint64_t w0, std::uint64_t w1,
                                                    std::uint64_t w2, std::uint64_t w3) noexcept {
    uint256 r;
    r.w_[0] = w0;
    r.w_[1] = w1;
    r.w_[2] = w2;
    r.w_[3] = w3;
    return r;
  }
  [[nodiscard]] static constexpr uint256 max() noexcept { return ~uint256{}; }

  [[nodiscard]] constexpr std::uint64_t limb(std::size_t i) const noexcept { return w_[i]; }
  [[nodiscard]] constexpr std::uint64_t& limb(std::size_t i) noexcept { return w_[i]; }
  // Decimal digits ("0" for zero).
  [[nodiscard]] std::string str() const;

  [[nodiscard]] constexpr bool is_zero() const noexcept {
    return (w_[0] | w_[1] | w_[2] | w_[3]) == 0;
  }

  template <std::integral T>
  constexpr explicit operator T() const noexcept {
    if constexpr (std::same_as<T, bool>)
      return !is_zero();
    else
      return static_cast<T>(w_[0]);
  }

  friend constexpr bool operator==(const uint256&, const uint256&) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(const uint256& a, const uint256& b) noexcept {
    for (std::size_t i = 4; i-- > 0;)
      if (a.w_[i] != b.w_[i]) return a.w_[i] <=> b.w_[i];
    return std::strong_ordering::equal;
  }

  // +, - and * run as add/adc, sub/sbb and mul/imul chains on x86-64 outside constant
  // evaluation. Written with unsigned __int128 temporaries (the portable forms below), GCC kept
  // the temporaries on the machine stack inside large functions such as the EVM's dispatch loop:
  // about a dozen stores and reloads per ADD and 86 instructions per MUL (callgrind), where the
  // chains below are 4 and 33. Both forms give identical results (tests/core/uint256_test.cpp).
  friend constexpr uint256 operator+(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
    if (!std::is_constant_evaluated()) {
      return carry_chain_x86<kAdd>(a, b);
    }
#endif
    uint256 r;
    unsigned __int128 c = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      c += static_cast<unsigned __int128>(a.w_[i]) + b.w_[i];
      r.w_[i] = static_cast<std::uint64_t>(c);
      c >>= 64;
    }
    return r;
  }
  friend constexpr uint256 operator-(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
    if (!std::is_constant_evaluated()) {
      return carry_chain_x86<kSub>(a, b);
    }
#endif
    uint256 r;
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const unsigned __int128 d = static_cast<unsigned __int128>(a.w_[i]) - b.w_[i] - borrow;
      r.w_[i] = static_cast<std::uint64_t>(d);
      borrow = static_cast<std::uint64_t>(d >> 127);
    }
    return r;
  }
  friend constexpr uint256 operator-(const uint256& a) noexcept { return uint256{} - a; }
  friend constexpr uint256 operator*(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
    if (!std::is_constant_evaluated()) {
      return mul_x86(a, b);
    }
#endif
    // Schoolbook on the lower triangle only: the product is truncated to 256 bits.
    uint256 r;
    for (std::size_t j = 0; j < 4; ++j) {
      std::uint64_t carry = 0;
      for (std::size_t i = 0; i + j < 4; ++i) {
        const unsigned __int128 t =
            static_cast<unsigned __int128>(a.w_[i]) * b.w_[j] + r.w_[i + j] + carry;
        r.w_[i + j] = static_cast<std::uint64_t>(t);
        carry = static_cast<std::uint64_t>(t >> 64);
      }
    }
    return r;
  }
  friend uint256 operator/(const uint256& a, const uint256& b) noexcept;
  friend uint256 operator%(const uint256& a, const uint256& b) noexcept;

  friend constexpr uint256 operator&(const uint256& a, const uint256& b) noexcept {
    return from_limbs(a.w_[0] & b.w_[0], a.w_[1] & b.w_[1], a.w_[2] & b.w_[2], a.w_[3] & b.w_[3]);
  }
  friend constexpr uint256 operator|(const uint256& a, const uint256& b) noexcept {
    return from_limbs(a.w_[0] | b.w_[0], a.w_[1] | b.w_[1], a.w_[2] | b.w_[2], a.w_[3] | b.w_[3]);
  }
  friend constexpr uint256 operator^(const uint256& a, const uint256& b) noexcept {
    return from_limbs(a.w_[0] ^ b.w_[0], a.w_[1] ^ b.w_[1], a.w_[2] ^ b.w_[2], a.w_[3] ^ b.w_[3]);
  }
  friend constexpr uint256 operator~(const uint256& a) noexcept {
    return from_limbs(~a.w_[0], ~a.w_[1], ~a.w_[2], ~a.w_[3]);
  }

  // Shifts switch on the number of whole limbs moved, with branch-free funnel shifts inside.
  // A loop over a variable limb offset kept the limbs on the machine stack: about 80
  // instructions per EVM SHR (sha1_shifts, callgrind).
  friend constexpr uint256 operator<<(const uint256& a, std::uint64_t shift) noexcept {
    const unsigned b = shift % 64;
    const std::uint64_t x0 = a.w_[0], x1 = a.w_[1], x2 = a.w_[2], x3 = a.w_[3];
    switch (shift / 64) {
      case 0:
        return from_limbs(x0 << b, funnel<false>(x1, x0, b), funnel<false>(x2, x1, b),
                          funnel<false>(x3, x2, b));
      case 1:
        return from_limbs(0, x0 << b, funnel<false>(x1, x0, b), funnel<false>(x2, x1, b));
      case 2:
        return from_limbs(0, 0, x0 << b, funnel<false>(x1, x0, b));
      case 3:
        return from_limbs(0, 0, 0, x0 << b);
      default:  // 256 and more
        return {};
    }
  }
  friend constexpr uint256 operator>>(const uint256& a, std::uint64_t shift) noexcept {
    const unsigned b = shift % 64;
    const std::uint64_t x0 = a.w_[0], x1 = a.w_[1], x2 = a.w_[2], x3 = a.w_[3];
    switch (shift / 64) {
      case 0:
        return from_limbs(funnel<true>(x0, x1, b), funnel<true>(x1, x2, b), funnel<true>(x2, x3, b),
                          x3 >> b);
      case 1:
        return from_limbs(funnel<true>(x1, x2, b), funnel<true>(x2, x3, b), x3 >> b, 0);
      case 2:
        return from_limbs(funnel<true>(x2, x3, b), x3 >> b, 0, 0);
      case 3:
        return from_limbs(x3 >> b, 0, 0, 0);
      default:  // 256 and more
        return {};
    }
  }
  friend constexpr uint256 operator<<(const uint256& a, const uint256& shift) noexcept {
    return (shift.w_[1] | shift.w_[2] | shift.w_[3]) ? uint256{} : a << shift.w_[0];
  }
  friend constexpr uint256 operator>>(const uint256& a, const uint256& shift) noexcept {
    return (shift.w_[1] | shift.w_[2] | shift.w_[3]) ? uint256{} : a >> shift.w_[0];
  }
  // Integer shift amounts of any type (int literals included) go to the 64-bit overloads.
  template <std::integral T>
  friend constexpr uint256 operator<<(const uint256& a, T shift) noexcept {
    return a << static_cast<std::uint64_t>(shift);
  }
  template <std::integral T>
  friend constexpr uint256 operator>>(const uint256& a, T shift) noexcept {
    return a >> static_cast<std::uint64_t>(shift);
  }

  constexpr uint256& operator+=(const uint256& b) noexcept { return *this = *this + b; }
  constexpr uint256& operator-=(const uint256& b) noexcept { return *this = *this - b; }
  constexpr uint256& operator*=(const uint256& b) noexcept { return *this = *this * b; }
  uint256& operator/=(const uint256& b) noexcept { return *this = *this / b; }
  uint256& operator%=(const uint256& b) noexcept { return *this = *this % b; }
  constexpr uint256& operator&=(const uint256& b) noexcept { return *this = *this & b; }
  constexpr uint256& operator|=(const uint256& b) noexcept { return *this = *this | b; }
  constexpr uint256& operator^=(const uint256& b) noexcept { return *this = *this ^ b; }
  constexpr uint256& operator<<=(std::uint64_t s) noexcept { return *this = *this << s; }
  constexpr uint256& operator>>=(std::uint64_t s) noexcept { return *this = *this >> s; }
  constexpr uint256& operator++() noexcept { return *this = *this + 1u; }
  constexpr uint256& operator--() noexcept { return *this = *this - 1u; }
  constexpr uint256 operator++(int) noexcept {
    const uint256 old = *this;
    ++*this;
    return old;
  }
  constexpr uint256 operator--(int) noexcept {
    const uint256 old = *this;
    --*this;
    return old;
  }

 private:
  // A funnel shift inside a limb pair, for b in 0..63: with kRight the low limb of (src:dst) >> b,
  // (dst >> b) | (src << (64 - b)); otherwise the high limb of (dst:src) << b,
  // (dst << b) | (src >> (64 - b)). On x86-64 these are the shrd/shld instructions, whose count
  // 0 leaves the destination as it is. The portable form, with x << (64 - b) written as
  // (x << 1) << (63 - b) so that b = 0 needs no branch, uses two shift counts, and x86 shifts
  // take a variable count only in cl: GCC moved the counts in and out of cl and spilled around
  // it, about 30 extra instructions per EVM SHR below 64 bits (blake2b_huff, callgrind).
  template <bool kRight>
  [[gnu::always_inline]] static constexpr std::uint64_t funnel(std::uint64_t dst, std::uint64_t src,
                                                               unsigned b) noexcept {
#if defined(__x86_64__)
    if (!std::is_constant_evaluated()) {
      if constexpr (kRight)
        asm("shrdq %%cl, %[src], %[dst]" : [dst] "+r"(dst) : [src] "r"(src), "c"(b) : "cc");
      else
        asm("shldq %%cl, %[src], %[dst]" : [dst] "+r"(dst) : [src] "r"(src), "c"(b) : "cc");
      return dst;
    }
#endif
    if constexpr (kRight)
      return (dst >> b) | ((src << 1) << (63 - b));
    else
      return (dst << b) | ((src >> 1) >> (63 - b));
  }

#if defined(__x86_64__)
  enum CarryOp { kAdd, kSub };
  // a + b or a - b as four add/adc (sub/sbb) instructions: a's limbs in registers, b's as register
  // or memory operands. (The _addcarry_u64 intrinsics were not enough: GCC 12 gave their pointer
  // outputs stack slots, a store and a reload per limb.)
  template <CarryOp kOp>
  [[gnu::always_inline]] static uint256 carry_chain_x86(const uint256& a,
                                                        const uint256& b) noexcept {
    std::uint64_t r0 = a.w_[0], r1 = a.w_[1], r2 = a.w_[2], r3 = a.w_[3];
    if constexpr (kOp == kAdd)
      asm("addq %[b0], %[r0]\n\tadcq %[b1], %[r1]\n\tadcq %[b2], %[r2]\n\tadcq %[b3], %[r3]"
          : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3)
          : [b0] "rm"(b.w_[0]), [b1] "rm"(b.w_[1]), [b2] "rm"(b.w_[2]), [b3] "rm"(b.w_[3])
          : "cc");
    else
      asm("subq %[b0], %[r0]\n\tsbbq %[b1], %[r1]\n\tsbbq %[b2], %[r2]\n\tsbbq %[b3], %[r3]"
          : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3)
          : [b0] "rm"(b.w_[0]), [b1] "rm"(b.w_[1]), [b2] "rm"(b.w_[2]), [b3] "rm"(b.w_[3])
          : "cc");
    return from_limbs(r0, r1, r2, r3);
  }
  // a * b truncated to 256 bits, row by row on b's limbs: full 64x64 products where the high
  // half lands below bit 256, wrapping imul for the products that reach the top limb only.
  [[gnu::always_inline]] static uint256 mul_x86(const uint256& a, const uint256& b) noexcept {
    std::uint64_t r0, r1, r2, r3, lo, hi;
    asm("movq 0(%[pa]), %%rax\n\t"
        "mulq 0(%[pb])\n\t"
        "movq %%rax, %[r0]\n\t"
        "movq %%rdx, %[r1]\n\t"
        "movq 8(%[pa]), %%rax\n\t"
        "mulq 0(%[pb])\n\t"
        "addq %%rax, %[r1]\n\t"
        "adcq $0, %%rdx\n\t"
        "movq %%rdx, %[r2]\n\t"
        "movq 16(%[pa]), %%rax\n\t"
        "mulq 0(%[pb])\n\t"
        "addq %%rax, %[r2]\n\t"
        "adcq $0, %%rdx\n\t"
        "movq %%rdx, %[r3]\n\t"
        "movq 24(%[pa]), %%rax\n\t"
        "imulq 0(%[pb]), %%rax\n\t"
        "addq %%rax, %[r3]\n\t"
        "movq 0(%[pa]), %%rax\n\t"
        "mulq 8(%[pb])\n\t"
        "addq %%rax, %[r1]\n\t"
        "adcq %%rdx, %[r2]\n\t"
        "adcq $0, %[r3]\n\t"
        "movq 8(%[pa]), %%rax\n\t"
        "mulq 8(%[pb])\n\t"
        "addq %%rax, %[r2]\n\t"
        "adcq %%rdx, %[r3]\n\t"
        "movq 16(%[pa]), %%rax\n\t"
        "imulq 8(%[pb]), %%rax\n\t"
        "addq %%rax, %[r3]\n\t"
        "movq 0(%[pa]), %%rax\n\t"
        "mulq 16(%[pb])\n\t"
        "addq %%rax, %[r2]\n\t"
        "adcq %%rdx, %[r3]\n\t"
        "movq 8(%[pa]), %%rax\n\t"
        "imulq 16(%[pb]), %%rax\n\t"
        "addq %%rax, %[r3]\n\t"
        "movq 0(%[pa]), %%rax\n\t"
        "imulq 24(%[pb]), %%rax\n\t"
        "addq %%rax, %[r3]"
        : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), "=&a"(lo), "=&d"(hi)
        // The limbs are read through the objects' addresses; "m"(a) and "m"(b) say so.
        : [pa] "r"(&a), [pb] "r"(&b), "m"(a), "m"(b)
        : "cc");
    return from_limbs(r0, r1, r2, r3);
  }
#endif

  std::uint64_t w_[4]{};
};

using Bytes32 = FixedBytes<32>;

struct DivResult {
  uint256 quot;
  uint256 rem;
};
// Quotient and remainder in one pass (Knuth's algorithm D); both are 0 when the divisor is 0.
[[nodiscard]] DivResult udivrem(const uint256& dividend, const uint256& divisor) noexcept;

// Number of significant bits (0 for zero) and bytes.
[[nodiscard]] constexpr unsigned bit_width(const uint256& v) noexcept {
  for (std::size_t i = 4; i-- > 0;)
    if (v.limb(i) != 0)
      return static_cast<unsigned>(i * 64 + 64 - static_cast<unsigned>(__builtin_clzll(v.limb(i))));
  return 0;
}
[[nodiscard]] constexpr unsigned byte_width(const uint256& v) noexcept {
  return (bit_width(v) + 7) / 8;
}
// True if the value fits in 64 bits.
[[nodiscard]] constexpr bool fits_uint64(const uint256& value) noexcept {
  return (value.limb(1) | value.limb(2) | value.limb(3)) == 0;
}

// a + b and a * b when the exact result fits in 256 bits, otherwise nullopt. Costs and balances
// use these: a wrapped cost would admit a transaction its sender can never pay.
[[nodiscard]] constexpr std::optional<uint256> checked_add(const uint256& a,
                                                           const uint256& b) noexcept {
  const uint256 sum = a + b;
  if (sum < a) return std::nullopt;
  return sum;
}
[[nodiscard]] inline std::optional<uint256> checked_mul(const uint256& a,
                                                        const uint256& b) noexcept {
  if (a != 0 && b > ~uint256(0) / a) return std::nullopt;
  return a * b;
}

// Big-endian 32-byte load and store at a raw pointer (EVM memory words).
[[nodiscard]] inline uint256 load_be32(const Byte* p) noexcept {
  std::uint64_t w[4];
  for (std::size_t i = 0; i < 4; ++i) {
    std::uint64_t be;
    std::memcpy(&be, p + 8 * (3 - i), 8);
    w[i] = __builtin_bswap64(be);
  }
  return uint256::from_limbs(w[0], w[1], w[2], w[3]);
}
inline void store_be32(Byte* p, const uint256& v) noexcept {
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint64_t be = __builtin_bswap64(v.limb(i));
    std::memcpy(p + 8 * (3 - i), &be, 8);
  }
}

// Big-endian load of at most 32 bytes (right-aligned, shorter input is zero-extended on the left).
[[nodiscard]] uint256 load_be(BytesView big_endian) noexcept;
[[nodiscard]] inline uint256 from_bytes32(const Bytes32& word) noexcept {
  return load_be32(word.data());
}
[[nodiscard]] inline Bytes32 to_bytes32(const uint256& value) noexcept {
  Bytes32 out;
  store_be32(out.data(), value);
  return out;
}
// Minimal big-endian bytes (empty for zero), as RLP wants integers.
[[nodiscard]] Bytes to_minimal_be(const uint256& value);
// "0x..." hex (at most 64 digits) or decimal; anything else, or overflow, is an error.
[[nodiscard]] Result<uint256> parse_uint256(std::string_view text);
// "0x" followed by minimal lower-case hex digits ("0x0" for zero).
[[nodiscard]] std::string to_hex_string(const uint256& value);

}  // namespace plexus
