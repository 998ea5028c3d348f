// TlsTransport between well-behaved nodes on 127.0.0.1: connecting, exchanging, priorities,
// honest refusals (clock skew), local limits.
#include <algorithm>
#include <cstdio>
#include <thread>

#include "tls_fixture.hpp"

namespace plexus::net::testing {
namespace {

// Built with += : GCC 12 reports a false -Wrestrict on "literal" + std::string temporaries.
std::string label(char prefix, std::size_t n) {
  std::string out(1, prefix);
  out += std::to_string(n);
  return out;
}

TEST(TlsTransport, TwoNodesConnectAndExchangeBothWays) {
  Node a = start_node();
  Node b = start_node();
  const auto started = std::chrono::steady_clock::now();
  b->connect(a->local_endpoint());
  ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->connected.size() == 1; }));
  ASSERT_TRUE(b.inbox->wait([&] { return b.inbox->connected.size() == 1; }));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  std::printf("loopback connect + TLS 1.3 + handshake: %.2f ms\n",
              std::chrono::duration<double, std::milli>(elapsed).count());
  EXPECT_EQ(a.inbox->connected[0], b.id());
  EXPECT_EQ(b.inbox->connected[0], a.id());
  EXPECT_EQ(a->peers(), std::vector<NodeId>{b.id()});

  ASSERT_TRUE(a->send(b.id(), text_message(MessageKind::kConsensus, "from a")));
  ASSERT_TRUE(b->send(a.id(), text_message(MessageKind::kTransactions, "from b")));
  ASSERT_TRUE(b.inbox->wait([&] { return b.inbox->messages.size() == 1; }));
  ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->messages.size() == 1; }));
  EXPECT_EQ(b.inbox->messages[0].first, a.id());
  EXPECT_EQ(b.inbox->messages[0].second, text_message(MessageKind::kConsensus, "from a"));
  EXPECT_EQ(a.inbox->messages[0].second, text_message(MessageKind::kTransactions, "from b"));

  b->disconnect(a.id());
  ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->disconnected.size() == 1; }));
  ASSERT_TRUE(b.inbox->wait([&] { return b.inbox->disconnected.size() == 1; }));
  EXPECT_TRUE(a->peers().empty());
  EXPECT_FALSE(a->send(b.id(), text_message(MessageKind::kPing, "")));
  EXPECT_FALSE(a->is_banned(b.id()));
}

TEST(TlsTransport, HandshakeTimeOverRepeatedConnections) {
  Node a = start_node();
  Node b = start_node();
  constexpr int kRounds = 20;
  std::vector<double> ms;
  for (int i = 0; i < kRounds; ++i) {
    const auto started = std::chrono::steady_clock::now();
    b->connect(a->local_endpoint());
    ASSERT_TRUE(b.inbox->wait([&] { return b.inbox->connected.size() == std::size_t(i + 1); }));
    ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->connected.size() == std::size_t(i + 1); }));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    b->disconnect(a.id());
    ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->disconnected.size() == std::size_t(i + 1); }));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("handshake over %d loopback connections: median %.2f ms, max %.2f ms\n", kRounds,
              ms[ms.size() / 2], ms.back());
  EXPECT_EQ(a->stats().established, std::uint64_t{kRounds});
}

TEST(TlsTransport, FourNodesFullMesh) {
  std::vector<Node> nodes;
  for (int i = 0; i < 4; ++i) nodes.push_back(start_node());
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = i + 1; j < 4; ++j) nodes[i]->connect(nodes[j]->local_endpoint());
  for (auto& n : nodes) ASSERT_TRUE(n.inbox->wait([&] { return n.inbox->connected.size() == 3; }));
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      if (i != j) {
        ASSERT_TRUE(nodes[i]->send(nodes[j].id(), text_message(MessageKind::kBlockAnnounce, label('n', i))));
      }
  for (auto& n : nodes) {
    ASSERT_TRUE(n.inbox->wait([&] { return n.inbox->messages.size() == 3; }));
    std::vector<NodeId> senders;
    for (auto& [from, m] : n.inbox->messages) senders.push_back(from);
    std::sort(senders.begin(), senders.end());
    auto expected = n->peers();
    EXPECT_EQ(senders, expected);
  }
}

