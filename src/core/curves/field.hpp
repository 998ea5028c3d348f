#pragma once
// Prime-field arithmetic in Montgomery form over N 64-bit limbs, shared by the BN254 and
// BLS12-381 code. Hand-written because no Debian library implements these curves (there is no
// packaged blst, mcl, relic or libff); GMP's mpz is variable-time and allocation-heavy for the
// millions of 256/384-bit multiplications a pairing needs.
//
// Internal header: only src/core/curves/*.cpp include it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include "core/curves/field_x86_64.hpp"

namespace plexus::curves {

using u128 = unsigned __int128;

template <std::size_t N>
using Limbs = std::array<std::uint64_t, N>;  // little-endian limbs

// Parses big-endian hex (no prefix, at most 16*N digits) at compile time.
template <std::size_t N>
consteval Limbs<N> limbs_from_hex(std::string_view hex) {
  Limbs<N> out{};
  std::size_t bit = 0;
  for (std::size_t i = hex.size(); i-- > 0; bit += 4) {
    const char c = hex[i];
    const std::uint64_t d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    out[bit / 64] |= d << (bit % 64);
  }
  return out;
}

template <std::size_t N>
constexpr bool limbs_geq(const Limbs<N>& a, const Limbs<N>& b) {
  for (std::size_t i = N; i-- > 0;)
    if (a[i] != b[i]) return a[i] > b[i];
  return true;
}

// a -= b, returns the borrow. On x86-64 the carry-flag intrinsics give straight sub/sbb chains,
// where the 128-bit formulation below leaves the compiler shuffling high halves.
template <std::size_t N>
constexpr std::uint64_t limbs_sub(Limbs<N>& a, const Limbs<N>& b) {
#if defined(__x86_64__)
  if !consteval {
    unsigned char borrow = 0;
    for (std::size_t i = 0; i < N; ++i) {
      unsigned long long out;
      borrow = _subborrow_u64(borrow, a[i], b[i], &out);
      a[i] = out;
    }
    return borrow;
  }
#endif
  std::uint64_t borrow = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// a += b, returns the carry.
template <std::size_t N>
constexpr std::uint64_t limbs_add(Limbs<N>& a, const Limbs<N>& b) {
#if defined(__x86_64__)
  if !consteval {
    unsigned char carry = 0;
    for (std::size_t i = 0; i < N; ++i) {
      unsigned long long out;
      carry = _addcarry_u64(carry, a[i], b[i], &out);
      a[i] = out;
    }
    return carry;
  }
#endif
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    a[i] = static_cast<std::uint64_t>(s);
    carry = static_cast<std::uint64_t>(s >> 64);
  }
  return carry;
}

template <std::size_t N>
constexpr bool limbs_bit(const Limbs<N>& a, std::size_t i) {
  return (a[i / 64] >> (i % 64)) & 1;
}

template <std::size_t N>
constexpr std::size_t limbs_bit_length(const Limbs<N>& a) {
  for (std::size_t i = N * 64; i-- > 0;)
    if (limbs_bit(a, i)) return i + 1;
  return 0;
}

// Big-endian bytes (exactly 8*N of them) to limbs.
template <std::size_t N>
constexpr Limbs<N> limbs_from_be(const std::uint8_t* in) {
  Limbs<N> out{};
  for (std::size_t i = 0; i < 8 * N; ++i)
    out[N - 1 - i / 8] |= static_cast<std::uint64_t>(in[i]) << (8 * (7 - i % 8));
  return out;
}

// Repeated squaring driven by the bits of an exponent, for any type with mul/sqr and one().
template <class T, std::size_t M>
constexpr T pow_limbs(const T& base, const Limbs<M>& exp) {
  T acc = T::one();
  for (std::size_t i = limbs_bit_length(exp); i-- > 0;) {
    acc = acc.sqr();
    if (limbs_bit(exp, i)) acc = acc * base;
  }
  return acc;
}


// Params: static constexpr std::size_t kN; static constexpr Limbs<kN> kModulus. The modulus must
// leave the top bit of the top limb clear (true for both curves), so sums never overflow N limbs.
template <class Params>
class Fp {
 public:
  static constexpr std::size_t kN = Params::kN;
  static constexpr std::size_t kBytes = 8 * kN;
  static constexpr Limbs<kN> kP = Params::kModulus;

  constexpr Fp() = default;

