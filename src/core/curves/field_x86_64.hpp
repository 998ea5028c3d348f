#pragma once
// x86-64 assembly for the 6-limb (BLS12-381) prime field of field.hpp: Montgomery multiplication
// with MULX/ADCX/ADOX, and modular addition and subtraction in registers. field.hpp calls these
// at run time (constant evaluation keeps the portable code) and falls back to its portable code
// when the CPU lacks BMI2/ADX or the target is not x86-64. Written for this project from the
// instruction set manuals; the generic algorithm is the one of field.hpp.
// Internal header: only field.hpp includes it.
#include <array>
#include <cstdint>

// The assembly uses every general register; AddressSanitizer's instrumentation keeps some for
// itself, and clang then cannot allocate the operands (scripts/fuzz.sh builds with it), so
// sanitized builds take field.hpp's portable code.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLEXUS_SANITIZED_ADDRESS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PLEXUS_SANITIZED_ADDRESS 1
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(PLEXUS_SANITIZED_ADDRESS)
#define PLEXUS_FIELD_X86_64_ASM 1
#endif

namespace plexus::curves {

using Limbs6 = std::array<std::uint64_t, 6>;

#if defined(PLEXUS_FIELD_X86_64_ASM)
// True when the CPU has MULX (BMI2) and ADCX/ADOX (ADX), which the 6-limb Montgomery
// multiplication below needs; checked once.
inline bool cpu_has_mulx_adx() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
  }();
  return has;
}

