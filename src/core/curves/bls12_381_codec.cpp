// BLS12-381 compressed point encodings (the ZCash serialization used by Ethereum and by
// core/bls): see decompress_g1 in bls12_381.hpp for the flag bits.
#include <algorithm>

#include "core/curves/bls12_381.hpp"

namespace plexus::curves::bls12_381 {
namespace {

constexpr Byte kCompressedFlag = 0x80;
constexpr Byte kInfinityFlag = 0x40;
constexpr Byte kSignFlag = 0x20;
constexpr std::size_t kFqBytes = 48;

struct Header {
  bool infinity = false;
  bool sign = false;
};

// Reads the flags of an n-byte encoding; accepts infinity only in its one canonical form.
Result<Header> read_header(const Byte* in, std::size_t n, const char* group) {
  const Byte flags = in[0];
  if (!(flags & kCompressedFlag))
    return fail(Errc::kValidation, std::string("bls12-381: ") + group + " point is not compressed");
  const Header h{(flags & kInfinityFlag) != 0, (flags & kSignFlag) != 0};
  if (h.infinity && (h.sign || (in[0] & 0x1f) != 0 ||
                     std::any_of(in + 1, in + n, [](Byte b) { return b != 0; })))
    return fail(Errc::kValidation, std::string("bls12-381: non-canonical ") + group + " infinity");
  return h;
}

// A coordinate below p from 48 big-endian bytes, the flag bits (in the first byte only) cleared.
Result<Fq> read_fq(const Byte* in, bool has_flags, const char* group) {
  std::array<Byte, kFqBytes> bytes;
  std::copy_n(in, kFqBytes, bytes.begin());
  if (has_flags) bytes[0] &= 0x1f;
  const auto x = Fq::from_be(bytes.data(), kFqBytes);
  if (!x)
    return fail(Errc::kValidation,
                std::string("bls12-381: ") + group + " coordinate not below the modulus");
  return *x;
}

void write_flags(Byte* out, bool infinity, bool sign) {
  out[0] |= kCompressedFlag | (infinity ? kInfinityFlag : 0) | (sign ? kSignFlag : 0);
}

}  // namespace

Result<G1> decompress_g1(const Byte* in) {
  PLEXUS_TRY(const Header h, read_header(in, kG1CompressedBytes, "G1"));
  if (h.infinity) return G1{};
  PLEXUS_TRY(const Fq x, read_fq(in, true, "G1"));
  const auto y = (x.sqr() * x + kB).sqrt();
  if (!y) return fail(Errc::kValidation, "bls12-381: G1 x coordinate not on the curve");
  const G1 p{x, y->is_lexicographically_largest() == h.sign ? *y : -*y, false};
  // G1 has cofactor > 1; only the order-r subgroup is valid.
  if (!in_g1(p)) return fail(Errc::kValidation, "bls12-381: G1 point not in the order-r subgroup");
  return p;
}

Result<G2> decompress_g2(const Byte* in) {
  PLEXUS_TRY(const Header h, read_header(in, kG2CompressedBytes, "G2"));
  if (h.infinity) return G2{};
  PLEXUS_TRY(const Fq x1, read_fq(in, true, "G2"));
  PLEXUS_TRY(const Fq x0, read_fq(in + kFqBytes, false, "G2"));
  const Fq2 x{x0, x1};
  const auto y = sqrt(x.sqr() * x + kTwistB);
  if (!y) return fail(Errc::kValidation, "bls12-381: G2 x coordinate not on the curve");
  const G2 p{x, is_lexicographically_largest(*y) == h.sign ? *y : -*y, false};
  if (!in_g2(p)) return fail(Errc::kValidation, "bls12-381: G2 point not in the order-r subgroup");
  return p;
}

void compress_g1(const G1& p, Byte* out) {
  std::fill_n(out, kG1CompressedBytes, Byte{0});
  if (!p.infinity) p.x.to_be(out, kFqBytes);
  write_flags(out, p.infinity, !p.infinity && p.y.is_lexicographically_largest());
}

void compress_g2(const G2& p, Byte* out) {
  std::fill_n(out, kG2CompressedBytes, Byte{0});
  if (!p.infinity) {
    p.x.c1.to_be(out, kFqBytes);
    p.x.c0.to_be(out + kFqBytes, kFqBytes);
  }
  write_flags(out, p.infinity, !p.infinity && is_lexicographically_largest(p.y));
}

}  // namespace plexus::curves::bls12_381
