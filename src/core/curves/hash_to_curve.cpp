// RFC 9380 expand_message_xmd (SHA-256), hash_to_field and the hash_to_curve / encode_to_curve
// compositions for BLS12-381 G1 and G2.
#include "core/curves/hash_to_curve.hpp"

#include <algorithm>
#include <string_view>

#include "core/hash.hpp"

namespace plexus::curves::bls12_381 {
namespace {

constexpr std::size_t kHashBytes = 32;   // b_in_bytes of SHA-256
constexpr std::size_t kBlockBytes = 64;  // s_in_bytes of SHA-256
constexpr std::size_t kFieldBytes = 64;  // L = ceil((ceil(log2 p) + k) / 8), k = 128

// An element of Fq from 64 big-endian bytes, reduced: hi * 2^256 + lo with both halves below p.
Fq reduce_64(const Byte* in) {
  constexpr Fq kTwoTo256 = Fq::from_limbs(Limbs<6>{0, 0, 0, 0, 1, 0});
  return *Fq::from_be(in, 32) * kTwoTo256 + *Fq::from_be(in + 32, 32);
}

template <class F, std::size_t M>
std::vector<F> hash_to_field(BytesView msg, BytesView dst, std::size_t count,
                             F (*make)(const Byte*)) {
  const Bytes uniform = expand_message_xmd(msg, dst, count * M * kFieldBytes).value();
  std::vector<F> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(make(uniform.data() + i * M * kFieldBytes));
  return out;
}

Fq make_fq(const Byte* in) { return reduce_64(in); }
Fq2 make_fq2(const Byte* in) { return {reduce_64(in), reduce_64(in + kFieldBytes)}; }

}  // namespace

Result<Bytes> expand_message_xmd(BytesView msg, BytesView dst, std::size_t len) {
  const std::size_t ell = (len + kHashBytes - 1) / kHashBytes;
  if (ell > 255 || len > 65535)
    return fail(Errc::kInvalidArgument, "expand_message_xmd: output too long");
  Hash256 oversize;
  if (dst.size() > 255) {
    constexpr std::string_view kPrefix = "H2C-OVERSIZE-DST-";
    Bytes buf(kPrefix.begin(), kPrefix.end());
    buf.insert(buf.end(), dst.begin(), dst.end());
    oversize = sha256(buf);
    dst = oversize.view();
  }
  Bytes dst_prime(dst.begin(), dst.end());
  dst_prime.push_back(static_cast<Byte>(dst.size()));

  // b_0 = H(Z_pad || msg || I2OSP(len, 2) || I2OSP(0, 1) || DST_prime)
  Bytes buf(kBlockBytes, 0);
  buf.insert(buf.end(), msg.begin(), msg.end());
  buf.push_back(static_cast<Byte>(len >> 8));
  buf.push_back(static_cast<Byte>(len));
  buf.push_back(0);
  buf.insert(buf.end(), dst_prime.begin(), dst_prime.end());
  const Hash256 b0 = sha256(buf);

  // b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime), b_1 = H(b_0 || 1 || DST_prime)
  Bytes out;
  Hash256 prev{};
  for (std::size_t i = 1; i <= ell; ++i) {
    buf.assign(kHashBytes, 0);
    for (std::size_t j = 0; j < kHashBytes; ++j) buf[j] = b0[j] ^ prev[j];
    buf.push_back(static_cast<Byte>(i));
    buf.insert(buf.end(), dst_prime.begin(), dst_prime.end());
    prev = sha256(buf);
    out.insert(out.end(), prev.bytes.begin(), prev.bytes.end());
  }
  out.resize(len);
  return out;
}

std::vector<Fq> hash_to_fq(BytesView msg, BytesView dst, std::size_t count) {
  return hash_to_field<Fq, 1>(msg, dst, count, make_fq);
}
std::vector<Fq2> hash_to_fq2(BytesView msg, BytesView dst, std::size_t count) {
  return hash_to_field<Fq2, 2>(msg, dst, count, make_fq2);
}

G1 hash_to_g1(BytesView msg, BytesView dst) {
  const std::vector<Fq> u = hash_to_fq(msg, dst, 2);
  return clear_cofactor_g1(map_to_curve_g1_jacobian(u[0]) + map_to_curve_g1_jacobian(u[1]))
      .to_affine();
}
G1 encode_to_g1(BytesView msg, BytesView dst) {
  return clear_cofactor_g1(map_to_curve_g1_jacobian(hash_to_fq(msg, dst, 1)[0])).to_affine();
}
G2 hash_to_g2(BytesView msg, BytesView dst) {
  const std::vector<Fq2> u = hash_to_fq2(msg, dst, 2);
  return clear_cofactor_g2(map_to_curve_g2_jacobian(u[0]) + map_to_curve_g2_jacobian(u[1]))
      .to_affine();
}
G2 encode_to_g2(BytesView msg, BytesView dst) {
  return clear_cofactor_g2(map_to_curve_g2_jacobian(hash_to_fq2(msg, dst, 1)[0])).to_affine();
}

}  // namespace plexus::curves::bls12_381
