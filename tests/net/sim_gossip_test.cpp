// SimNetwork as the later consensus and sync tests will use it: a toy gossip protocol with
// periodic re-announcement on simulated timers converges despite loss, a partition and a crash,
// and does so identically for the same seed.
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "net/sim_network.hpp"

namespace plexus::net {
namespace {

using std::chrono::milliseconds;

// Each node keeps the items it has seen, forwards new ones to all peers, and every 100 ms
// re-sends everything it knows (anti-entropy), which repairs what the network lost.
struct GossipNode {
  SimNetwork& net;
  NodeId id;
  std::set<Byte> items;

  GossipNode(SimNetwork& network, NodeId node) : net(network), id(node) { net.add_node(id); }

  Transport& transport() { return net.node(id); }

  void boot() {
    items.clear();  // a restarted process remembers nothing
    transport().set_handlers(TransportHandlers{
        .on_message = [this](const NodeId&, Message m) {
          if (m.payload.size() == 1 && items.insert(m.payload[0]).second) broadcast(m.payload[0]);
        },
        .on_connect = nullptr,
        .on_disconnect = nullptr});
    tick();
  }

  void broadcast(Byte item) {
    for (const NodeId& peer : transport().peers())
      (void)transport().send(peer, Message{.kind = MessageKind::kTransactions, .subnet = {},
                                           .payload = Bytes{item}});
  }

  void tick() {
    for (Byte item : items) broadcast(item);
    net.schedule(id, milliseconds(100), [this] { tick(); });
  }
};

struct GossipRun {
  SimNetwork net;
  std::vector<std::unique_ptr<GossipNode>> nodes;
  std::chrono::nanoseconds converged_at{-1};

  explicit GossipRun(std::uint64_t seed)
      : net(seed, LinkFaults{.drop = 0.2, .duplicate = 0.05, .min_delay = milliseconds(1),
                             .max_delay = milliseconds(30)}) {
    for (Byte i = 0; i < 8; ++i) {
      NodeId id;
      id[0] = static_cast<Byte>(i + 1);
      nodes.push_back(std::make_unique<GossipNode>(net, id));
    }
    for (auto& n : nodes) n->boot();
    connect_all();
  }

  void connect_all() {
    for (auto& a : nodes)
      for (auto& b : nodes)
        if (a->id < b->id && net.is_up(a->id) && net.is_up(b->id))
          a->transport().connect(net.endpoint_of(b->id));
  }

  bool all_have(std::size_t count) const {
    for (const auto& n : nodes)
      if (n->items.size() != count) return false;
    return true;
  }

  void run() {
    net.run_for(milliseconds(50));
    net.partition({{nodes[7]->id}});
    for (Byte item = 0; item < 20; ++item) {
      nodes[0]->items.insert(item);
      nodes[0]->broadcast(item);
      net.run_for(milliseconds(10));
    }
    net.crash(nodes[6]->id);
    net.run_for(milliseconds(500));
    EXPECT_TRUE(nodes[7]->items.empty());  // cut off the whole time
    net.heal();
    net.restart(nodes[6]->id);
    nodes[6]->boot();
    connect_all();  // redials existing pairs too; those dials are no-ops
    for (int i = 0; i < 400 && !all_have(20); ++i) net.run_for(milliseconds(5));
    if (all_have(20)) converged_at = net.now();
  }
};

TEST(SimGossip, ConvergesDespiteLossPartitionAndCrash) {
  GossipRun run(2024);
  run.run();
  EXPECT_TRUE(run.all_have(20));
  EXPECT_GT(run.net.stats().dropped, 0u);
  EXPECT_GT(run.net.stats().partitioned, 0u);
}

TEST(SimGossip, SameSeedConvergesAtTheSameInstant) {
  GossipRun first(77);
  GossipRun second(77);
  first.run();
  second.run();
  ASSERT_GE(first.converged_at.count(), 0);
  EXPECT_EQ(first.converged_at, second.converged_at);
  EXPECT_EQ(first.net.stats().delivered, second.net.stats().delivered);
  EXPECT_EQ(first.net.stats().dropped, second.net.stats().dropped);
}

}  // namespace
}  // namespace plexus::net
