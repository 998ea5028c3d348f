// SimNetwork: determinism from the seed, and each fault it injects.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "net/sim_network.hpp"

namespace plexus::net {
namespace {

using std::chrono::milliseconds;

NodeId node_id(std::size_t i) {
  NodeId id;
  id[19] = static_cast<Byte>(i + 1);
  return id;
}

Message payload_message(std::string text) {
  return Message{.kind = MessageKind::kConsensus, .subnet = {}, .payload = to_bytes(as_bytes(text))};
}

// Appends pieces with += (GCC 12 reports a false -Wrestrict on chains of operator+).
template <typename... Parts>
std::string join(const Parts&... parts) {
  std::string out;
  ((out += parts), ...);
  return out;
}

std::string tail(const NodeId& id) { return to_hex(id, false).substr(38); }

// N fully connected nodes; every delivery and disconnect is appended to `trace` with its time.
struct Cluster {
  SimNetwork net;
  std::vector<NodeId> ids;
  std::vector<std::string> trace;

  Cluster(std::uint64_t seed, std::size_t n, LinkFaults faults) : net(seed, faults) {
    for (std::size_t i = 0; i < n; ++i) {
      ids.push_back(node_id(i));
      Transport& t = net.add_node(ids.back());
      const NodeId self = ids.back();
      t.set_handlers(TransportHandlers{
          .on_message = [this, self](const NodeId& from, Message m) {
            trace.push_back(join(std::to_string(net.now().count()), " ", tail(from), ">", tail(self),
                                 " ", std::string(m.payload.begin(), m.payload.end())));
          },
          .on_connect = nullptr,
          .on_disconnect = [this, self](const NodeId& from, const Error&) {
            trace.push_back(join(std::to_string(net.now().count()), " closed ", tail(from), ">",
                                 tail(self)));
          }});
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) net.node(ids[i]).connect(net.endpoint_of(ids[j]));
    net.run_for(milliseconds(100));
  }

  // Every node sends `rounds` messages to every other, one round per simulated millisecond.
  void chatter(int rounds) {
    for (int r = 0; r < rounds; ++r) {
      for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t j = 0; j < ids.size(); ++j)
          if (i != j)
            (void)net.node(ids[i]).send(ids[j], payload_message(join("m", std::to_string(r), ".", std::to_string(i))));
      net.run_for(milliseconds(1));
    }
    net.run_for(milliseconds(1000));
  }
};

const LinkFaults kRough{.drop = 0.1, .duplicate = 0.1, .min_delay = milliseconds(1),
                        .max_delay = milliseconds(40)};

TEST(SimNetwork, SameSeedSameDeliveriesBitForBit) {
  Cluster a(42, 5, kRough);
  Cluster b(42, 5, kRough);
  a.chatter(50);
  b.chatter(50);
  ASSERT_GT(a.trace.size(), 500u);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.net.stats().dropped, b.net.stats().dropped);
}

TEST(SimNetwork, AnotherSeedAnotherOrder) {
  Cluster a(42, 5, kRough);
  Cluster b(43, 5, kRough);
  a.chatter(50);
  b.chatter(50);
  EXPECT_NE(a.trace, b.trace);
}

TEST(SimNetwork, ConnectsAndDeliversOnItsOwnClock) {
  Cluster c(1, 3, LinkFaults{.drop = 0, .duplicate = 0, .min_delay = milliseconds(5),
                             .max_delay = milliseconds(5)});
  EXPECT_EQ(c.net.node(c.ids[0]).peers(), (std::vector<NodeId>{c.ids[1], c.ids[2]}));
  const auto start = c.net.now();
  ASSERT_TRUE(c.net.node(c.ids[0]).send(c.ids[1], payload_message("x")));
  c.net.run_until(start + milliseconds(4));
  EXPECT_TRUE(c.trace.empty());
  c.net.run_until(start + milliseconds(5));
  ASSERT_EQ(c.trace.size(), 1u);
  EXPECT_EQ(c.net.now(), start + milliseconds(5));
  EXPECT_EQ(c.net.clock().unix_seconds(), 1'700'000'000u);
}

TEST(SimNetwork, DropsDuplicatesAndReordersWithinTheDelayBounds) {
  Cluster c(7, 2, LinkFaults{.drop = 0.2, .duplicate = 0.2, .min_delay = milliseconds(1),
                             .max_delay = milliseconds(50)});
  std::vector<int> order;
  std::vector<std::chrono::nanoseconds> latency;
  std::map<int, std::chrono::nanoseconds> sent_at;
  c.net.node(c.ids[1]).set_handlers(TransportHandlers{
      .on_message = [&](const NodeId&, Message m) {
        const int n = std::stoi(std::string(m.payload.begin(), m.payload.end()));
        order.push_back(n);
        latency.push_back(c.net.now() - sent_at[n]);
      },
      .on_connect = nullptr, .on_disconnect = nullptr});
  for (int i = 0; i < 1000; ++i) {
    sent_at[i] = c.net.now();
    ASSERT_TRUE(c.net.node(c.ids[0]).send(c.ids[1], payload_message(std::to_string(i))));
    c.net.run_for(milliseconds(1));
  }
  c.net.run_for(milliseconds(100));
  const SimStats& s = c.net.stats();
  EXPECT_EQ(s.sent, 1000u);
  EXPECT_NEAR(static_cast<double>(s.dropped), 200, 60);
  EXPECT_NEAR(static_cast<double>(s.duplicated), 160, 60);  // of the 800 that were not dropped
  EXPECT_EQ(order.size(), s.sent - s.dropped + s.duplicated);
  EXPECT_EQ(s.delivered, order.size());
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));
  for (auto l : latency) {
    EXPECT_GE(l, milliseconds(1));
    EXPECT_LE(l, milliseconds(50));
  }
}

