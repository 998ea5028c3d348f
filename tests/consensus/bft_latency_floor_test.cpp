// What the bft rules themselves allow for submit -> final, with nothing else in the way: four
// validators on the simulated network, every message exactly D one way, no loss, signatures and
// execution free, and the toy chain always with something to propose (a loaded chain, as in
// `plexus-bench bft --only delay`). A transaction arrives on a node at a time spread evenly over
// the run; it reaches the other nodes D later (gossip), goes into the first block built after it
// is known to that block's builder, and counts as final when that block is final on the node it
// was sent to.
//
// Under these rules a block is final three delays after its proposal and a leader proposes when
// it sees its parent notarized, two delays after the parent's proposal. So a transaction waits
// one delay to reach the leader (unless it was sent to the leader: one in four), then up to a
// round of two delays for the next proposal, then three delays: the median of that mixture is
// 4.75 D. Issue #16 asks for p50 <= 200 ms at D = 50 ms, that is 4 D: this run shows it is below
// what the protocol allows even with no processing time at all (docs/performance/bft.md puts the
// processes' measurement beside it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "bft_sim.hpp"

namespace plexus::consensus::bft::sim {
namespace {

using namespace std::chrono_literals;

struct Proposal {
  Nanos at;
  std::size_t builder;
  Hash256 digest;
};

// Submit -> final in milliseconds for `samples` transactions, arrival times spread evenly over
// [from, to) and sent to the nodes in turn.
std::vector<double> transaction_latencies(const consensus::sim::SimHarness& sim, Nanos delay,
                                          Nanos from, Nanos to, std::size_t samples) {
  std::vector<Proposal> proposals;
  for (const auto& [digest, built] : sim.built())
    proposals.push_back({built.at, built.node, digest});
  std::sort(proposals.begin(), proposals.end(),
            [](const Proposal& a, const Proposal& b) { return a.at < b.at; });
  std::vector<double> out;
  for (std::size_t k = 0; k < samples; ++k) {
    const Nanos arrival =
        from + (to - from) * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(samples);
    const std::size_t node = k % sim.nodes();
    for (const Proposal& p : proposals) {
      if (p.at < arrival + (p.builder == node ? Nanos{0} : delay)) continue;
      const auto final = sim.final_on().find({p.digest, node});
      if (final == sim.final_on().end()) continue;  // built but never final: a later block holds it
      out.push_back(std::chrono::duration<double, std::milli>(final->second - arrival).count());
      break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BftLatencyFloor, SubmitToFinalWithFiftyMillisecondDelaysAndNoProcessing) {
  constexpr Nanos kDelay = 50ms;
  SimConfig config;
  config.validators = 4;
  config.faults.min_delay = kDelay;
  config.faults.max_delay = kDelay;
  Simulation sim(config);
  sim.run_for(30s);
  ASSERT_TRUE(sim.checker().forks.empty());
  ASSERT_GT(sim.min_height_up(), 100u);

  const std::vector<double> ms = transaction_latencies(sim, kDelay, 2s, 28s, 4000);
  ASSERT_GT(ms.size(), 3900u);
  const double p50 = ms[ms.size() / 2];
  const double p99 = ms[ms.size() * 99 / 100];
  const double per_block = 28'000.0 / static_cast<double>(sim.min_height_up());
  std::printf(
      "4 validators, %lld ms one way, no processing: submit -> final p50 %.1f ms, p99 %.1f ms, "
      "min %.1f ms; a block every %.1f ms\n",
      static_cast<long long>(kDelay / 1ms), p50, p99, ms.front(), per_block);
  // Nothing is final sooner than three delays after it arrives (its block's proposal comes after
  // it, and finality three delays after that).
  EXPECT_GE(ms.front(), 3 * 50.0);
  // The median sits above issue #16's 200 ms however fast the nodes are, and within half a
  // delay of the 4.75 D the rules give.
  EXPECT_GT(p50, 200.0);
  EXPECT_LT(p50, 4.75 * 50.0 + 25.0);
}

}  // namespace
}  // namespace plexus::consensus::bft::sim
