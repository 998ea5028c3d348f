// The bft protocol on the deterministic simulated network (bft_sim.hpp): honest runs, the random
// network over many seeds (crashes, restarts, loss, delay, reordering, partitions), byzantine
// validators, duplicated keys, and the meta-test showing the checker does see a fork when
// byzantine weight reaches 1/3.
#include <gtest/gtest.h>

#include "bft_sim.hpp"

namespace plexus::consensus::bft::sim {
namespace {

using namespace std::chrono_literals;

using consensus::sim::env_or;

TEST(BftSimulation, FourHonestValidatorsFinalizeOnAQuietNetwork) {
  Simulation sim(SimConfig{});
  sim.run_for(5s);
  EXPECT_TRUE(sim.checker().forks.empty());
  EXPECT_TRUE(sim.checker().fatal.empty());
  EXPECT_GE(sim.min_height_up(), 100u) << "1 ms links: a block every few ms";
  EXPECT_EQ(sim.checker().evidence, 0u);
}

TEST(BftSimulation, OneCrashedValidatorOfFourDoesNotStopTheChain) {
  SimConfig config;
  config.params.leader_timeout = 200ms;
  Simulation sim(config);
  sim.run_for(1s);
  sim.crash(2);
  const std::uint64_t before = sim.max_height();
  sim.run_for(10s);
  EXPECT_GE(sim.max_height(), before + 20) << "its rounds are skipped after the timeout";
  sim.restart(2);
  sim.run_for(5s);
  EXPECT_EQ(sim.height(2), sim.max_height() - (sim.max_height() - sim.height(2)));
  EXPECT_GE(sim.height(2) + 5, sim.max_height()) << "the restarted validator caught up";
  EXPECT_TRUE(sim.checker().forks.empty());
  EXPECT_EQ(sim.checker().evidence, 0u) << "a restarted validator never contradicts itself";
}

TEST(BftSimulation, ATwoTwoSplitFinalizesNothingUntilHealed) {
  Simulation sim(SimConfig{});
  sim.run_for(1s);
  sim.network().partition({{sim.id(0), sim.id(1)}});
  sim.run_for(500ms);  // what was in flight lands or is lost
  const std::uint64_t frozen = sim.max_height();
  sim.run_for(10s);
  EXPECT_EQ(sim.max_height(), frozen) << "neither half holds a quorum";
  sim.network().heal();
  sim.run_for(5s);
  EXPECT_GT(sim.min_height_up(), frozen + 10);
  EXPECT_TRUE(sim.checker().forks.empty());
}

TEST(BftSimulation, RandomNetworkManySeeds) {
  const std::uint64_t seeds = env_or("PLEXUS_BFT_SEEDS", 12);
  const std::uint64_t first = env_or("PLEXUS_BFT_FIRST_SEED", 1);
  const std::uint64_t blocks = env_or("PLEXUS_BFT_BLOCKS", 100);
  std::uint64_t crashes = 0, partitions = 0;
  double seconds = 0;
  for (std::uint64_t seed = first; seed < first + seeds; ++seed) {
    const RandomRunResult result = random_run(seed, blocks);
    ASSERT_EQ(result.failure, "") << "reproduce with PLEXUS_BFT_FIRST_SEED=" << seed
                                  << " PLEXUS_BFT_SEEDS=1";
    EXPECT_GE(result.height, blocks);
    crashes += result.crashes;
    partitions += result.partitions;
    seconds += result.simulated_seconds;
  }
  std::printf("%llu seeds from %llu: %llu blocks each, %llu crashes, %llu partitions, %.0f "
              "simulated seconds\n",
              static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(blocks), static_cast<unsigned long long>(crashes),
              static_cast<unsigned long long>(partitions), seconds);
}

TEST(BftSimulation, AnEquivocatingValidatorForksNothingAndIsCaught) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SimConfig config;
    config.seed = seed;
    config.equivocators = {1};
    config.faults.max_delay = 10ms;
    config.params.leader_timeout = 200ms;
    Simulation sim(config);
    sim.run_for(20s);
    EXPECT_TRUE(sim.checker().forks.empty()) << "seed " << seed;
    EXPECT_TRUE(sim.checker().fatal.empty()) << "seed " << seed;
    EXPECT_GE(sim.min_height_up(), 30u) << "seed " << seed;
    EXPECT_GT(sim.checker().evidence, 0u) << "seed " << seed;
    EXPECT_EQ(sim.checker().evidence_signers, std::set<std::uint32_t>{1}) << "seed " << seed;
  }
}

TEST(BftSimulation, ForgedVotesNeverCountAndDelayNothing) {
  // Votes are checked as a quorum's aggregate first: a forged copy that arrives before the real
  // vote must not keep the real one out, nor a forged quorum make a certificate.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    SimConfig config;
    config.seed = seed;
    config.forgers = {2};
    config.faults.max_delay = 10ms;
    config.params.leader_timeout = 200ms;
    Simulation sim(config);
    sim.run_for(10s);
    EXPECT_TRUE(sim.checker().forks.empty()) << "seed " << seed;
    EXPECT_TRUE(sim.checker().fatal.empty()) << "seed " << seed;
    EXPECT_GE(sim.min_height_up(), 100u) << "seed " << seed;
    EXPECT_EQ(sim.checker().evidence, 0u) << "seed " << seed << ": a forgery is no evidence";
  }
}

TEST(BftSimulation, ALeaderProposingInvalidBlocksGetsNoneFinalized) {
  SimConfig config;
  config.invalid_leaders = {3};
  config.params.leader_timeout = 200ms;
  Simulation sim(config);
  sim.run_for(10s);
  EXPECT_TRUE(sim.checker().forks.empty());
  EXPECT_GE(sim.min_height_up(), 30u) << "its rounds are skipped";
  EXPECT_EQ(sim.invalid_final_blocks(), 0u) << "node 3's blocks break the rules: none is final";
  EXPECT_TRUE(sim.checker().fatal.empty());
}

TEST(BftSimulation, ADuplicatedKeyBelowAThirdForksNothing) {
  SimConfig config;
  config.key_of = {0, 1, 2, 3, 3};  // node 4 runs validator 3's key too
  config.params.leader_timeout = 200ms;
  Simulation sim(config);
  sim.run_for(1s);
  // Each copy of key 3 on one side: only {0, 1, 3} holds a quorum.
  sim.network().partition({{sim.id(0), sim.id(1), sim.id(3)}, {sim.id(2), sim.id(4)}});
  sim.run_for(10s);
  sim.network().heal();
  sim.run_for(10s);
  EXPECT_TRUE(sim.checker().forks.empty());
  EXPECT_TRUE(sim.checker().fatal.empty());
  EXPECT_GE(sim.min_height_up(), 50u);
}

TEST(BftSimulation, CheckerSeesTheForkWhenDuplicatedKeysReachAThird) {
  SimConfig config;
  config.key_of = {0, 1, 2, 3, 2, 3};  // keys 2 and 3 (half the weight) run twice
  config.params.leader_timeout = 200ms;
  Simulation sim(config);
  // Split from the start: {0, 2, 3} and {1, 2', 3'} each hold 3 of 4 keys.
  sim.network().partition({{sim.id(0), sim.id(2), sim.id(3)}, {sim.id(1), sim.id(4), sim.id(5)}});
  sim.run_for(10s);
  EXPECT_FALSE(sim.checker().forks.empty())
      << "with 1/2 of the weight byzantine the protocol cannot be safe, and the checker must "
         "say so";
}

}  // namespace
}  // namespace plexus::consensus::bft::sim
