// The bft engine's pieces outside the protocol: the wire codec (every message round-trips, and
// malformed ones are refused naming what is wrong), the sign guard (R1 and R3 across restarts),
// and the committee with real BLS signatures (certificates need a quorum and a valid aggregate).
#include <gtest/gtest.h>

#include "consensus/bft/bls_crypto.hpp"
#include "consensus/bft/messages.hpp"
#include "consensus/bft/replica.hpp"
#include "consensus/bft/sign_guard.hpp"
#include "core/hash.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus::bft {
namespace {

Vote notarize(std::uint64_t round, Byte tag) {
  Hash256 digest{};
  digest[0] = tag;
  return Vote{VoteKind::kNotarize, 0, round, round + 1, digest};
}
Vote finalize(std::uint64_t round, Byte tag) {
  Vote v = notarize(round, tag);
  v.kind = VoteKind::kFinalize;
  return v;
}
Vote skip(std::uint64_t round) { return Vote{VoteKind::kSkip, 0, round, 0, {}}; }

TEST(BftMessages, EveryMessageRoundTrips) {
  const SignedVote vote{notarize(3, 1), 2, Bytes(96, 7)};
  const QuorumCert cert{finalize(3, 1), Bytes{0x0b}, Bytes(96, 9)};
  const std::vector<Message> messages = {
      Proposal{vote, Bytes{1, 2, 3}, {cert, QuorumCert{skip(2), Bytes{0x07}, Bytes(96, 1)}}},
      vote,
      cert,
      BlockRequest{keccak256(Bytes{1})},
      BlockReply{Bytes{4, 5}, cert},
      SyncRequest{17},
      SyncReply{{{1, Bytes{9}}, {2, Bytes{8}}}, cert},
      SyncReply{{{1, Bytes{9}}, {2, Bytes{8}}}, cert, {Bytes(40, 3), Bytes{}}},
      Evidence{vote, SignedVote{notarize(3, 2), 2, Bytes(96, 8)}},
  };
  for (const Message& message : messages) {
    const auto decoded = decode_message(encode_message(message));
    ASSERT_TRUE(decoded) << message_name(message) << ": " << decoded.error().message;
    EXPECT_EQ(encode_message(*decoded), encode_message(message)) << message_name(message);
  }
}

TEST(BftMessages, MalformedMessagesAreRefusedWithTheirRule) {
  const auto refused = [](const Bytes& bytes, const std::string& part) {
    const auto decoded = decode_message(bytes);
    ASSERT_FALSE(decoded);
    EXPECT_NE(decoded.error().message.find(part), std::string::npos) << decoded.error().message;
  };
  Bytes skip_with_block = encode_message(SignedVote{skip(1), 0, Bytes(96, 1)});
  // A skip vote that names a block: patch the encoded digest's last byte.
  skip_with_block[skip_with_block.size() - 100] = 1;
  refused(skip_with_block, "skip vote names no block");
  refused(Bytes{0xc2, 0x09, 0x80}, "unknown type 9");
  Bytes truncated = encode_message(SyncRequest{5});
  truncated.pop_back();
  EXPECT_FALSE(decode_message(truncated));
  refused(encode_message(Proposal{SignedVote{finalize(1, 1), 0, Bytes(96, 1)}, Bytes{1}, {}}),
          "leader's notarize vote");
  refused(encode_message(SignedVote{notarize(1, 1), 0, Bytes(97, 1)}), "signature");
  const QuorumCert cert{finalize(3, 1), Bytes{0x0b}, Bytes(96, 9)};
  refused(encode_message(SyncReply{{{1, Bytes{9}}}, cert, {Bytes(21, 3)}}),
          "senders are not a non-empty run of 20-byte addresses");
}

TEST(BftMessages, ASyncReplyCarriesEachBlocksSendersOrNone) {
  const QuorumCert cert{finalize(3, 1), Bytes{0x0b}, Bytes(96, 9)};
  const auto decoded = decode_message(
      encode_message(SyncReply{{{1, Bytes{9}}, {2, Bytes{8}}}, cert, {Bytes(20, 5)}}));
  ASSERT_TRUE(decoded) << decoded.error().message;
  const auto& reply = std::get<SyncReply>(*decoded);
  ASSERT_EQ(reply.senders.size(), 2u) << "one entry a block, empty where none were sent";
  EXPECT_EQ(reply.senders[0], Bytes(20, 5));
  EXPECT_TRUE(reply.senders[1].empty());
}

TEST(BftSignGuard, NeverSignsTwiceAcrossRestarts) {
  kv::MemoryStore store;
  {
    auto guard = SignGuard::open(store, Bytes{'g'});
    ASSERT_TRUE(guard);
    EXPECT_TRUE(guard->allow(notarize(5, 1)));
    EXPECT_TRUE(guard->allow(notarize(5, 1))) << "the same vote again is a rebroadcast";
    EXPECT_FALSE(guard->allow(notarize(5, 2))) << "R1";
    EXPECT_TRUE(guard->allow(skip(5))) << "a skip after a notarize vote is allowed";
    EXPECT_FALSE(guard->allow(finalize(5, 1))) << "R3";
  }
  auto reopened = SignGuard::open(store, Bytes{'g'});  // a restart
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->last().round, 5u);
  EXPECT_TRUE(reopened->last().skipped);
  EXPECT_FALSE(reopened->allow(notarize(5, 2))) << "R1 holds after the restart";
  EXPECT_FALSE(reopened->allow(finalize(5, 1))) << "R3 holds after the restart";
  EXPECT_FALSE(reopened->allow(notarize(4, 1))) << "nothing in an earlier round";
  EXPECT_TRUE(reopened->allow(finalize(6, 3)));
  EXPECT_FALSE(reopened->allow(skip(6))) << "no skip after the round's finalize vote";
  EXPECT_TRUE(reopened->allow(notarize(6, 4))) << "R1 allows the round's one notarize vote";
  EXPECT_FALSE(reopened->allow(notarize(6, 5)));
}

