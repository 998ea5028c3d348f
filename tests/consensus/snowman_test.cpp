// The snowman engine's parts: its messages (strict decoding, errors that name the rule),
// Snowball's bookkeeping, stake-weighted sampling and proposer order, and the parameters of
// small sets.
#include <gtest/gtest.h>

#include <map>

#include "consensus/snowman/messages.hpp"
#include "consensus/snowman/params.hpp"
#include "consensus/snowman/sampler.hpp"
#include "consensus/snowman/snowball.hpp"
#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::snowman {
namespace {

Hash256 block(Byte b) { return keccak256(Bytes{b}); }

TEST(SnowmanMessages, RoundTrip) {
  const Message messages[] = {
      Proposal{7, Bytes{1, 2, 3}},           Poll{9, 7, block(1), Bytes{1, 2, 3}},
      Poll{10, 7, std::nullopt, {}},         Chits{9, 7, block(2), true, Bytes{4}},
      Chits{11, 8, std::nullopt, false, {}},
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
  EXPECT_EQ(error(list({u(0x22), u(1), u(2)})), "snowman message: a poll has 2 fields, expected 4");
  EXPECT_EQ(error(list({u(0x22), u(1), u(0), s({}), s({})})),
            "snowman message: height 0 is genesis, never polled");
  EXPECT_EQ(error(list({u(0x22), u(1), u(3), s(Bytes(31, 1)), s({})})),
            "snowman message: a preference is a 32-byte block hash or empty, not 31 bytes");
  EXPECT_EQ(error(list({u(0x22), u(1), u(3), s({}), s(Bytes{1})})),
            "snowman message: a poll pushes only the block it prefers");
  EXPECT_EQ(error(list({u(0x23), u(1), u(3), s({}), u(1), s({})})),
            "snowman message: final chits name a block");
  EXPECT_EQ(error(list({u(0x23), u(1), u(3), s(block(1).view()), u(2), s({})})),
            "snowman message: final is 0 or 1");
  EXPECT_EQ(error(list({u(0x21), u(3), s({})})), "snowman message: a proposal carries a block");
  EXPECT_EQ(error(list({u(0x21), u(3), list({})})),
            "snowman message: a block is bytes, not a list");
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

}  // namespace
}  // namespace plexus::consensus::snowman
