#pragma once
// 256-bit word arithmetic with the EVM's definitions (Yellow Paper, appendix H): signed views in
// two's complement, total division (x / 0 == 0), modular arithmetic on 512-bit intermediates.
// Kept beside uint256 (not in src/evm) because nothing here depends on the machine itself.
#include "core/uint256.hpp"

namespace plexus {

[[nodiscard]] constexpr bool is_negative(const uint256& x) noexcept {
  return (x.limb(3) >> 63) != 0;
}
[[nodiscard]] constexpr uint256 abs_signed(const uint256& x) noexcept {
  return is_negative(x) ? -x : x;
}

// Signed comparisons (SLT, SGT).
[[nodiscard]] constexpr bool slt(const uint256& a, const uint256& b) noexcept {
  const bool na = is_negative(a);
  return na != is_negative(b) ? na : a < b;
}
[[nodiscard]] constexpr bool sgt(const uint256& a, const uint256& b) noexcept { return slt(b, a); }

// SDIV: truncates toward zero; -2^255 / -1 overflows back to -2^255 as the EVM requires.
[[nodiscard]] inline uint256 sdiv(const uint256& a, const uint256& b) noexcept {
  const uint256 q = abs_signed(a) / abs_signed(b);
  return is_negative(a) != is_negative(b) ? -q : q;
}
// SMOD: the result takes the sign of the dividend.
[[nodiscard]] inline uint256 smod(const uint256& a, const uint256& b) noexcept {
  const uint256 r = abs_signed(a) % abs_signed(b);
  return is_negative(a) ? -r : r;
}

// (a + b) mod m and (a * b) mod m without wrapping at 2^256; 0 when m is 0.
[[nodiscard]] uint256 addmod(const uint256& a, const uint256& b, const uint256& m) noexcept;
[[nodiscard]] uint256 mulmod(const uint256& a, const uint256& b, const uint256& m) noexcept;
// base^exponent mod 2^256.
[[nodiscard]] uint256 exp(uint256 base, const uint256& exponent) noexcept;

// SIGNEXTEND for index < 31, in place: a shift pair extends the sign within its limb and only the
// limbs above it are overwritten. Building a new word with a select per limb cost about twice the
// instructions (signextend micro-benchmark, callgrind).
constexpr void signextend_in_place(unsigned index, uint256& x) noexcept {
  const unsigned limb = index / 8;
  const unsigned top = 56 - 8 * (index % 8);  // moves the sign byte to the limb's top
  const auto low = static_cast<std::int64_t>(x.limb(limb) << top) >> top;
  x.limb(limb) = static_cast<std::uint64_t>(low);
  const auto fill = static_cast<std::uint64_t>(low >> 63);
  for (unsigned i = limb + 1; i < 4; ++i) x.limb(i) = fill;
}

// SIGNEXTEND: extends the sign bit of byte `index` (0 = least significant) to the left; indexes
// of 31 and above leave x unchanged.
[[nodiscard]] constexpr uint256 signextend(const uint256& index, const uint256& x) noexcept {
  uint256 r = x;
  if (fits_uint64(index) && index.limb(0) < 31)
    signextend_in_place(static_cast<unsigned>(index.limb(0)), r);
  return r;
}

// BYTE: byte `index` of x counted from the most significant end; 0 if index >= 32.
[[nodiscard]] constexpr uint256 byte_of(const uint256& index, const uint256& x) noexcept {
  if (!fits_uint64(index) || index.limb(0) >= 32) return 0;
  const unsigned from_low = 31 - static_cast<unsigned>(index.limb(0));
  return (x.limb(from_low / 8) >> (8 * (from_low % 8))) & 0xff;
}

// SAR: arithmetic right shift; shifts of 256 or more give 0 or -1 by sign.
[[nodiscard]] constexpr uint256 sar(const uint256& shift, const uint256& x) noexcept {
  const bool negative = is_negative(x);
  if (!fits_uint64(shift) || shift.limb(0) >= 256) return negative ? uint256::max() : uint256{};
  const std::uint64_t s = shift.limb(0);
  const uint256 logical = x >> s;
  if (!negative || s == 0) return logical;
  return logical | (uint256::max() << (256 - s));
}

}  // namespace plexus
