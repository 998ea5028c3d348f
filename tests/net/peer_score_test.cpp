// Scores, bans and their expiry on a manual clock; the token bucket.
#include <gtest/gtest.h>

#include "net/peer_score.hpp"

namespace plexus::net {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

NodeId peer(Byte b) {
  NodeId id;
  id[0] = b;
  return id;
}

TEST(PeerScores, HostileOffenseBansAtOnceForTheBanDuration) {
  PeerScores scores(ScoreConfig{.ban_threshold = -100, .recovery_per_minute = 10,
                                .ban_duration = minutes(10)});
  EXPECT_TRUE(scores.penalize(peer(1), Offense::kGarbageFrame, seconds(0)));
  EXPECT_TRUE(scores.is_banned(peer(1), minutes(9)));
  EXPECT_FALSE(scores.is_banned(peer(1), minutes(10)));
  EXPECT_FALSE(scores.is_banned(peer(2), seconds(0)));
  EXPECT_EQ(scores.score(peer(1), seconds(0)), -100);
}

TEST(PeerScores, HonestMistakesDoNotBan) {
  PeerScores scores;
  EXPECT_FALSE(scores.penalize(peer(1), Offense::kClockSkew, seconds(0)));
  EXPECT_FALSE(scores.penalize(peer(1), Offense::kIncompatibleVersion, seconds(0)));
  EXPECT_EQ(scores.score(peer(1), seconds(0)), 0);
}

TEST(PeerScores, RateOffensesAddUpButRecover) {
  PeerScores scores;  // -5 each, +10 a minute
  for (int i = 0; i < 19; ++i) EXPECT_FALSE(scores.penalize(peer(1), Offense::kRateLimited, seconds(0)));
  EXPECT_EQ(scores.score(peer(1), seconds(0)), -95);
  EXPECT_EQ(scores.score(peer(1), minutes(5)), -45);
  EXPECT_FALSE(scores.penalize(peer(1), Offense::kRateLimited, minutes(5)));
  EXPECT_EQ(scores.score(peer(1), minutes(60)), 0);
  for (int i = 0; i < 19; ++i) scores.penalize(peer(2), Offense::kRateLimited, seconds(0));
  EXPECT_TRUE(scores.penalize(peer(2), Offense::kRateLimited, seconds(1)));
}

TEST(TokenBucket, RefillsAtItsRateUpToTheBurst) {
  TokenBucket bucket(10, 20);  // 10 a second, 20 at most
  EXPECT_TRUE(bucket.take(20, seconds(0)));
  EXPECT_FALSE(bucket.take(1, seconds(0)));
  EXPECT_TRUE(bucket.take(10, seconds(1)));
  EXPECT_FALSE(bucket.take(1, seconds(1)));
  EXPECT_FALSE(bucket.take(21, seconds(100)));  // never more than the burst
  EXPECT_TRUE(bucket.take(20, seconds(100)));
}

}  // namespace
}  // namespace plexus::net