TEST(SimNetwork, PartitionLosesMessagesBetweenGroupsUntilHealed) {
  Cluster c(3, 4, LinkFaults{});
  c.net.partition({{c.ids[0], c.ids[1]}});  // {0,1} | {2,3}
  auto& n0 = c.net.node(c.ids[0]);
  ASSERT_TRUE(n0.send(c.ids[1], payload_message("inside")));
  ASSERT_TRUE(n0.send(c.ids[2], payload_message("across")));
  ASSERT_TRUE(c.net.node(c.ids[3]).send(c.ids[2], payload_message("other side")));
  c.net.run_for(milliseconds(10));
  ASSERT_EQ(c.trace.size(), 2u);
  EXPECT_EQ(c.net.stats().partitioned, 1u);
  c.net.heal();
  ASSERT_TRUE(n0.send(c.ids[2], payload_message("after heal")));
  c.net.run_for(milliseconds(10));
  ASSERT_EQ(c.trace.size(), 3u);
  EXPECT_NE(c.trace.back().find("after heal"), std::string::npos);
}

TEST(SimNetwork, MessagesInFlightAreLostWhenAPartitionStarts) {
  Cluster c(3, 2, LinkFaults{.drop = 0, .duplicate = 0, .min_delay = milliseconds(10),
                             .max_delay = milliseconds(10)});
  ASSERT_TRUE(c.net.node(c.ids[0]).send(c.ids[1], payload_message("late")));
  c.net.run_for(milliseconds(5));
  c.net.partition({{c.ids[0]}});
  c.net.run_for(milliseconds(10));
  EXPECT_TRUE(c.trace.empty());
  EXPECT_EQ(c.net.stats().partitioned, 1u);
}

TEST(SimNetwork, CrashLosesQueuesAndTimersAndRestartNeedsNewConnections) {
  Cluster c(5, 3, LinkFaults{.drop = 0, .duplicate = 0, .min_delay = milliseconds(10),
                             .max_delay = milliseconds(10)});
  ASSERT_TRUE(c.net.node(c.ids[0]).send(c.ids[1], payload_message("to the crashed")));
  ASSERT_TRUE(c.net.node(c.ids[1]).send(c.ids[2], payload_message("from the crashed")));
  bool timer_ran = false;
  c.net.schedule(c.ids[1], milliseconds(20), [&] { timer_ran = true; });
  c.net.run_for(milliseconds(5));
  c.net.crash(c.ids[1]);
  EXPECT_FALSE(c.net.is_up(c.ids[1]));
  EXPECT_EQ(c.net.node(c.ids[0]).peers(), (std::vector<NodeId>{c.ids[2]}));
  EXPECT_FALSE(c.net.node(c.ids[0]).send(c.ids[1], payload_message("x")));
  c.net.run_for(milliseconds(50));
  EXPECT_FALSE(timer_ran);
  EXPECT_EQ(c.net.stats().crashed, 3u);  // two messages and the timer
  ASSERT_EQ(c.trace.size(), 2u);         // node 0 and node 2 saw it go
  EXPECT_NE(c.trace[0].find("closed"), std::string::npos);

  c.net.restart(c.ids[1]);
  EXPECT_TRUE(c.net.node(c.ids[1]).peers().empty());
  c.net.node(c.ids[1]).connect(c.net.endpoint_of(c.ids[0]));
  c.net.run_for(milliseconds(20));
  ASSERT_TRUE(c.net.node(c.ids[1]).send(c.ids[0], payload_message("back")));
  c.net.run_for(milliseconds(20));
  EXPECT_NE(c.trace.back().find("back"), std::string::npos);
}

TEST(SimNetwork, DisconnectIsSeenByBothSides) {
  Cluster c(9, 2, LinkFaults{});
  c.net.node(c.ids[0]).disconnect(c.ids[1]);
  c.net.run_for(milliseconds(10));
  EXPECT_EQ(c.trace.size(), 2u);
  EXPECT_TRUE(c.net.node(c.ids[1]).peers().empty());
}

}  // namespace
}  // namespace plexus::net