TEST(TlsTransport, QueuedMessagesLeaveConsensusFirstThenBlocksThenTransactions) {
  Node a = start_node();
  Node b = start_node();
  // Everything is queued inside one handler call, before the first write: the write takes the
  // queue in priority order, whatever the order of the sends.
  b->set_handlers(TransportHandlers{
      .on_message = nullptr,
      .on_connect = [&](const NodeId& peer) {
        for (std::size_t i = 0; i < 200; ++i)
          EXPECT_TRUE(b->send(peer, text_message(MessageKind::kTransactions, label('t', i))));
        for (std::size_t i = 0; i < 50; ++i)
          EXPECT_TRUE(b->send(peer, text_message(MessageKind::kBlockResponse, label('b', i))));
        for (std::size_t i = 0; i < 10; ++i)
          EXPECT_TRUE(b->send(peer, text_message(MessageKind::kConsensus, label('c', i))));
      },
      .on_disconnect = nullptr});
  b->connect(a->local_endpoint());
  ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->messages.size() == 260; }));
  for (std::size_t i = 0; i < 260; ++i) {
    const auto& m = a.inbox->messages[i].second;
    const char expected = i < 10 ? 'c' : i < 60 ? 'b' : 't';
    const std::size_t n = i < 10 ? i : i < 60 ? i - 10 : i - 60;
    EXPECT_EQ(std::string(m.payload.begin(), m.payload.end()), label(expected, n)) << i;
  }
}

TEST(TlsTransport, SkewedClockIsRefusedButNotBanned) {
  Node a = start_node();
  ManualClock ahead(SystemClock().unix_seconds() + 120);
  Node skewed = start_node(1, TlsConfig{.network_id = 1, .listen = {.host = "127.0.0.1", .port = 0},
                                        .advertise = std::nullopt, .limits = {}, .scoring = {},
                                        .max_clock_skew_seconds = 60, .clock = &ahead, .log = {}});
  skewed->connect(a->local_endpoint());
  ASSERT_TRUE(a.inbox->wait([&] { return a->stats().refused >= 1; }));
  EXPECT_TRUE(a->peers().empty());
  EXPECT_FALSE(a->is_banned(skewed.id()));
  EXPECT_TRUE(a.inbox->connected.empty());
  EXPECT_TRUE(skewed.inbox->connected.empty());
}

TEST(TlsTransport, OversizedSendIsRefusedLocally) {
  TlsConfig config;
  config.limits.max_frame = 1024;
  Node a = start_node(1, config);
  Node b = start_node(1, config);
  b->connect(a->local_endpoint());
  ASSERT_TRUE(b.inbox->wait([&] { return b.inbox->connected.size() == 1; }));
  Message big{.kind = MessageKind::kBlockResponse, .subnet = {}, .payload = Bytes(2000, 1)};
  const auto sent = b->send(a.id(), big);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, Errc::kLimitExceeded);
}

TEST(TlsTransport, SimultaneousDialsSettleOnOneConnection) {
  for (int round = 0; round < 5; ++round) {
    Node a = start_node();
    Node b = start_node();
    a->connect(b->local_endpoint());
    b->connect(a->local_endpoint());
    ASSERT_TRUE(a.inbox->wait([&] { return a->stats().established + a->stats().refused >= 2; }));
    ASSERT_TRUE(b.inbox->wait([&] { return b->stats().established + b->stats().refused >= 2; }));
    // Whatever the order, each side keeps one working connection.
    ASSERT_TRUE(a.inbox->wait([&] { return a->peers().size() == 1 && b->peers().size() == 1; }));
    ASSERT_TRUE(a->send(b.id(), text_message(MessageKind::kConsensus, "a")));
    ASSERT_TRUE(b->send(a.id(), text_message(MessageKind::kConsensus, "b")));
    EXPECT_TRUE(a.inbox->wait([&] { return a.inbox->messages.size() == 1; }));
    EXPECT_TRUE(b.inbox->wait([&] { return b.inbox->messages.size() == 1; }));
    // Normally one connect and no disconnect; if the losing connection was established first
    // and closed by the other side before the winner arrived, a disconnect and a second connect.
    for (Node* n : {&a, &b}) {
      EXPECT_TRUE(n->inbox->wait(
          [&] { return n->inbox->connected.size() == n->inbox->disconnected.size() + 1; }));
    }
  }
}

TEST(TlsTransport, IdleConnectionStaysUpOnPings) {
  TlsConfig config;
  config.limits.ping_interval = std::chrono::milliseconds(30);
  config.limits.idle_timeout = std::chrono::milliseconds(300);
  Node a = start_node(1, config);
  Node b = start_node(1, config);
  b->connect(a->local_endpoint());
  ASSERT_TRUE(a.inbox->wait([&] { return a.inbox->connected.size() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // 20 ping intervals, no traffic
  EXPECT_TRUE(a.inbox->disconnected.empty());
  EXPECT_EQ(a->peers(), std::vector<NodeId>{b.id()});
  EXPECT_TRUE(a.inbox->messages.empty());  // pings and pongs stay inside the transport
}

TEST(TlsTransport, DialingANonListeningPortFailsQuietly) {
  Node a = start_node();
  Endpoint closed = a->local_endpoint();
  { Node gone = start_node(); closed = gone->local_endpoint(); }
  a->connect(closed);
  ASSERT_TRUE(a.inbox->wait([&] { return a->stats().refused >= 1; }));
  EXPECT_TRUE(a->peers().empty());
}

}  // namespace
}  // namespace plexus::net::testing
