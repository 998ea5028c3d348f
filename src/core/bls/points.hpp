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

// [k]P for a secret k: 64 fixed 4-bit windows, the table entry picked by reading every entry
// (no secret-indexed load) and an addition in every window. The addition itself still branches
// when the picked entry is infinity (a zero window), so this is not constant time.
template <class F>
Jacobian<F> mul_secret(const Jacobian<F>& p, const Limbs<4>& k) {
  using Words = std::array<std::uint64_t, sizeof(Jacobian<F>) / 8>;
  static_assert(sizeof(Jacobian<F>) % 8 == 0 && std::is_trivially_copyable_v<Jacobian<F>>);
  std::array<Words, 16> table;
  Jacobian<F> entry;  // infinity
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = std::bit_cast<Words>(entry);
    entry = entry + p;
  }
  Jacobian<F> acc;
  for (std::size_t w = 64; w-- > 0;) {
    acc = acc.dbl().dbl().dbl().dbl();
    const std::uint64_t nibble = (k[w / 16] >> (4 * (w % 16))) & 0xf;
    Words pick{};
    for (std::uint64_t i = 0; i < table.size(); ++i) {
      const std::uint64_t mask = 0 - static_cast<std::uint64_t>(i == nibble);
      for (std::size_t j = 0; j < pick.size(); ++j) pick[j] |= table[i][j] & mask;
    }
    acc = acc + std::bit_cast<Jacobian<F>>(pick);
  }
  return acc;
}

}  // namespace plexus::bls
