// BLS sign, verify, aggregation and proof of possession (ciphersuite in bls.hpp).
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bls/points.hpp"
#include "core/curves/hash_to_curve.hpp"
#include "core/hash.hpp"

namespace plexus::bls {
namespace {

using detail::Access;
using Pair = std::pair<G1, G2>;

BytesView view(std::string_view s) { return {reinterpret_cast<const Byte*>(s.data()), s.size()}; }

// A bft validator hashes each vote's message twice: to sign its own vote and to check the
// certificate that aggregates everyone's. Hashing to G2 is most of a signature's cost (0.27 of
// 0.43 ms, `plexus-bench bls`); the last few hashes of each thread (each engine runs on its
// own) spare the second.
G2 hash_message(BytesView message, std::string_view dst) {
  struct Recent {
    Bytes message;
    std::string dst;
    G2 point;
  };
  constexpr std::size_t kKept = 4;
  thread_local std::array<std::optional<Recent>, kKept> recent;
  thread_local std::size_t next = 0;
  for (const auto& r : recent)
    if (r && r->dst == dst && std::ranges::equal(r->message, message)) return r->point;
  const G2 point = curve::hash_to_g2(message, view(dst));
  recent[next++ % kKept] = Recent{Bytes(message.begin(), message.end()), std::string(dst), point};
  return point;
}

Signature sign_with(const SecretKey& sk, BytesView message, std::string_view dst) {
  const auto h = Jacobian<Fq2>::from(hash_message(message, dst));
  return Access::make_signature(to_affine_secret(mul_secret_g2(h, Access::scalar(sk))));
}

// e(-G1, signature) times the given pairs is one.
bool pairings_match(std::vector<Pair> pairs, const G2& signature) {
  pairs.emplace_back(-curve::kG1Generator, signature);
  return curve::pairing_product_is_one(pairs);
}

bool verify_with(const PublicKey& pk, BytesView message, const Signature& signature,
                 std::string_view dst) {
  return pairings_match({{Access::point(pk), hash_message(message, dst)}},
                        Access::point(signature));
}

template <class Point, class Item>
Jacobian<decltype(Point{}.x)> sum(std::span<const Item> items) {
  Jacobian<decltype(Point{}.x)> acc;
  for (const Item& item : items)
    acc = acc + Jacobian<decltype(Point{}.x)>::from(Access::point(item));
  return acc;
}

// The 64-bit multipliers of batch_verify: SHA-256 of every encoded input, then of the index.
std::vector<std::uint64_t> batch_multipliers(std::span<const SignatureSet> sets) {
  Bytes transcript;
  for (const SignatureSet& s : sets) {
    const auto& k = s.key->to_bytes();
    const auto& g = s.signature->to_bytes();
    const Hash256 m = sha256(s.message);
    transcript.insert(transcript.end(), k.bytes.begin(), k.bytes.end());
    transcript.insert(transcript.end(), m.bytes.begin(), m.bytes.end());
    transcript.insert(transcript.end(), g.bytes.begin(), g.bytes.end());
  }
  const Hash256 seed = sha256(transcript);
  std::vector<std::uint64_t> out;
  Bytes buf(seed.bytes.begin(), seed.bytes.end());
  buf.resize(seed.size() + 8);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (std::size_t b = 0; b < 8; ++b) buf[seed.size() + b] = static_cast<Byte>(i >> (8 * b));
    const Hash256 h = sha256(buf);
    std::uint64_t r = 0;
    for (std::size_t b = 0; b < 8; ++b) r = (r << 8) | h[b];
    out.push_back(r | 1);  // nonzero
  }
  return out;
}

}  // namespace

Signature sign(const SecretKey& sk, BytesView message) {
  return sign_with(sk, message, kSignatureDst);
}

bool verify(const PublicKey& pk, BytesView message, const Signature& signature) {
  return verify_with(pk, message, signature, kSignatureDst);
}

Result<Signature> aggregate(std::span<const Signature> signatures) {
  if (signatures.empty()) return fail(Errc::kInvalidArgument, "bls: nothing to aggregate");
  return Access::make_signature(sum<G2>(signatures).to_affine());
}

Result<PublicKey> aggregate_public_keys(std::span<const PublicKey> keys) {
  if (keys.empty()) return fail(Errc::kInvalidArgument, "bls: nothing to aggregate");
  const G1 p = sum<G1>(keys).to_affine();
  if (p.infinity) return fail(Errc::kValidation, "bls: the aggregate public key is infinity");
  return Access::make_public_key(p);
}

bool fast_aggregate_verify(std::span<const PublicKey> keys, BytesView message,
                           const Signature& signature) {
  if (keys.empty()) return false;
  const G1 aggregate_key = sum<G1>(keys).to_affine();
  if (aggregate_key.infinity) return false;
  return pairings_match({{aggregate_key, hash_message(message, kSignatureDst)}},
                        Access::point(signature));
}

bool aggregate_verify(std::span<const PublicKey> keys, std::span<const BytesView> messages,
                      const Signature& signature) {
  if (keys.empty() || keys.size() != messages.size()) return false;
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < keys.size(); ++i)
    pairs.emplace_back(Access::point(keys[i]), hash_message(messages[i], kSignatureDst));
  return pairings_match(std::move(pairs), Access::point(signature));
}

bool batch_verify(std::span<const SignatureSet> sets) {
  if (sets.empty()) return false;
  const std::vector<std::uint64_t> r = batch_multipliers(sets);
  std::vector<Pair> pairs;
  Jacobian<Fq2> signatures;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const Limbs<1> k{r[i]};
    const G1 key = Jacobian<Fq>::from(Access::point(*sets[i].key)).mul(k).to_affine();
    pairs.emplace_back(key, hash_message(sets[i].message, kSignatureDst));
    signatures = signatures + Jacobian<Fq2>::from(Access::point(*sets[i].signature)).mul(k);
  }
  return pairings_match(std::move(pairs), signatures.to_affine());
}

Signature pop_prove(const SecretKey& sk) {
  return sign_with(sk, sk.public_key().to_bytes().view(), kPopDst);
}

bool pop_verify(const PublicKey& pk, const Signature& proof) {
  return verify_with(pk, pk.to_bytes().view(), proof, kPopDst);
}

}  // namespace plexus::bls
