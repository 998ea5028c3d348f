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
using curves::Jacobian;
using curves::Limbs;
using curve::Fq;
using curve::Fq2;
using curve::G1;
using curve::G2;

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

// [k]P for a secret k: 64 fixed 4-bit windows, the table entry picked by MaskedTable and an
// addition in every window. The addition itself still branches when the picked entry is
// infinity (a zero window), so this is not constant time.
template <class F>
Jacobian<F> mul_secret(const Jacobian<F>& p, const Limbs<4>& k) {
  MaskedTable<F> table;
  Jacobian<F> entry;  // infinity
  for (std::size_t i = 0; i < 16; ++i) {
    table.set(i, entry);
    entry = entry + p;
  }
  Jacobian<F> acc;
  for (std::size_t w = 64; w-- > 0;) {
    acc = acc.dbl().dbl().dbl().dbl();
    acc = acc + table.pick((k[w / 16] >> (4 * (w % 16))) & 0xf);
  }
  return acc;
}

// [k]P for a secret k and P in G2, by the endomorphism psi (Galbraith-Lin-Scott): psi acts on G2
// as [x] = [-|x|], and r < |x|^4, so with k = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 (digits below
// 2^64) and Q_(i+1) = -psi(Q_i), [k]P = sum d_i Q_i: 64 doublings and 64 additions of the joint
// table of the 16 sums of the Q_i (bit j of every digit picks the entry), instead of 256
// doublings. Same timing caveat as mul_secret.
inline Jacobian<Fq2> mul_secret_g2(const Jacobian<Fq2>& p, const Limbs<4>& k) {
  constexpr std::uint64_t kAbsX = 0xd201000000010000;
  std::array<std::uint64_t, 4> digits{};
  Limbs<4> rest = k;
  for (std::uint64_t& d : digits) {  // rest = rest / |x|, d = rest mod |x|
    curves::u128 rem = 0;
    for (std::size_t i = 4; i-- > 0;) {
      const curves::u128 cur = (rem << 64) | rest[i];
      rest[i] = static_cast<std::uint64_t>(cur / kAbsX);
      rem = cur % kAbsX;
    }
    d = static_cast<std::uint64_t>(rem);
  }
  std::array<Jacobian<Fq2>, 4> q{p};
  for (std::size_t i = 1; i < 4; ++i) q[i] = -curve::psi(q[i - 1]);
  MaskedTable<Fq2> table;
  std::array<Jacobian<Fq2>, 16> sums;  // sums[m] = sum of q[i] for the bits i of m
  for (std::size_t m = 1; m < 16; ++m) {
    const std::size_t low = static_cast<std::size_t>(std::countr_zero(m));
    sums[m] = sums[m & (m - 1)] + q[low];
  }
  for (std::size_t m = 0; m < 16; ++m) table.set(m, sums[m]);
  Jacobian<Fq2> acc;
  for (std::size_t j = 64; j-- > 0;) {
    acc = acc.dbl();
    std::uint64_t index = 0;
    for (std::size_t i = 0; i < 4; ++i) index |= ((digits[i] >> j) & 1) << i;
    acc = acc + table.pick(index);
  }
  return acc;
}

}  // namespace plexus::bls