  static constexpr Fp zero() { return Fp(); }
  static constexpr Fp one() { return from_limbs(Limbs<kN>{1}); }
  // x must be < p.
  static constexpr Fp from_limbs(const Limbs<kN>& x) { return Fp(mont_mul(x, kR2)); }
  static consteval Fp from_hex(std::string_view hex) { return from_limbs(limbs_from_hex<kN>(hex)); }
  static constexpr Fp from_u64(std::uint64_t x) { return from_limbs(Limbs<kN>{x}); }

  // `len` big-endian bytes (len <= kBytes); nullopt when the value is not below p.
  static std::optional<Fp> from_be(const std::uint8_t* in, std::size_t len) {
    std::uint8_t buf[kBytes] = {};
    for (std::size_t i = 0; i < len; ++i) buf[kBytes - len + i] = in[i];
    const Limbs<kN> x = limbs_from_be<kN>(buf);
    if (limbs_geq(x, kP)) return std::nullopt;
    return from_limbs(x);
  }
  // Writes the canonical value as `len` big-endian bytes (len >= bytes needed for p).
  void to_be(std::uint8_t* out, std::size_t len) const {
    const Limbs<kN> x = to_limbs();
    for (std::size_t i = 0; i < len; ++i) {
      const std::size_t byte = len - 1 - i;  // byte index from the least significant end
      out[i] = byte < kBytes ? static_cast<std::uint8_t>(x[byte / 8] >> (8 * (byte % 8))) : 0;
    }
  }
  constexpr Limbs<kN> to_limbs() const { return mont_mul(v_, Limbs<kN>{1}); }

  constexpr bool is_zero() const { return v_ == Limbs<kN>{}; }
  friend constexpr bool operator==(const Fp&, const Fp&) = default;

  // Addition selects its reduction with conditional moves rather than a branch (measured faster;
  // for subtraction the branch measured faster).
  friend constexpr Fp operator+(Fp a, const Fp& b) {
#if defined(PLEXUS_FIELD_X86_64_ASM)
    if constexpr (kN == 6) {
      if !consteval {
        return Fp(add_mod_6(a.v_, b.v_, kP));
      }
    }
#endif
    limbs_add(a.v_, b.v_);  // no carry out: p < 2^(64N - 1)
    reduce_once(a.v_);
    return a;
  }
  friend constexpr Fp operator-(Fp a, const Fp& b) {
#if defined(PLEXUS_FIELD_X86_64_ASM)
    if constexpr (kN == 6) {
      if !consteval {
        return Fp(sub_mod_6(a.v_, b.v_, kP));
      }
    }
#endif
    if (limbs_sub(a.v_, b.v_)) limbs_add(a.v_, kP);
    return a;
  }
  constexpr Fp operator-() const { return zero() - *this; }
  friend constexpr Fp operator*(const Fp& a, const Fp& b) { return Fp(mont_mul(a.v_, b.v_)); }
  constexpr Fp sqr() const { return *this * *this; }
  constexpr Fp dbl() const { return *this + *this; }

  // Binary extended Euclid on the Montgomery representative aR, giving (aR)^-1, then one
  // Montgomery multiplication by R^3 to reach a^-1 R. Several times faster than Fermat, and the
  // affine Miller loop inverts once per step. Not constant time: every input here is public.
  // The inverse of zero is zero (callers check for zero first).
  constexpr Fp inverse() const {
    if (is_zero()) return zero();
    Limbs<kN> u = v_, v = kP, x1{1}, x2{};
    const auto halve = [](Limbs<kN>& a, Limbs<kN>& x) {
      while (!(a[0] & 1)) {
        a = shifted_right(a, 1);
        if (x[0] & 1) limbs_add(x, kP);  // p < 2^(64N - 1): no carry out
        x = shifted_right(x, 1);
      }
    };
    const Limbs<kN> one{1};
    while (u != one && v != one) {
      halve(u, x1);
      halve(v, x2);
      if (limbs_geq(u, v)) {
        limbs_sub(u, v);
        if (limbs_sub(x1, x2)) limbs_add(x1, kP);
      } else {
        limbs_sub(v, u);
        if (limbs_sub(x2, x1)) limbs_add(x2, kP);
      }
    }
    return Fp(mont_mul(u == one ? x1 : x2, kR3));
  }
  // Square root for p = 3 mod 4 (both curves); nullopt for a non-residue.
  std::optional<Fp> sqrt() const {
    const Fp r = pow_limbs(*this, kSqrtExp);
    if (r.sqr() != *this) return std::nullopt;
    return r;
  }
  // True when the canonical value is greater than (p-1)/2, i.e. greater than its negation.
  bool is_lexicographically_largest() const {
    return limbs_geq(to_limbs(), kHalfPPlus1);
  }

 private:
  constexpr explicit Fp(const Limbs<kN>& v) : v_(v) {}

