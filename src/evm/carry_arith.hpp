#pragma once
// ADD and SUB for the dispatch loop as explicit add-with-carry chains. The generic uint256
// operators carry through an unsigned __int128; inside the large dispatch function GCC keeps
// those 128-bit temporaries on the machine stack, so every ADD went through several
// store/reload round trips (about half the time of the memory micro-benchmarks' ADD-based
// loops, measured). The _addcarry_u64/_subborrow_u64 intrinsics were better but still not
// enough: GCC 12 gives their pointer outputs stack slots, a store and a reload per limb
// (structarray_alloc's profile). On x86-64 the chain is therefore four add/adc (sub/sbb)
// instructions on registers; the results are identical, other targets use the generic operators.
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

}  // namespace plexus::evm
