#pragma once
// Between the public types of bls.hpp and the curve code's points, and the scalar multiplication
// used with secret scalars. Internal header: src/core/bls/*.cpp only.
#include <bit>
#include <cstring>
#include <type_traits>

#include "core/bls/bls.hpp"
#include "core/curves/bls12_381.hpp"

namespace plexus::bls {

namespace curve = curves::bls12_381;
using curve::Fq;
using curve::Fq2;
using curve::G1;
using curve::G2;
using curves::Jacobian;
using curves::Limbs;

namespace detail {

struct Access {
  template <class Point, std::size_t N>
  static Point load(const std::array<std::byte, N>& storage) {
    static_assert(sizeof(Point) <= N && std::is_trivially_copyable_v<Point>);
    Point p;
    std::memcpy(&p, storage.data(), sizeof(Point));
    return p;
  }
  template <class Point, std::size_t N>
  static void store(const Point& p, std::array<std::byte, N>& storage) {
    static_assert(sizeof(Point) <= N && std::is_trivially_copyable_v<Point>);
    std::memcpy(storage.data(), &p, sizeof(Point));
  }

  static G1 point(const PublicKey& pk) { return load<G1>(pk.point_); }
  static G2 point(const Signature& sig) { return load<G2>(sig.point_); }
  // From points already known to be valid (in the subgroup; for keys, not infinity).
  static PublicKey make_public_key(const G1& p) {
    PublicKey pk;
    curve::compress_g1(p, pk.bytes_.data());
    store(p, pk.point_);
    return pk;
  }
  static Signature make_signature(const G2& p) {
    Signature sig;
    curve::compress_g2(p, sig.bytes_.data());
    store(p, sig.point_);
    return sig;
  }
  static const Limbs<4>& scalar(const SecretKey& sk) { return sk.scalar_; }
  static SecretKey make_secret_key(const Limbs<4>& scalar) {
    SecretKey sk;
    sk.scalar_ = scalar;
    return sk;
  }
};

}  // namespace detail

// Tables of 16 points read without a secret-dependent address: every entry is read and the
// wanted one kept by masking.
template <class F>
class MaskedTable {
 public:
  using Words = std::array<std::uint64_t, sizeof(Jacobian<F>) / 8>;
  static_assert(sizeof(Jacobian<F>) % 8 == 0 && std::is_trivially_copyable_v<Jacobian<F>>);

  void set(std::size_t i, const Jacobian<F>& p) { words_[i] = std::bit_cast<Words>(p); }
  Jacobian<F> pick(std::uint64_t index) const {
    Words out{};
    for (std::uint64_t i = 0; i < words_.size(); ++i) {
      const std::uint64_t mask = 0 - static_cast<std::uint64_t>(i == index);
      for (std::size_t j = 0; j < out.size(); ++j) out[j] |= words_[i][j] & mask;
    }
    return std::bit_cast<Jacobian<F>>(out);
  }

