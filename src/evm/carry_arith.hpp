#pragma once
// ADD and SUB for the dispatch loop as explicit add-with-carry chains. The generic uint256
// operators carry through an unsigned __int128; inside the large dispatch function GCC keeps
// those 128-bit temporaries on the machine stack, so every ADD went through several
// store/reload round trips (about half the time of the memory micro-benchmarks' ADD-based
// loops, measured). The _addcarry_u64/_subborrow_u64 intrinsics were better but still not
// enough: GCC 12 gives their pointer outputs stack slots, a store and a reload per limb
// (structarray_alloc's profile). On x86-64 the chain is therefore four add/adc (sub/sbb)
// instructions on registers; the results are identical, other targets use the generic operators.
// MUL, SHL and SHR below are here for the same reason: their generic operators spilled too.
#include "core/uint256.hpp"

namespace plexus::evm {

#if defined(__x86_64__)
// The body of add_words/sub_words: a's limbs in registers, FIRST on the low limb and NEXT
// (carrying) on the others, with b's limbs as register or memory operands.
#define PLEXUS_CARRY_CHAIN(FIRST, NEXT)                                                        \
  std::uint64_t r0 = a.limb(0), r1 = a.limb(1), r2 = a.limb(2), r3 = a.limb(3);                \
  asm(FIRST " %[b0], %[r0]\n\t" NEXT " %[b1], %[r1]\n\t" NEXT " %[b2], %[r2]\n\t" NEXT         \
            " %[b3], %[r3]"                                                                    \
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3)                         \
      : [b0] "rm"(b.limb(0)), [b1] "rm"(b.limb(1)), [b2] "rm"(b.limb(2)), [b3] "rm"(b.limb(3)) \
      : "cc");                                                                                 \
  return uint256::from_limbs(r0, r1, r2, r3)
#endif

[[gnu::always_inline]] inline uint256 add_words(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
  PLEXUS_CARRY_CHAIN("addq", "adcq");
#else
  return a + b;
#endif
}

[[gnu::always_inline]] inline uint256 sub_words(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
  PLEXUS_CARRY_CHAIN("subq", "sbbq");
#else
  return a - b;
#endif
}

#undef PLEXUS_CARRY_CHAIN

// MUL truncated to 256 bits, row by row on b's limbs: full 64x64 products where the high half
// lands below bit 256, wrapping imul for the products of the top limb. Written in C++ with
// 128-bit temporaries (the generic operator*, or unrolled by column), GCC kept the temporaries
// on the machine stack: 86-90 instructions a MUL, inlined or not (blake2b_shifts executes
// 165,000 MULs a call); this is 33.
[[gnu::always_inline]] inline uint256 mul_words(const uint256& a, const uint256& b) noexcept {
#if defined(__x86_64__)
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
      // The limbs are read through the objects' addresses; "m"(a) and "m"(b) tell the compiler so.
      : [pa] "r"(&a), [pb] "r"(&b), "m"(a), "m"(b)
      : "cc");
  return uint256::from_limbs(r0, r1, r2, r3);
#else
  return a * b;
#endif
}

// SHL and SHR by an amount below 256, with a switch on the whole limbs moved and branch-free
// funnel shifts inside it. The generic operators loop over a variable limb offset, which GCC
// compiled with the limbs on the machine stack: about 80 instructions a SHR (sha1_shifts).
// (x << 1) << (63 - b) is x << (64 - b) for b in 1..63 and 0 for b = 0, without a branch.
[[gnu::always_inline]] inline std::uint64_t funnel_right(std::uint64_t lo, std::uint64_t hi,
                                                         unsigned b) noexcept {
  return (lo >> b) | ((hi << 1) << (63 - b));
}
[[gnu::always_inline]] inline std::uint64_t funnel_left(std::uint64_t hi, std::uint64_t lo,
                                                        unsigned b) noexcept {
  return (hi << b) | ((lo >> 1) >> (63 - b));
}
[[gnu::always_inline]] inline uint256 shr_words(const uint256& x, std::uint64_t shift) noexcept {
  const unsigned b = shift % 64;
  const std::uint64_t x0 = x.limb(0), x1 = x.limb(1), x2 = x.limb(2), x3 = x.limb(3);
  switch (shift / 64) {
    case 0:
      return uint256::from_limbs(funnel_right(x0, x1, b), funnel_right(x1, x2, b),
                                 funnel_right(x2, x3, b), x3 >> b);
    case 1:
      return uint256::from_limbs(funnel_right(x1, x2, b), funnel_right(x2, x3, b), x3 >> b, 0);
    case 2:
      return uint256::from_limbs(funnel_right(x2, x3, b), x3 >> b, 0, 0);
    case 3:
      return uint256::from_limbs(x3 >> b, 0, 0, 0);
    default:
      return {};
  }
}
[[gnu::always_inline]] inline uint256 shl_words(const uint256& x, std::uint64_t shift) noexcept {
  const unsigned b = shift % 64;
  const std::uint64_t x0 = x.limb(0), x1 = x.limb(1), x2 = x.limb(2), x3 = x.limb(3);
  switch (shift / 64) {
    case 0:
      return uint256::from_limbs(x0 << b, funnel_left(x1, x0, b), funnel_left(x2, x1, b),
                                 funnel_left(x3, x2, b));
    case 1:
      return uint256::from_limbs(0, x0 << b, funnel_left(x1, x0, b), funnel_left(x2, x1, b));
    case 2:
      return uint256::from_limbs(0, 0, x0 << b, funnel_left(x1, x0, b));
    case 3:
      return uint256::from_limbs(0, 0, 0, x0 << b);
    default:
      return {};
  }
}
// EVM SHL/SHR: the shift amount is a full word; 256 and more shift everything out.
[[gnu::always_inline]] inline uint256 shr_word(const uint256& shift, const uint256& x) noexcept {
  return fits_uint64(shift) ? shr_words(x, shift.limb(0)) : uint256{};
}
[[gnu::always_inline]] inline uint256 shl_word(const uint256& shift, const uint256& x) noexcept {
  return fits_uint64(shift) ? shl_words(x, shift.limb(0)) : uint256{};
}

}  // namespace plexus::evm
