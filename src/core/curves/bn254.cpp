// EIP-196 addition and scalar multiplication on BN254 G1.
#include <algorithm>

#include "core/curves/bn254.hpp"
#include "core/curves/bn254_codec.hpp"
#include "core/curves/precompiles.hpp"

namespace plexus::curves {
namespace {

using bn254::G1;
using bn254::Fq;

// Copies the input into a 128-byte buffer, zero-padded on the right or truncated (EIP-196).
std::array<Byte, 128> padded(BytesView input) {
  std::array<Byte, 128> buf{};
  std::copy_n(input.begin(), std::min(input.size(), buf.size()), buf.begin());
  return buf;
}

Bytes encode(const Jacobian<Fq>& p) {
  Bytes out(64, 0);
  const G1 a = p.to_affine();
  if (!a.infinity) {
    a.x.to_be(out.data(), 32);
    a.y.to_be(out.data() + 32, 32);
  }
  return out;
}

}  // namespace

Result<Bytes> bn254_add(BytesView input) {
  const auto buf = padded(input);
  PLEXUS_TRY(const G1 a, bn254::decode_g1(buf.data()));
  PLEXUS_TRY(const G1 b, bn254::decode_g1(buf.data() + 64));
  return encode(Jacobian<Fq>::from(a) + Jacobian<Fq>::from(b));
}

Result<Bytes> bn254_mul(BytesView input) {
  const auto buf = padded(input);
  PLEXUS_TRY(const G1 a, bn254::decode_g1(buf.data()));
  const Limbs<4> k = limbs_from_be<4>(buf.data() + 64);
  return encode(Jacobian<Fq>::from(a).mul(k));
}

}  // namespace plexus::curves
