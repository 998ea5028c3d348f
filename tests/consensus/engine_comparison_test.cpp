// The bft and snowman engines side by side on the same simulated network (sim_harness.hpp): 5
// and 20 honest validators, every message delayed 5-25 ms one way (uniform), the toy chain
// always with something to include. Printed: final blocks, the time from a block's parent being
// final to the block being final on each node (the latency of a transaction that arrives just
// after a block), and messages sent per final block per node. Checked: both engines progress and
// agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "bft_sim.hpp"
#include "snowman_sim.hpp"

namespace plexus::consensus::sim {
namespace {

using namespace std::chrono_literals;

struct Figures {
  std::uint64_t blocks = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double messages = 0;  // per final block per node
};

Figures measure(SimHarness& sim, std::size_t validators) {
  sim.run_for(20s);
  EXPECT_TRUE(sim.checker().forks.empty());
  EXPECT_TRUE(sim.checker().fatal.empty());
  std::vector<double> seconds = sim.finality_seconds();
  std::sort(seconds.begin(), seconds.end());
  Figures out;
  out.blocks = sim.min_height_up();
  if (seconds.empty() || out.blocks == 0) return out;
  out.p50_ms = 1000 * seconds[seconds.size() / 2];
  out.p99_ms = 1000 * seconds[seconds.size() * 99 / 100];
  out.messages = static_cast<double>(sim.network().stats().sent) / static_cast<double>(out.blocks) /
                 static_cast<double>(validators);
  return out;
}

TEST(EngineComparison, FinalityAndMessagesOnFiveAndTwentyValidators) {
  for (const std::size_t n : {std::size_t{5}, std::size_t{20}}) {
    net::LinkFaults faults;
    faults.min_delay = 5ms;
    faults.max_delay = 25ms;
    bft::sim::SimConfig bft_config;
    bft_config.validators = n;
    bft_config.faults = faults;
    bft::sim::Simulation bft_sim(bft_config);
    const Figures bft = measure(bft_sim, n);
    snowman::sim::SimConfig snowman_config;
    snowman_config.validators = n;
    snowman_config.faults = faults;
    snowman::sim::Simulation snowman_sim(snowman_config);
    const Figures snow = measure(snowman_sim, n);
    for (const auto& [name, f] : {std::pair{"bft", bft}, std::pair{"snowman", snow}})
      std::printf(
          "%zu validators, %s: %llu blocks in 20 s, parent final -> final p50 %.0f ms "
          "p99 %.0f ms, %.0f messages per final block per node\n",
          n, name, static_cast<unsigned long long>(f.blocks), f.p50_ms, f.p99_ms, f.messages);
    EXPECT_GE(bft.blocks, 10u) << n;
    EXPECT_GE(snow.blocks, 10u) << n;
  }
}

}  // namespace
}  // namespace plexus::consensus::sim
