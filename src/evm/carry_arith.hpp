#pragma once
// ADD and SUB for the dispatch loop as explicit add-with-carry chains. The generic uint256
// operators carry through an unsigned __int128; inside the large dispatch function GCC keeps
// those 128-bit temporaries on the machine stack, so every ADD went through several
// store/reload round trips (about half the time of the memory micro-benchmarks' ADD-based
// loops, measured). _addcarry_u64/_subborrow_u64 compile to a plain add/adc (sub/sbb) chain in
// registers. The results are identical; other targets use the generic operators.
#include "core/uint256.hpp"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace plexus::evm {

#if defined(__x86_64__)
// Applies a carry-propagating limb step (add-with-carry or subtract-with-borrow) low to high.
template <class Step>
[[gnu::always_inline]] inline uint256 carry_chain(const uint256& a, const uint256& b,
                                                  Step step) noexcept {
  unsigned long long r[4];
  unsigned char carry = 0;
  for (std::size_t i = 0; i < 4; ++i) carry = step(carry, a.limb(i), b.limb(i), &r[i]);
  return uint256::from_limbs(r[0], r[1], r[2], r[3]);
}
#endif

[[gnu::always_inline]] inline uint256 add_words(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
  return carry_chain(a, b, [](unsigned char c, std::uint64_t x, std::uint64_t y,
                              unsigned long long* r) { return _addcarry_u64(c, x, y, r); });
#else
  return a + b;
#endif
}

[[gnu::always_inline]] inline uint256 sub_words(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
  return carry_chain(a, b, [](unsigned char c, std::uint64_t x, std::uint64_t y,
                              unsigned long long* r) { return _subborrow_u64(c, x, y, r); });
#else
  return a - b;
#endif
}

}  // namespace plexus::evm