class BftCommittee : public ::testing::Test {
 protected:
  void SetUp() override {
    for (Byte i = 0; i < 4; ++i) {
      secrets.push_back(bls::SecretKey::key_gen(Bytes(32, static_cast<Byte>(i + 1))).value());
      keys.push_back(secrets.back().public_key());
    }
  }
  Committee committee(std::size_t self) const {
    return Committee({1, 1, 1, 1}, std::make_shared<BlsVoteCrypto>(keys, secrets[self]),
                     keccak256(Bytes{'c'}));
  }
  std::vector<bls::SecretKey> secrets;
  std::vector<bls::PublicKey> keys;
};

TEST_F(BftCommittee, CertificatesNeedAQuorumOfValidSignatures) {
  const Vote vote = finalize(9, 1);
  std::vector<SignedVote> votes;
  for (std::uint32_t i = 0; i < 3; ++i) votes.push_back(committee(i).sign(vote, i));
  const Committee verifier = committee(3);
  for (const SignedVote& v : votes) EXPECT_TRUE(verifier.check(v));
  SignedVote forged = votes[0];
  forged.signer = 1;
  EXPECT_FALSE(verifier.check(forged)) << "validator 0's signature passed off as 1's";

  EXPECT_FALSE(verifier.certify(vote, std::span(votes).first(2))) << "2 of 4 is no quorum";
  const auto cert = verifier.certify(vote, votes);
  ASSERT_TRUE(cert);
  EXPECT_EQ(cert->signature.size(), 96u);
  EXPECT_TRUE(verifier.check(*cert));

  QuorumCert other_vote = *cert;
  other_vote.vote.round = 10;
  EXPECT_FALSE(verifier.check(other_vote)) << "the aggregate is bound to the vote";
  QuorumCert fewer = *cert;
  fewer.signers[0] = 0x03;  // claims only validators 0 and 1
  EXPECT_NE(verifier.check(fewer).error().message.find("not a quorum"), std::string::npos);
  QuorumCert outside = *cert;
  outside.signers[0] = 0x17;  // bit 4: no validator 4
  EXPECT_NE(verifier.check(outside).error().message.find("names validator 4"), std::string::npos);
  const Committee other_chain({1, 1, 1, 1}, std::make_shared<BlsVoteCrypto>(keys, std::nullopt),
                              keccak256(Bytes{'d'}));
  EXPECT_FALSE(other_chain.check(*cert)) << "a vote on one subnet never counts on another";
}

}  // namespace
}  // namespace plexus::consensus::bft

namespace plexus::consensus::bft {
namespace {

// Governance's timing changes apply from their heights on, in height order, each keeping what
// it does not change; a block time beyond the leader timeout lengthens the wait before a skip.
TEST(BftParams, TimingChangesApplyFromTheirHeights) {
  using std::chrono::milliseconds;
  BftParams params;
  params.leader_timeout = milliseconds(400);
  params.empty_block_after = milliseconds(200);
  params.timing_changes[10].empty_block_after = milliseconds(1000);
  params.timing_changes[20].leader_timeout = milliseconds(2000);
  EXPECT_EQ(params.at(9).empty_block_after, milliseconds(200));
  EXPECT_EQ(params.at(9).skip_after(), milliseconds(400));
  EXPECT_EQ(params.at(10).empty_block_after, milliseconds(1000));
  EXPECT_EQ(params.at(10).leader_timeout, milliseconds(400));
  EXPECT_EQ(params.at(10).skip_after(), milliseconds(1200));
  EXPECT_EQ(params.at(25).empty_block_after, milliseconds(1000));
  EXPECT_EQ(params.at(25).leader_timeout, milliseconds(2000));
  EXPECT_EQ(params.at(25).skip_after(), milliseconds(2000));
}

}  // namespace
}  // namespace plexus::consensus::bft
