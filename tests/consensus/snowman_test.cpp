// The snowman engine's parts: its messages (strict decoding, errors that name the rule),
// Snowball's bookkeeping, stake-weighted sampling and proposer order, the parameters of small
// sets, and the replica against chits that break a rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "consensus/snowman/messages.hpp"
#include "consensus/snowman/params.hpp"
#include "consensus/snowman/replica.hpp"
#include "consensus/snowman/sampler.hpp"
#include "consensus/snowman/snowball.hpp"
#include "core/hash.hpp"
#include "core/rlp.hpp"
#include "sim_chain.hpp"
#include "snowman_sim.hpp"

namespace plexus::consensus::snowman {
namespace {

Hash256 block(Byte b) { return keccak256(Bytes{b}); }

TEST(SnowmanMessages, RoundTrip) {
  const Message messages[] = {
      Proposal{7, Bytes{1, 2, 3}, 2, Bytes(96, 5)},
      Proposal{7, Bytes{1, 2, 3}, 0, {}},
      Poll{9, 7, block(1), Bytes{1, 2, 3}, 1, Bytes(96, 6)},
      Poll{10, 7, std::nullopt, {}, 0, {}},
      Chits{9, 7, block(2), true, Bytes{4}, 0, {}},
      Chits{9, 7, block(2), false, Bytes{4}, 3, Bytes(96, 7)},
      Chits{11, 8, std::nullopt, false, {}, 0, {}},
  };
  for (const Message& message : messages) {
    const auto decoded = decode_message(encode_message(message));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(encode_message(*decoded), encode_message(message));
    EXPECT_EQ(decoded->index(), message.index());
  }
}

TEST(SnowmanMessages, MalformedOnesAreRefusedNamingTheRule) {
  const auto error = [](const Bytes& bytes) {
    const auto decoded = decode_message(bytes);
    return decoded ? std::string("decoded") : decoded.error().message;
  };
  const auto list = [](std::vector<Bytes> items) { return rlp::encode_list(items); };
  const auto u = [](std::uint64_t v) { return rlp::encode_uint(v); };
  const auto s = [](BytesView b) { return rlp::encode_string(b); };
  EXPECT_EQ(error(Bytes{0x01}), "snowman message: not a list");
  EXPECT_EQ(error(list({u(1), u(2)})), "snowman message: unknown type 1");
  const Bytes none = u(0);  // the proposer field of a message that carries no block
  const Bytes sig = s(Bytes(96, 1));
  EXPECT_EQ(error(list({u(0x22), u(1), u(2)})), "snowman message: a poll has 2 fields, expected 6");
  EXPECT_EQ(error(list({u(0x22), u(1), u(0), s({}), s({}), none, s({})})),
            "snowman message: height 0 is genesis, never polled");
  EXPECT_EQ(error(list({u(0x22), u(1), u(3), s(Bytes(31, 1)), s({}), none, s({})})),
            "snowman message: a preference is a 32-byte block hash or empty, not 31 bytes");
  EXPECT_EQ(error(list({u(0x22), u(1), u(3), s({}), s(Bytes{1}), none, sig})),
            "snowman message: a poll pushes only the block it prefers");
  EXPECT_EQ(error(list({u(0x23), u(1), u(3), s({}), u(1), s({}), none, s({})})),
            "snowman message: final chits name a block");
  EXPECT_EQ(error(list({u(0x23), u(1), u(3), s(block(1).view()), u(2), s({}), none, s({})})),
            "snowman message: final is 0 or 1");
  EXPECT_EQ(error(list({u(0x21), u(3), s({}), none, s({})})),
            "snowman message: a proposal carries a block");
  EXPECT_EQ(error(list({u(0x21), u(3), list({}), none, sig})),
            "snowman message: a block is bytes, not a list");
  // Proposers and their signatures.
  EXPECT_EQ(error(list({u(0x22), u(1), u(3), s(block(1).view()), s({}), u(2), sig})),
            "snowman message: a proposer and its signature come with a block");
  EXPECT_EQ(error(list({u(0x21), u(3), s(Bytes{1}), u(2), s(Bytes(97, 1))})),
            "snowman message: a proposer's signature is at most 96 bytes, not 97");
  EXPECT_EQ(error(list({u(0x21), u(3), s(Bytes{1}), u(2), list({})})),
            "snowman message: a signature is bytes, not a list");
}

TEST(Snowball, BetaConfidentPollsInARowFinalize) {
  Snowball s(3, 4, 3);
  const Hash256 low = std::min(block(1), block(2));
  const Hash256 high = std::max(block(1), block(2));
  s.add(high);
  EXPECT_EQ(s.preference(), high);
  s.add(low);
  EXPECT_EQ(s.preference(), low) << "the lowest hash among blocks without successes";
  s.record_poll(3, high);  // a success below alpha_confidence: preference moves, no streak
  EXPECT_EQ(s.preference(), high);
  EXPECT_EQ(s.confidence(), 0u);
  s.record_poll(4, high);
  s.record_poll(5, high);
  s.record_failure();  // the streak starts again
  EXPECT_FALSE(s.decided());
  s.record_poll(4, high);
  s.record_poll(4, high);
  EXPECT_FALSE(s.decided());
  s.record_poll(4, high);
  EXPECT_EQ(s.decided(), high);
  s.record_poll(5, low);
  EXPECT_EQ(s.decided(), high) << "decided for good";
  EXPECT_EQ(s.preference(), high);
}

TEST(Snowball, AConfidentPollForAnotherBlockRestartsTheStreak) {
  Snowball s(2, 2, 3);
  const Hash256 low = std::min(block(1), block(2));
  const Hash256 high = std::max(block(1), block(2));
  s.add(low);
  s.add(high);
  s.record_poll(2, low);
  s.record_poll(2, high);
  EXPECT_EQ(s.confidence(), 1u);
  EXPECT_EQ(s.preference(), low) << "equal successes: the lowest hash";
  s.record_poll(2, high);
  EXPECT_EQ(s.confidence(), 2u);
  EXPECT_EQ(s.preference(), high);
  s.record_poll(2, block(3));  // unknown: counts as a failure
  EXPECT_EQ(s.confidence(), 0u);
  s.record_failure();
  EXPECT_EQ(s.preference(), high);
  s.record_failure();  // beta (3) failures in a row: successes cleared
  EXPECT_EQ(s.preference(), low);
  EXPECT_FALSE(s.decided());
}

// The reset after beta failed polls keeps the block the failing polls clearly named: a validator
// may have finalized it while the others fail for want of answers, and falling back to the
// lowest hash would turn them to another block (a fork the random simulation found).
TEST(Snowball, AResetKeepsTheBlockTheFailedPollsClearlyNamed) {
  Snowball s(2, 2, 3);
  const Hash256 low = std::min(block(1), block(2));
  const Hash256 high = std::max(block(1), block(2));
  s.add(low);
  s.add(high);
  s.record_poll(2, high);
  s.record_poll(2, high);
  EXPECT_EQ(s.preference(), high);
  for (int i = 0; i < 3; ++i) s.record_failure(high);
  EXPECT_EQ(s.preference(), high) << "reset, but the failed polls named it most";
  EXPECT_EQ(s.confidence(), 0u);
  s.record_poll(1, high);  // below alpha_preference: a failure naming it
  s.record_failure(high);
  s.record_failure(high);
  EXPECT_EQ(s.preference(), high);
  for (int i = 0; i < 3; ++i) s.record_failure();  // no clear leader: the lowest hash again
  EXPECT_EQ(s.preference(), low);
}

TEST(SnowmanSampler, SamplesAreDistinctAndFollowStake) {
  SeededRandom random(5);
  const std::vector<std::uint64_t> weights = {1, 0, 8, 1};
  std::map<std::size_t, int> first;
  for (int i = 0; i < 1000; ++i) {
    const auto picked = sample(weights, 2, random);
    ASSERT_EQ(picked.size(), 2u);
    EXPECT_NE(picked[0], picked[1]);
    EXPECT_NE(picked[0], 1u) << "no stake, never drawn";
    ++first[picked[0]];
  }
  EXPECT_GT(first[2], 700) << "8 of 10 of the stake";
  EXPECT_EQ(sample(weights, 10, random).size(), 3u) << "every validator with stake, once";
  const auto order = proposer_order(weights, block(1), 4);
  EXPECT_EQ(order.size(), 3u);
  EXPECT_EQ(order, proposer_order(weights, block(1), 4)) << "the same on every node";
}

TEST(SnowmanParams, SmallSetsAreAskedWholeWithScaledAlphas) {
  const Params defaults;
  ASSERT_TRUE(defaults.check());
  const Params four = defaults.for_set(3);  // a set of 4: three others to ask
  EXPECT_EQ(four.k, 3u);
  EXPECT_EQ(four.alpha_preference, 2u);
  EXPECT_EQ(four.alpha_confidence, 2u);
  EXPECT_EQ(four.final_answers, 2u) << "more than the one byzantine validator tolerated";
  const Params seven = defaults.for_set(6);
  EXPECT_EQ(seven.k, 6u);
  EXPECT_EQ(seven.alpha_confidence, 5u);  // ceil(15 * 7 / 20) - 1
  EXPECT_EQ(defaults.for_set(1).alpha_confidence, 1u);
  EXPECT_EQ(defaults.for_set(20).k, 20u);
  EXPECT_EQ(defaults.for_set(50).k, 20u);
  EXPECT_EQ(defaults.for_set(50).final_answers, 15u);
  EXPECT_EQ(small_set_warning(defaults, 4),
            "snowman with k=20 on 4 validator(s): every poll asks all 3 other(s) and needs 2 "
            "agreeing answers, so 1 crashed or byzantine validator(s) are tolerated "
            "(docs/CONSENSUS.md, Small sets)");
  EXPECT_EQ(small_set_warning(defaults, 21), "");
  Params bad;
  bad.alpha_preference = 10;
  EXPECT_FALSE(bad.check()) << "10 of 20 is not a majority";
}

// ---- the replica against bad input ----

struct RecordingIo final : ReplicaIo {
  std::vector<std::pair<std::size_t, Message>> sent;
  std::vector<std::string> reports;
  std::vector<BlockInfo> finals;
  void send(std::size_t validator, const Message& message) override {
    sent.emplace_back(validator, message);
  }
  void report(std::size_t validator, const Error& why) override {
    reports.push_back(std::to_string(validator) + ": " + why.message);
  }
  void on_final(const BlockInfo& block) override { finals.push_back(block); }
  Bytes sign_proposal(const BlockInfo& block) override {
    return sim::toy_proposal_signature(0, block.digest);
  }
  bool proposer_signed(std::size_t proposer, const BlockInfo& block, BytesView signature) override {
    return to_bytes(signature) == sim::toy_proposal_signature(proposer, block.digest);
  }
  void on_fatal(const Error& why) override { reports.push_back("fatal: " + why.message); }
};

// A toy chain at its genesis block, for a replica to decide height 1 on.
struct ToyGenesis {
  ToyGenesis() {
    disk.infos.push_back(genesis);
    disk.final_blocks.push_back(bft::FinalBlock{Bytes{'g'}, 0, std::nullopt});
  }
  bft::sim::Disk disk;
  const BlockInfo genesis{keccak256(Bytes{'g'}), {}, 0};
  bft::sim::ToyChain chain{disk, 0};
};

TEST(SnowmanReplica, ChitsThatBreakARuleCountNothingAndNameTheRule) {
  ToyGenesis toy;
  const BlockInfo& genesis = toy.genesis;
  bft::sim::ToyChain& chain = toy.chain;
  RecordingIo io;
  Params params;
  params.beta = 2;
  // Validator 3 holds no stake: never asked, never a proposer.
  Replica replica({1, 1, 1, 0}, std::size_t{0}, params, 7, chain, io);
  replica.start(Nanos{0});
  replica.on_time(Nanos{0});  // node 0 builds now or polls to learn a block
  const auto poll = std::find_if(io.sent.begin(), io.sent.end(), [](const auto& entry) {
    return std::holds_alternative<Poll>(entry.second);
  });
  ASSERT_NE(poll, io.sent.end()) << "a poll of the others";
  const Poll request = std::get<Poll>(poll->second);
  EXPECT_EQ(request.height, 1u);
  const Bytes good = bft::sim::make_block(genesis.digest, 1, Bytes{0x01});
  const Bytes bad = bft::sim::make_block(genesis.digest, 1, Bytes{0xff});
  const Hash256 good_hash = keccak256(good);
  const Hash256 bad_hash = keccak256(bad);

  replica.on_message(3, Chits{request.request_id, 1, good_hash, false, good, 0, {}}, Nanos{1});
  replica.on_message(1, Chits{request.request_id, 2, good_hash, false, good, 0, {}}, Nanos{1});
  replica.on_message(1, Chits{request.request_id, 1, bad_hash, true, bad, 0, {}}, Nanos{1});
  replica.on_message(1, Chits{request.request_id, 1, good_hash, false, {}, 0, {}}, Nanos{1});
  replica.on_message(99, Chits{request.request_id + 1000, 1, good_hash, false, good, 0, {}},
                     Nanos{1});
  ASSERT_EQ(io.reports.size(), 4u);
  EXPECT_EQ(io.reports[0], "3: snowman: chits from a validator not asked, or twice");
  EXPECT_EQ(io.reports[1], "1: snowman: chits for height 2 answer a poll of height 1");
  EXPECT_EQ(io.reports[2], "1: toy block: the payload breaks the chain's rules");
  EXPECT_EQ(io.reports[3], "1: snowman: chits from a validator not asked, or twice");
  EXPECT_NE(replica.preference(), bad_hash) << "a block that fails verification is never preferred";
  EXPECT_TRUE(io.finals.empty());

  // A poll for a height this node has not reached gets an answer without a preference; one for
  // a height it decided would get its final block.
  io.sent.clear();
  replica.on_message(2, Poll{5, 9, std::nullopt, {}, 0, {}}, Nanos{2});
  const auto answer = std::find_if(io.sent.begin(), io.sent.end(), [](const auto& entry) {
    return std::holds_alternative<Chits>(entry.second);
  });
  ASSERT_NE(answer, io.sent.end());
  EXPECT_EQ(answer->first, 2u);
  EXPECT_FALSE(std::get<Chits>(answer->second).preference);
}

// Proposer windows on receipt: a block is a choice as soon as it is known, but a node prefers
// (votes for) it only once its proposer's window has opened there; a block whose proposer is not
// known (unsigned, or a signature that does not check) only after every window.
TEST(SnowmanReplica, ABlockIsVotedForOnlyOnceItsProposersWindowOpened) {
  ToyGenesis toy;
  const BlockInfo& genesis = toy.genesis;
  bft::sim::ToyChain& chain = toy.chain;
  RecordingIo io;
  Params params;
  const std::vector<std::uint64_t> weights{1, 1, 1, 1};
  // A node that only follows: it never builds, so every choice here is a received block.
  Replica replica(weights, std::nullopt, params, 7, chain, io);
  replica.start(Nanos{0});
  const std::vector<std::size_t> order = proposer_order(weights, genesis.digest, 1);
  const Nanos window = params.proposer_window;
  const auto offer = [&](std::size_t proposer, Byte payload, std::size_t signer, Nanos now) {
    const Bytes b = bft::sim::make_block(genesis.digest, 1, Bytes{payload});
    const Hash256 digest = keccak256(b);
    Bytes signature = signer == 99 ? Bytes{} : sim::toy_proposal_signature(signer, digest);
    replica.on_message(proposer, Proposal{1, b, proposer, std::move(signature)}, now);
    return digest;
  };

  // The third proposer's block, signed, before its window: known, not preferred.
  const Hash256 third = offer(order[2], 0x01, order[2], Nanos{0});
  EXPECT_EQ(replica.status().candidates, 1u);
  EXPECT_FALSE(replica.preference());
  EXPECT_LE(replica.deadline(), 2 * window) << "woken when the window opens";
  replica.on_time(2 * window - Nanos{1});
  EXPECT_FALSE(replica.preference());
  replica.on_time(2 * window);
  EXPECT_EQ(replica.preference(), third);

  // Unsigned, or signed by another validator than the one named: voted for after every window.
  Replica late(weights, std::nullopt, params, 7, chain, io);
  late.start(Nanos{0});
  const Bytes a = bft::sim::make_block(genesis.digest, 1, Bytes{0x02});
  const Bytes b = bft::sim::make_block(genesis.digest, 1, Bytes{0x03});
  late.on_message(order[0], Proposal{1, a, order[0], {}}, Nanos{0});
  late.on_message(order[0],
                  Proposal{1, b, order[0], sim::toy_proposal_signature(order[1], keccak256(b))},
                  Nanos{0});
  EXPECT_EQ(late.status().candidates, 2u);
  late.on_time(3 * window);
  EXPECT_FALSE(late.preference()) << "not before every window (4 validators)";
  late.on_time(4 * window);
  EXPECT_TRUE(late.preference());
  // The same block signed by the first proposer: preferred at once.
  Replica first(weights, std::nullopt, params, 7, chain, io);
  first.start(Nanos{0});
  first.on_message(order[0],
                   Proposal{1, a, order[0], sim::toy_proposal_signature(order[0], keccak256(a))},
                   Nanos{0});
  EXPECT_EQ(first.preference(), keccak256(a));
}

}  // namespace
}  // namespace plexus::consensus::snowman
