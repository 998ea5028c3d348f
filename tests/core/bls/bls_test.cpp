// BLS scheme properties beyond the conformance vectors: key generation, round trips, proof of
// possession, aggregation over many signers, batch verification with one bad set, and the fast G2
// subgroup check against its definition.
#include <gtest/gtest.h>

#include <vector>

#include "core/bls/bls.hpp"
#include "core/curves/bls12_381.hpp"
#include "core/hex.hpp"

namespace plexus::bls {
namespace {

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

SecretKey key(Byte seed) { return SecretKey::key_gen(Bytes(32, seed)).value(); }

TEST(BlsKeys, KeyGenMatchesEip2333MasterKey) {
  // EIP-2333 test case 0: derive_master_SK(seed) is KeyGen(seed) with empty key_info.
  const Bytes seed = hex_or_throw(
      "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2"
      "cf141630c7a3c4ab7c81b2f001698e7463b04");
  const auto sk = SecretKey::key_gen(seed);
  ASSERT_TRUE(sk);
  EXPECT_EQ(to_hex(sk->to_bytes()),
            "0x0d7359d57963ab8fbbde1852dcf553fedbc31f464d80ee7d40ae683122b45070");
  EXPECT_FALSE(SecretKey::key_gen(Bytes(31, 1)));
}

TEST(BlsKeys, RoundTrips) {
  const SecretKey sk = key(7);
  const auto again = SecretKey::from_bytes(sk.to_bytes().view());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->to_bytes(), sk.to_bytes());
  const PublicKey pk = sk.public_key();
  EXPECT_EQ(PublicKey::from_bytes(pk.to_bytes().view()).value(), pk);
  const Signature sig = sign(sk, bytes("m"));
  EXPECT_EQ(Signature::from_bytes(sig.to_bytes().view()).value(), sig);
  EXPECT_FALSE(PublicKey::from_bytes(Bytes(47, 0)));
  EXPECT_FALSE(SecretKey::from_bytes(Bytes(32, 0xff)));  // above r
}

TEST(BlsSignatures, SignVerifyAndProofOfPossession) {
  const SecretKey sk = key(1);
  const PublicKey pk = sk.public_key();
  const Signature sig = sign(sk, bytes("hello"));
  EXPECT_TRUE(verify(pk, bytes("hello"), sig));
  EXPECT_FALSE(verify(pk, bytes("hellp"), sig));
  EXPECT_FALSE(verify(key(2).public_key(), bytes("hello"), sig));
  const Signature pop = pop_prove(sk);
  EXPECT_TRUE(pop_verify(pk, pop));
  EXPECT_FALSE(pop_verify(key(2).public_key(), pop));
  // The proof is not a signature over the key's bytes with the signing DST.
  EXPECT_FALSE(verify(pk, pk.to_bytes().view(), pop));
}

TEST(BlsSignatures, HundredSignersOneMessage) {
  std::vector<PublicKey> pks;
  std::vector<Signature> sigs;
  for (int i = 0; i < 100; ++i) {
    const SecretKey sk = key(static_cast<Byte>(i));
    pks.push_back(sk.public_key());
    sigs.push_back(sign(sk, bytes("block 42")));
  }
  const Signature agg = aggregate(sigs).value();
  EXPECT_TRUE(fast_aggregate_verify(pks, bytes("block 42"), agg));
  EXPECT_FALSE(fast_aggregate_verify(pks, bytes("block 43"), agg));
  const PublicKey agg_pk = aggregate_public_keys(pks).value();
  EXPECT_TRUE(verify(agg_pk, bytes("block 42"), agg));
  pks.pop_back();
  EXPECT_FALSE(fast_aggregate_verify(pks, bytes("block 42"), agg));
}

TEST(BlsSignatures, AggregateAndBatchOverDistinctMessages) {
  std::vector<PublicKey> pks;
  std::vector<Signature> sigs;
  std::vector<Bytes> msgs;
  for (int i = 0; i < 5; ++i) {
    const SecretKey sk = key(static_cast<Byte>(100 + i));
    msgs.push_back(bytes("message " + std::to_string(i)));
    pks.push_back(sk.public_key());
    sigs.push_back(sign(sk, msgs.back()));
  }
  const std::vector<BytesView> views(msgs.begin(), msgs.end());
  EXPECT_TRUE(aggregate_verify(pks, views, aggregate(sigs).value()));
  std::vector<SignatureSet> sets;
  for (std::size_t i = 0; i < sigs.size(); ++i) sets.push_back({&pks[i], msgs[i], &sigs[i]});
  EXPECT_TRUE(batch_verify(sets));
  std::swap(sigs[1], sigs[2]);  // the sum is unchanged, the sets are not
  EXPECT_TRUE(aggregate_verify(pks, views, aggregate(sigs).value()));
  EXPECT_FALSE(batch_verify(sets));
  EXPECT_FALSE(batch_verify({}));
}

TEST(BlsCurve, G2FastSubgroupCheckMatchesDefinition) {
  namespace c = curves::bls12_381;
  using J = curves::Jacobian<c::Fq2>;
  // A point of E' outside G2: the first x = 1 + k u on the twist.
  c::G2 outside;
  for (std::uint64_t k = 1; outside.infinity; ++k) {
    const c::Fq2 x{c::Fq::one(), c::Fq::from_u64(k)};
    if (const auto y = c::sqrt(x.sqr() * x + c::kTwistB)) outside = {x, *y, false};
  }
  for (std::uint64_t m = 1; m <= 4; ++m) {
    const c::G2 q = J::from(outside).mul(curves::Limbs<1>{m}).to_affine();
    EXPECT_FALSE(c::in_g2(q)) << m;
    EXPECT_FALSE(J::from(q).mul(c::kOrder).is_infinity()) << m;
    const c::G2 cleared = c::clear_cofactor_g2(J::from(q)).to_affine();
    EXPECT_TRUE(c::in_g2(cleared)) << m;
    EXPECT_TRUE(J::from(cleared).mul(c::kOrder).is_infinity()) << m;
  }
  EXPECT_TRUE(c::in_g2(c::kG2Generator));
}

}  // namespace
}  // namespace plexus::bls