 private:
  std::array<Words, 16> words_{};
};

// Secret scalars (signing, a key's public key) are multiplied without a branch or a memory
// address that depends on them: the table reads above, the additions and doublings below, the
// digit split of mul_secret_g2, and the inversion that makes the result affine. The field
// arithmetic under them (curves/field_x86_64.hpp) is branch-free on x86-64. What remains is the
// doubling case of an addition, taken on a flag that a secret scalar's running sum sets with
// probability about 2^-250 per step.

// All-ones when every word of `v` is zero, else zero, without a branch.
template <class T>
std::uint64_t zero_mask(const T& v) {
  static_assert(sizeof(T) % 8 == 0 && std::is_trivially_copyable_v<T>);
  const auto words = std::bit_cast<std::array<std::uint64_t, sizeof(T) / 8>>(v);
  std::uint64_t any = 0;
  for (const std::uint64_t w : words) any |= w;
  return ((any | (0 - any)) >> 63) - 1;
}

// `mask` all-ones picks a, zero picks b.
template <class T>
T select(std::uint64_t mask, const T& a, const T& b) {
  using Words = std::array<std::uint64_t, sizeof(T) / 8>;
  const auto wa = std::bit_cast<Words>(a);
  const auto wb = std::bit_cast<Words>(b);
  Words out;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (wa[i] & mask) | (wb[i] & ~mask);
  return std::bit_cast<T>(out);
}

// 2P by the formula of Jacobian::dbl without its infinity check (infinity, z = 0, comes out with
// z = 0 all the same).
template <class F>
Jacobian<F> dbl_secret(const Jacobian<F>& p) {
  const F a = p.x.sqr();
  const F b = p.y.sqr();
  const F c = b.sqr();
  const F d = ((p.x + b).sqr() - a - c).dbl();
  const F e = a.dbl() + a;
  const F x3 = e.sqr() - d.dbl();
  const F c8 = c.dbl().dbl().dbl();
  return {x3, e * (d - x3) - c8, (p.y * p.z).dbl()};
}

// p + q by the formula of Jacobian's operator+, computed whatever the operands, with the
// infinity cases selected by mask rather than branched on. (The generic operator keeps its
// early returns: the pairing and the precompiles add public points, and the curve code's
// inlining was measured slower with a shared formula.) h = 0 with r != 0 is p = -q, where the
// formula's z is already 0.
template <class F>
Jacobian<F> add_secret(const Jacobian<F>& p, const Jacobian<F>& q) {
  const F z1z1 = p.z.sqr();
  const F z2z2 = q.z.sqr();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * z2z2 * q.z;
  const F s2 = q.y * z1z1 * p.z;
  const F h = u2 - u1;
  const F r = s2 - s1;
  const F hh = h.sqr();
  const F hhh = hh * h;
  const F v = u1 * hh;
  const F x3 = r.sqr() - hhh - v.dbl();
  const Jacobian<F> sum{x3, r * (v - x3) - s1 * hhh, p.z * q.z * h};
  const std::uint64_t p_infinity = zero_mask(p.z);
  const std::uint64_t q_infinity = zero_mask(q.z);
  Jacobian<F> out = select(q_infinity, p, sum);
  out = select(p_infinity, q, out);
  const std::uint64_t equal = zero_mask(h) & zero_mask(r) & ~p_infinity & ~q_infinity;
  if (equal != 0) out = p.dbl();  // p = q: see above
  return out;
}

// A random non-zero element of Fq (47 random bytes: below q), or of Fq2.
Fq random_fq();
template <class F>
F random_nonzero();
template <>
inline Fq random_nonzero<Fq>() {
  return random_fq();
}
template <>
inline Fq2 random_nonzero<Fq2>() {
  return {random_fq(), random_fq()};
}

// The affine form of a point that came from a secret scalar: z is blinded by a random factor
// before the (variable-time) inversion, so what the inversion's timing depends on is random.
template <class F>
curves::Affine<F> to_affine_secret(const Jacobian<F>& p) {
  if (p.is_infinity()) return {};  // only for a zero scalar, which no secret key is
  const F blind = random_nonzero<F>();
  const F zi = (p.z * blind).inverse() * blind;
  const F zi2 = zi.sqr();
  return {p.x * zi2, p.y * zi2 * zi, false};
}

// [k]P for a secret k: 64 fixed 4-bit windows, the table entry picked by MaskedTable and an
// addition in every window.
template <class F>
Jacobian<F> mul_secret(const Jacobian<F>& p, const Limbs<4>& k) {
  MaskedTable<F> table;
  Jacobian<F> entry;  // infinity
  for (std::size_t i = 0; i < 16; ++i) {
    table.set(i, entry);
    entry = entry + p;  // multiples of the public point
  }
  Jacobian<F> acc;
  for (std::size_t w = 64; w-- > 0;) {
    acc = dbl_secret(dbl_secret(dbl_secret(dbl_secret(acc))));
    acc = add_secret(acc, table.pick((k[w / 16] >> (4 * (w % 16))) & 0xf));
  }
  return acc;
}

// k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 with digits below |x|, by long division one bit at a
// time with masked subtraction (a divide instruction's time depends on its operands).
inline std::array<std::uint64_t, 4> x_digits(const Limbs<4>& k) {
  constexpr std::uint64_t kAbsX = 0xd201000000010000;
  std::array<std::uint64_t, 4> digits{};
  Limbs<4> rest = k;
  for (std::uint64_t& d : digits) {  // rest = rest / |x|, d = rest mod |x|
    curves::u128 rem = 0;
    Limbs<4> quotient{};
    for (std::size_t bit = 256; bit-- > 0;) {
      rem = (rem << 1) | ((rest[bit / 64] >> (bit % 64)) & 1);  // rem < 2 |x| < 2^65
      const curves::u128 less = rem - kAbsX;
      const std::uint64_t fits = 1 - static_cast<std::uint64_t>(less >> 127);  // rem >= |x|
      const curves::u128 mask = 0 - static_cast<curves::u128>(fits);
      rem = (less & mask) | (rem & ~mask);
      quotient[bit / 64] |= fits << (bit % 64);
    }
    rest = quotient;
    d = static_cast<std::uint64_t>(rem);
  }
  return digits;
}

// [k]P for a secret k and P in G2, by the endomorphism psi (Galbraith-Lin-Scott): psi acts on G2
// as [x] = [-|x|], and r < |x|^4, so with k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 (digits below
// 2^64) and Q_(i+1) = -psi(Q_i), [k]P = sum d_i Q_i: 64 doublings and 64 additions of the joint
// table of the 16 sums of the Q_i (bit j of every digit picks the entry), instead of 256
// doublings.
inline Jacobian<Fq2> mul_secret_g2(const Jacobian<Fq2>& p, const Limbs<4>& k) {
  const std::array<std::uint64_t, 4> digits = x_digits(k);
  std::array<Jacobian<Fq2>, 4> q{p};
  for (std::size_t i = 1; i < 4; ++i) q[i] = -curve::psi(q[i - 1]);
  MaskedTable<Fq2> table;
  std::array<Jacobian<Fq2>, 16> sums;  // sums[m] = sum of q[i] for the bits i of m
  for (std::size_t m = 1; m < 16; ++m) {
    const std::size_t low = static_cast<std::size_t>(std::countr_zero(m));
    sums[m] = sums[m & (m - 1)] + q[low];  // sums of the public point's images
  }
  for (std::size_t m = 0; m < 16; ++m) table.set(m, sums[m]);
  Jacobian<Fq2> acc;
  for (std::size_t j = 64; j-- > 0;) {
    acc = dbl_secret(acc);
    std::uint64_t index = 0;
    for (std::size_t i = 0; i < 4; ++i) index |= ((digits[i] >> j) & 1) << i;
    acc = add_secret(acc, table.pick(index));
  }
  return acc;
}

}  // namespace plexus::bls