// a * b / 2^384 mod p (result < 2p) for 6-limb moduli: CIOS with MULX and the two carry chains
// of ADCX (carry flag) and ADOX (overflow flag), fully unrolled; the running value rotates
// through seven registers instead of being shifted. inv = -p^-1 mod 2^64.
inline Limbs6 mont_mul_6_mulx(const Limbs6& a, const Limbs6& b, const Limbs6& p,
                              const std::uint64_t& inv) {
  std::uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, lo, hi, rdx;
  asm("xorq %[t0], %[t0]\n\t"
      "xorq %[t1], %[t1]\n\t"
      "xorq %[t2], %[t2]\n\t"
      "xorq %[t3], %[t3]\n\t"
      "xorq %[t4], %[t4]\n\t"
      "xorq %[t5], %[t5]\n\t"
      "xorq %[t6], %[t6]\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "adcq $0, %[t6]\n\t"
      "movq %[t0], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "adcq $0, %[t6]\n\t"
      "xorq %[t0], %[t0]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "adcq $0, %[t0]\n\t"
      "movq %[t1], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "adcq $0, %[t0]\n\t"
      "xorq %[t1], %[t1]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "adcq $0, %[t1]\n\t"
      "movq %[t2], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "adcq $0, %[t1]\n\t"
      "xorq %[t2], %[t2]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "adcq $0, %[t2]\n\t"
      "movq %[t3], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "adcq $0, %[t2]\n\t"
      "xorq %[t3], %[t3]\n\t"
      "movq 32(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "adcq $0, %[t3]\n\t"
      "movq %[t4], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "adcq $0, %[t3]\n\t"
      "xorq %[t4], %[t4]\n\t"
      "movq 40(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq %[t5], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq 0(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t5]\n\t"
      "adoxq %[hi], %[t6]\n\t"
      "mulxq 8(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t6]\n\t"
      "adoxq %[hi], %[t0]\n\t"
      "mulxq 16(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t0]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "mulxq 24(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t1]\n\t"
      "adoxq %[hi], %[t2]\n\t"
      "mulxq 32(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t2]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "mulxq 40(%[p]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "adcq $0, %[t4]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi), "=&d"(rdx)
      : [a] "r"(a.data()), [b] "r"(b.data()), [p] "r"(p.data()), [inv] "m"(inv)
      : "cc", "memory");
  return {t6, t0, t1, t2, t3, t4};
}

// (a + b) mod p and (a - b) mod p for 6-limb moduli below 2^383 (inputs below p): add/adc or
// sub/sbb chains in registers with the reduction selected by cmov or a mask. GCC keeps the limb
// arrays of the portable code in memory and moves them through vector registers, which costs
// several times more than the arithmetic.
// The six limbs of a into the registers r0..r5 (shared by the two routines below).
#define PLEXUS_LOAD_A_6 \
  "movq 0(%[a]), %[r0]\n\t" \
  "movq 8(%[a]), %[r1]\n\t" \
  "movq 16(%[a]), %[r2]\n\t" \
  "movq 24(%[a]), %[r3]\n\t" \
  "movq 32(%[a]), %[r4]\n\t" \
  "movq 40(%[a]), %[r5]\n\t"
inline Limbs6 add_mod_6(const Limbs6& a, const Limbs6& b, const Limbs6& p) {
  Limbs6 r;
  std::uint64_t s0, s1, s2, s3, s4, s5;
  asm(
      PLEXUS_LOAD_A_6
      "addq 0(%[b]), %[r0]\n\t"
      "adcq 8(%[b]), %[r1]\n\t"
      "adcq 16(%[b]), %[r2]\n\t"
      "adcq 24(%[b]), %[r3]\n\t"
      "adcq 32(%[b]), %[r4]\n\t"
      "adcq 40(%[b]), %[r5]\n\t"
      "movq %[r0], %[s0]\n\t"
      "movq %[r1], %[s1]\n\t"
      "movq %[r2], %[s2]\n\t"
      "movq %[r3], %[s3]\n\t"
      "movq %[r4], %[s4]\n\t"
      "movq %[r5], %[s5]\n\t"
      "subq %[p0], %[s0]\n\t"
      "sbbq %[p1], %[s1]\n\t"
      "sbbq %[p2], %[s2]\n\t"
      "sbbq %[p3], %[s3]\n\t"
      "sbbq %[p4], %[s4]\n\t"
      "sbbq %[p5], %[s5]\n\t"
      "cmovncq %[s0], %[r0]\n\t"
      "cmovncq %[s1], %[r1]\n\t"
      "cmovncq %[s2], %[r2]\n\t"
      "cmovncq %[s3], %[r3]\n\t"
      "cmovncq %[s4], %[r4]\n\t"
      "cmovncq %[s5], %[r5]\n\t"
      : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]), [r4] "=&r"(r[4]), [r5] "=&r"(r[5]),
        [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [s4] "=&r"(s4), [s5] "=&r"(s5)
      : [a] "r"(a.data()), [b] "r"(b.data()), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [p4] "m"(p[4]), [p5] "m"(p[5])
      : "cc", "memory");
  return r;
}
inline Limbs6 sub_mod_6(const Limbs6& a, const Limbs6& b, const Limbs6& p) {
  Limbs6 r;
  std::uint64_t s0, s1, s2, s3, s4, s5;
  const std::uint64_t* bp = b.data();
  asm(
      PLEXUS_LOAD_A_6
      "subq 0(%[b]), %[r0]\n\t"
      "sbbq 8(%[b]), %[r1]\n\t"
      "sbbq 16(%[b]), %[r2]\n\t"
      "sbbq 24(%[b]), %[r3]\n\t"
      "sbbq 32(%[b]), %[r4]\n\t"
      "sbbq 40(%[b]), %[r5]\n\t"
      "sbbq %[b], %[b]\n\t"
      "movq %[p0], %[s0]\n\t"
      "movq %[p1], %[s1]\n\t"
      "movq %[p2], %[s2]\n\t"
      "movq %[p3], %[s3]\n\t"
      "movq %[p4], %[s4]\n\t"
      "movq %[p5], %[s5]\n\t"
      "andq %[b], %[s0]\n\t"
      "andq %[b], %[s1]\n\t"
      "andq %[b], %[s2]\n\t"
      "andq %[b], %[s3]\n\t"
      "andq %[b], %[s4]\n\t"
      "andq %[b], %[s5]\n\t"
      "addq %[s0], %[r0]\n\t"
      "adcq %[s1], %[r1]\n\t"
      "adcq %[s2], %[r2]\n\t"
      "adcq %[s3], %[r3]\n\t"
      "adcq %[s4], %[r4]\n\t"
      "adcq %[s5], %[r5]\n\t"
      : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]), [r4] "=&r"(r[4]), [r5] "=&r"(r[5]),
        [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [s4] "=&r"(s4), [s5] "=&r"(s5), [b] "+r"(bp)
      : [a] "r"(a.data()), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [p4] "m"(p[4]), [p5] "m"(p[5])
      : "cc", "memory");
  return r;
}
#undef PLEXUS_LOAD_A_6
#endif

}  // namespace plexus::curves
