// The EIP-2537 precompiles (Prague) on the project's BLS12-381 code. Their encoding is not the
// compressed one of bls12_381_codec.cpp: every base-field element takes 64 big-endian bytes whose
// top 16 must be zero, a point is its uncompressed (x, y) with the all-zero encoding for infinity,
// and an Fp2 element is c0 then c1. Addition accepts any point on the curve; the MSMs and the
// pairing also demand the order-r subgroup, because there the result would otherwise depend on
// how an implementation multiplies.
#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/curves/bls12_381.hpp"
#include "core/curves/hash_to_curve.hpp"
#include "core/curves/precompiles.hpp"

namespace plexus::curves {
namespace {

using namespace bls12_381;

constexpr std::size_t kFpBytes = 64;
constexpr std::size_t kPaddingBytes = 16;
constexpr std::size_t kG1Bytes = 2 * kFpBytes;
constexpr std::size_t kG2Bytes = 4 * kFpBytes;
constexpr std::size_t kScalarBytes = 32;

std::unexpected<Error> invalid(const std::string& why) {
  return fail(Errc::kValidation, "bls12-381 precompile: " + why);
}

Result<Fq> read_fp(const Byte* in) {
  if (std::any_of(in, in + kPaddingBytes, [](Byte b) { return b != 0; }))
    return invalid("a field element's top 16 bytes must be zero");
  const auto x = Fq::from_be(in + kPaddingBytes, kFpBytes - kPaddingBytes);
  if (!x) return invalid("a field element is not below the modulus");
  return *x;
}

Result<Fq2> read_fp2(const Byte* in) {
  PLEXUS_TRY(const Fq c0, read_fp(in));
  PLEXUS_TRY(const Fq c1, read_fp(in + kFpBytes));
  return Fq2{c0, c1};
}

bool all_zero(const Byte* in, std::size_t n) {
  return std::all_of(in, in + n, [](Byte b) { return b == 0; });
}

// A point of E (G1) or E' (G2); `subgroup` adds the order-r membership test.
template <class F, class ReadFn>
Result<Affine<F>> read_point(const Byte* in, std::size_t size, const F& b, ReadFn read,
                             bool subgroup, const char* group) {
  if (all_zero(in, size)) return Affine<F>{};
  PLEXUS_TRY(const F x, read(in));
  PLEXUS_TRY(const F y, read(in + size / 2));
  const Affine<F> p{x, y, false};
  if (!p.on_curve(b)) return invalid(std::string(group) + " point is not on the curve");
  if (subgroup) {
    bool in_group = false;
    if constexpr (std::is_same_v<F, Fq>)
      in_group = in_g1(p);
    else
      in_group = in_g2(p);
    if (!in_group) return invalid(std::string(group) + " point is not in the order-r subgroup");
  }
  return p;
}

Result<G1> read_g1(const Byte* in, bool subgroup) {
  return read_point<Fq>(in, kG1Bytes, kB, read_fp, subgroup, "G1");
}
Result<G2> read_g2(const Byte* in, bool subgroup) {
  return read_point<Fq2>(in, kG2Bytes, kTwistB, read_fp2, subgroup, "G2");
}

void write_fp(const Fq& x, Byte* out) { x.to_be(out + kPaddingBytes, kFpBytes - kPaddingBytes); }
void write_fp(const Fq2& x, Byte* out) {
  write_fp(x.c0, out);
  write_fp(x.c1, out + kFpBytes);
}

template <class F>
Bytes write_point(const Jacobian<F>& p) {
  constexpr std::size_t kCoordinate = std::is_same_v<F, Fq> ? kFpBytes : 2 * kFpBytes;
  Bytes out(2 * kCoordinate, 0);
  const Affine<F> a = p.to_affine();
  if (!a.infinity) {
    write_fp(a.x, out.data());
    write_fp(a.y, out.data() + kCoordinate);
  }
  return out;
}

template <class F, class ReadFn>
Result<Bytes> add(BytesView input, std::size_t point_size, ReadFn read) {
  if (input.size() != 2 * point_size) return invalid("addition input must be two points");
  PLEXUS_TRY(const Affine<F> p, read(input.data(), false));
  PLEXUS_TRY(const Affine<F> q, read(input.data() + point_size, false));
  return write_point(Jacobian<F>::from(p) + Jacobian<F>::from(q));
}

// The sum of k scalar multiples; scalars are 256-bit and need not be below r.
template <class F, class ReadFn>
Result<Bytes> msm(BytesView input, std::size_t point_size, ReadFn read) {
  const std::size_t pair = point_size + kScalarBytes;
  if (input.empty() || input.size() % pair != 0)
    return invalid("MSM input must be a non-empty list of (point, scalar) pairs");
  Jacobian<F> sum;
  for (std::size_t at = 0; at < input.size(); at += pair) {
    PLEXUS_TRY(const Affine<F> p, read(input.data() + at, true));
    const Limbs<4> k = limbs_from_be<4>(input.data() + at + point_size);
    if (!p.infinity) sum = sum + Jacobian<F>::from(p).mul(k);
  }
  return write_point(sum);
}

}  // namespace

Result<Bytes> bls12_g1_add(BytesView input) { return add<Fq>(input, kG1Bytes, read_g1); }
Result<Bytes> bls12_g2_add(BytesView input) { return add<Fq2>(input, kG2Bytes, read_g2); }
Result<Bytes> bls12_g1_msm(BytesView input) { return msm<Fq>(input, kG1Bytes, read_g1); }
Result<Bytes> bls12_g2_msm(BytesView input) { return msm<Fq2>(input, kG2Bytes, read_g2); }

Result<Bytes> bls12_pairing_check(BytesView input) {
  constexpr std::size_t kPair = kG1Bytes + kG2Bytes;
  if (input.empty() || input.size() % kPair != 0)
    return invalid("pairing input must be a non-empty list of (G1, G2) pairs");
  std::vector<std::pair<G1, G2>> pairs;
  pairs.reserve(input.size() / kPair);
  for (std::size_t at = 0; at < input.size(); at += kPair) {
    PLEXUS_TRY(const G1 p, read_g1(input.data() + at, true));
    PLEXUS_TRY(const G2 q, read_g2(input.data() + at + kG1Bytes, true));
    pairs.emplace_back(p, q);
  }
  Bytes out(32, 0);
  out[31] = pairing_product_is_one(pairs) ? 1 : 0;
  return out;
}

Result<Bytes> bls12_map_fp_to_g1(BytesView input) {
  if (input.size() != kFpBytes) return invalid("MAP_FP_TO_G1 input must be 64 bytes");
  PLEXUS_TRY(const Fq u, read_fp(input.data()));
  return write_point(clear_cofactor_g1(map_to_curve_g1_jacobian(u)));
}

Result<Bytes> bls12_map_fp2_to_g2(BytesView input) {
  if (input.size() != 2 * kFpBytes) return invalid("MAP_FP2_TO_G2 input must be 128 bytes");
  PLEXUS_TRY(const Fq2 u, read_fp2(input.data()));
  return write_point(clear_cofactor_g2(map_to_curve_g2_jacobian(u)));
}

}  // namespace plexus::curves
