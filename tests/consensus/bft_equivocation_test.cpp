// Equivocation reports as the platform checks them: two contradicting votes of one key for one
// chain are an offence with one id whatever their order; votes that agree, that two keys signed,
// that name another chain, or that do not decode are refused with the reason.
#include <gtest/gtest.h>

#include "consensus/bft/equivocation.hpp"
#include "core/bls/bls.hpp"

namespace plexus::consensus::bft {
namespace {

struct Fixture {
  bls::SecretKey key = bls::SecretKey::key_gen(Bytes(32, 1)).value();
  bls::SecretKey other = bls::SecretKey::key_gen(Bytes(32, 2)).value();
  Hash256 chain = Hash256::right_aligned(Bytes{7});
  Bytes public_key = to_bytes(key.public_key().to_bytes().view());

  SignedVote vote(const bls::SecretKey& by, VoteKind kind, Byte block,
                  const Hash256* for_chain = nullptr) const {
    Hash256 digest;
    digest[31] = block;
    const bool skip = kind == VoteKind::kSkip;  // a skip vote names only epoch and round
    const Vote v{kind, 3, 40, skip ? 0u : 9u, skip ? Hash256{} : digest};
    const Hash256& signed_for = for_chain ? *for_chain : chain;
    return SignedVote{v, 2, to_bytes(bls::sign(by, signing_message(v, signed_for)).to_bytes().view())};
  }
  Result<platform::EvidenceFacts> check(const SignedVote& a, const SignedVote& b) const {
    return check_equivocation_report(encode_equivocation_report(chain, public_key, {a, b}));
  }
};

TEST(BftEquivocation, ContradictingVotesOfOneKeyAreOneOffence) {
  const Fixture f;
  const auto a = f.vote(f.key, VoteKind::kNotarize, 1);
  const auto b = f.vote(f.key, VoteKind::kNotarize, 2);
  const auto facts = f.check(a, b);
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->offender_bls_key, f.public_key);
  EXPECT_EQ(f.check(b, a).value().id, facts->id) << "one offence, one id";
  const auto skip_and_final =
      f.check(f.vote(f.key, VoteKind::kSkip, 0), f.vote(f.key, VoteKind::kFinalize, 1));
  ASSERT_TRUE(skip_and_final);
  EXPECT_EQ(skip_and_final->id, facts->id) << "the same round";
}

TEST(BftEquivocation, AnythingElseIsRefusedWithTheReason) {
  const Fixture f;
  const auto expect = [](const Result<platform::EvidenceFacts>& r, const std::string& part) {
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
  };
  const auto a = f.vote(f.key, VoteKind::kNotarize, 1);
  expect(f.check(a, a), "equivocation report: ");  // the evidence decoder refuses it already
  expect(f.check(f.vote(f.key, VoteKind::kNotarize, 1), f.vote(f.key, VoteKind::kSkip, 0)),
         "do not contradict");
  expect(f.check(a, f.vote(f.other, VoteKind::kNotarize, 2)), "does not verify");
  const Hash256 elsewhere = Hash256::right_aligned(Bytes{8});
  expect(f.check(a, f.vote(f.key, VoteKind::kNotarize, 2, &elsewhere)), "does not verify");
  SignedVote moved = f.vote(f.key, VoteKind::kNotarize, 2);
  moved.signer = 5;
  expect(f.check(a, moved), "different signers");
  expect(check_equivocation_report(Bytes{0xc0}), "not rlp([chain, bls key, evidence])");
  expect(check_equivocation_report(Bytes{0x01, 0x02}), "not rlp");
}

}  // namespace
}  // namespace plexus::consensus::bft