  static constexpr std::uint64_t compute_inv() {  // -p^-1 mod 2^64 by Newton iteration
    std::uint64_t x = 1;
    for (int i = 0; i < 7; ++i) x *= 2 - kP[0] * x;
    return ~x + 1;
  }
  static constexpr Limbs<kN> compute_r2() {  // 2^(128 N) mod p by doubling
    Limbs<kN> x{1};
    for (std::size_t i = 0; i < 128 * kN; ++i) {
      limbs_add(x, x);
      if (limbs_geq(x, kP)) limbs_sub(x, kP);
    }
    return x;
  }
  static constexpr Limbs<kN> p_minus(std::uint64_t k) {
    Limbs<kN> x = kP;
    limbs_sub(x, Limbs<kN>{k});
    return x;
  }
  static constexpr Limbs<kN> shifted_right(Limbs<kN> x, unsigned s) {
    for (std::size_t i = 0; i < kN; ++i)
      x[i] = (x[i] >> s) | (i + 1 < kN ? x[i + 1] << (64 - s) : 0);
    return x;
  }
  static constexpr Limbs<kN> sqrt_exp() {  // (p + 1) / 4
    Limbs<kN> x = kP;
    limbs_add(x, Limbs<kN>{1});
    return shifted_right(x, 2);
  }
  static constexpr Limbs<kN> half_p_plus_1() {  // (p - 1) / 2 + 1
    Limbs<kN> x = shifted_right(p_minus(1), 1);
    limbs_add(x, Limbs<kN>{1});
    return x;
  }

  // Coarsely integrated operand scanning Montgomery multiplication a*b/2^(64N) mod p, in the
  // "no-carry" form valid when the top limb of p is below 2^63 - 1 (both curves): the running
  // value then fits N limbs and the two carry chains of each row merge into the top limb
  // (the observation of the gnark authors, "Faster big-integer modular multiplication for most
  // moduli"). The loops have constant bounds, so the compiler unrolls them.
  static constexpr Limbs<kN> mont_mul(const Limbs<kN>& a, const Limbs<kN>& b) {
    static_assert(kP[kN - 1] < 0x7ffffffffffffffe, "no-carry Montgomery needs a spare top bit");
#if defined(PLEXUS_FIELD_X86_64_ASM)
    if constexpr (kN == 6) {
      if !consteval {
        if (cpu_has_mulx_adx()) {
          Limbs<kN> r = mont_mul_6_mulx(a, b, kP, kInvStorage);
          reduce_once(r);
          return r;
        }
      }
    }
#endif
    Limbs<kN> t{};
#pragma GCC unroll 8
    for (std::size_t i = 0; i < kN; ++i) {
      u128 s = static_cast<u128>(a[0]) * b[i] + t[0];
      std::uint64_t carry_a = static_cast<std::uint64_t>(s >> 64);
      const std::uint64_t t0 = static_cast<std::uint64_t>(s);
      const std::uint64_t m = t0 * kInv;
      std::uint64_t carry_c =
          static_cast<std::uint64_t>((static_cast<u128>(m) * kP[0] + t0) >> 64);
#pragma GCC unroll 8
      for (std::size_t j = 1; j < kN; ++j) {
        s = static_cast<u128>(a[j]) * b[i] + t[j] + carry_a;
        carry_a = static_cast<std::uint64_t>(s >> 64);
        s = static_cast<u128>(m) * kP[j] + static_cast<std::uint64_t>(s) + carry_c;
        carry_c = static_cast<std::uint64_t>(s >> 64);
        t[j - 1] = static_cast<std::uint64_t>(s);
      }
      t[kN - 1] = carry_c + carry_a;
    }
    reduce_once(t);
    return t;
  }
  // x - p if x >= p (x < 2p).
  static constexpr void reduce_once(Limbs<kN>& x) {
    Limbs<kN> reduced = x;
    const bool keep = limbs_sub(reduced, kP);  // borrow: x < p
    for (std::size_t i = 0; i < kN; ++i) x[i] = keep ? x[i] : reduced[i];  // cmov
  }

  static constexpr std::uint64_t kInv = compute_inv();
  static constexpr std::uint64_t kInvStorage = kInv;  // an lvalue for the assembly's operand
  static constexpr Limbs<kN> kR2 = compute_r2();
  static constexpr Limbs<kN> kR3 = mont_mul(kR2, kR2);
  static constexpr Limbs<kN> kSqrtExp = sqrt_exp();
  static constexpr Limbs<kN> kHalfPPlus1 = half_p_plus_1();

  Limbs<kN> v_{};
};

}  // namespace plexus::curves
