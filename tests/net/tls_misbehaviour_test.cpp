// TlsTransport against hostile peers: each is disconnected and scored down (banned), and the
// node keeps serving a well-behaved peer throughout.
#include "tls_fixture.hpp"

namespace plexus::net::testing {
namespace {

struct Misbehaviour : ::testing::Test {
  Node server = start_node(1);
  Node friendly = start_node(1);

  void SetUp() override {
    friendly->connect(server->local_endpoint());
    // Both sides: each one's handshake check finishes on its own thread.
    ASSERT_TRUE(server.inbox->wait([&] { return server.inbox->connected.size() == 1; }));
    ASSERT_TRUE(friendly.inbox->wait([&] { return friendly.inbox->connected.size() == 1; }));
  }

  // The well-behaved peer still gets through, both ways.
  void expect_still_serving() {
    const std::size_t before = server.inbox->messages.size();
    ASSERT_TRUE(friendly->send(server.id(), text_message(MessageKind::kConsensus, "still here")));
    EXPECT_TRUE(server.inbox->wait([&] { return server.inbox->messages.size() == before + 1; }));
    const std::size_t got = friendly.inbox->messages.size();
    ASSERT_TRUE(server->send(friendly.id(), text_message(MessageKind::kConsensus, "and you")));
    EXPECT_TRUE(friendly.inbox->wait([&] { return friendly.inbox->messages.size() == got + 1; }));
    EXPECT_EQ(server->peers(), std::vector<NodeId>{friendly.id()});
  }

  // Connects `identity` with a valid handshake and waits until the server lists it as a peer.
  void establish(RawPeer& raw, const Identity& identity) {
    ASSERT_TRUE(raw.connect(server->local_endpoint()));
    ASSERT_TRUE(raw.send_raw(RawPeer::framed(raw.handshake(1, identity))));
    ASSERT_TRUE(server.inbox->wait([&] {
      return std::find(server.inbox->connected.begin(), server.inbox->connected.end(),
                       identity.node_id()) != server.inbox->connected.end();
    }));
  }

  // The server closed the raw connection, banned `peer`, and still serves the friendly node.
  void expect_dropped_and_banned(RawPeer& raw, const NodeId& peer) {
    EXPECT_TRUE(raw.closed_by_peer());
    EXPECT_TRUE(server.inbox->wait([&] { return server->is_banned(peer); }));
    expect_still_serving();
  }

  bool logged(const std::string& needle) {
    return server.inbox->wait([&] {
      for (const auto& line : server.inbox->log)
        if (line.find(needle) != std::string::npos) return true;
      return false;
    });
  }
};

TEST_F(Misbehaviour, WrongNetworkIdIsRefusedAndBanned) {
  Node stranger = start_node(2);
  stranger->connect(server->local_endpoint());
  ASSERT_TRUE(server.inbox->wait([&] { return server->is_banned(stranger.id()); }));
  EXPECT_TRUE(logged("wrong network id (handshake: network id 2 is not ours (1))"));
  EXPECT_LE(server->score(stranger.id()), -100);
  EXPECT_TRUE(stranger.inbox->connected.empty());
  expect_still_serving();
}

TEST_F(Misbehaviour, CertificateNotMatchingTheClaimedIdIsBanned) {
  auto mallory = *Identity::generate();
  auto alice = *Identity::generate();
  RawPeer raw(mallory);
  ASSERT_TRUE(raw.connect(server->local_endpoint()));
  // Alice's id and signature, over this very connection, but Mallory's certificate.
  ASSERT_TRUE(raw.send_raw(RawPeer::framed(raw.handshake(1, alice))));
  expect_dropped_and_banned(raw, mallory.node_id());
  EXPECT_FALSE(server->is_banned(alice.node_id()));
  EXPECT_TRUE(logged("certificate does not match the claimed node id"));
}

TEST_F(Misbehaviour, HandshakeReplayedOnAnotherConnectionIsBanned) {
  auto replayer = *Identity::generate();
  Handshake recorded;
  {
    RawPeer first(replayer);
    ASSERT_TRUE(first.connect(server->local_endpoint()));
    recorded = first.handshake(1, replayer);
  }
  RawPeer second(replayer);
  ASSERT_TRUE(second.connect(server->local_endpoint()));
  ASSERT_TRUE(second.send_raw(RawPeer::framed(recorded)));
  expect_dropped_and_banned(second, replayer.node_id());
  EXPECT_TRUE(logged("replayed handshake"));
}

TEST_F(Misbehaviour, SecondHandshakeOnAnOpenConnectionIsBanned) {
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  establish(raw, peer);
  ASSERT_TRUE(raw.send_raw(RawPeer::framed(raw.handshake(1, peer))));
  expect_dropped_and_banned(raw, peer.node_id());
  EXPECT_TRUE(server.inbox->wait([&] { return server.inbox->disconnected.size() == 1; }));
}

TEST_F(Misbehaviour, GarbageFrameAfterTheHandshakeDisconnectsAndBans) {
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  establish(raw, peer);
  Bytes garbage;
  ASSERT_TRUE(append_frame(garbage, as_bytes("this is not an RLP envelope")));
  ASSERT_TRUE(raw.send_raw(garbage));
  expect_dropped_and_banned(raw, peer.node_id());
  ASSERT_TRUE(server.inbox->wait([&] { return server.inbox->disconnected.size() == 1; }));
  EXPECT_EQ(server.inbox->disconnected[0], peer.node_id());
  EXPECT_TRUE(logged("garbage frame"));

  // Banned: a new connection with the same certificate is dropped right after TLS.
  RawPeer again(peer);
  ASSERT_TRUE(again.connect(server->local_endpoint()));
  EXPECT_TRUE(again.closed_by_peer());
}

TEST_F(Misbehaviour, FrameClaimingFourGibIsRefusedAtTheHeader) {
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  establish(raw, peer);
  const Byte header[] = {0xff, 0xff, 0xff, 0xff, 1, 2, 3};
  ASSERT_TRUE(raw.send_raw(header));
  expect_dropped_and_banned(raw, peer.node_id());
  EXPECT_TRUE(logged("oversized frame (frame: length 4294967295 exceeds the cap of 2097152 bytes)"));
}

TEST_F(Misbehaviour, GarbageInsteadOfAHandshakeIsBanned) {
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  ASSERT_TRUE(raw.connect(server->local_endpoint()));
  // Before the handshake the cap is 4 KiB: a claim of 1 MiB is already too much.
  const Byte header[] = {0x00, 0x10, 0x00, 0x00};
  ASSERT_TRUE(raw.send_raw(header));
  expect_dropped_and_banned(raw, peer.node_id());
}

TEST_F(Misbehaviour, PlainTcpGarbageNeverReachesTheProtocol) {
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  ASSERT_TRUE(raw.connect(server->local_endpoint(), /*tls=*/false));
  ASSERT_TRUE(raw.send_raw(as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), /*tls=*/false));
  EXPECT_TRUE(raw.closed_by_peer(/*tls=*/false));
  EXPECT_TRUE(server.inbox->wait([&] { return server->stats().refused >= 1; }));
  expect_still_serving();
}

TEST_F(Misbehaviour, SilentPeerIsDroppedAtTheHandshakeTimeout) {
  TlsConfig config;
  config.limits.handshake_timeout = std::chrono::milliseconds(200);
  Node strict = start_node(1, config);
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  ASSERT_TRUE(raw.connect(strict->local_endpoint()));  // TLS, then nothing
  EXPECT_TRUE(raw.closed_by_peer());
  EXPECT_FALSE(strict->is_banned(peer.node_id()));
}

TEST_F(Misbehaviour, PeerThatStopsAnsweringIsDroppedAfterTheIdleTimeout) {
  TlsConfig config;
  config.limits.ping_interval = std::chrono::milliseconds(50);
  config.limits.idle_timeout = std::chrono::milliseconds(150);
  Node pinging = start_node(1, config);
  auto peer = *Identity::generate();
  RawPeer raw(peer);
  ASSERT_TRUE(raw.connect(pinging->local_endpoint()));
  ASSERT_TRUE(raw.send_raw(RawPeer::framed(raw.handshake(1, peer))));
  ASSERT_TRUE(pinging.inbox->wait([&] { return pinging.inbox->connected.size() == 1; }));
  // The raw peer reads the pings but never answers: gone, as far as the node can tell.
  EXPECT_TRUE(raw.closed_by_peer());
  EXPECT_TRUE(pinging.inbox->wait([&] { return pinging.inbox->disconnected.size() == 1; }));
  EXPECT_FALSE(pinging->is_banned(peer.node_id()));
}

TEST_F(Misbehaviour, FloodOverTheRateLimitIsDroppedThenBanned) {
  TlsConfig config;
  config.limits.messages_per_second = 20;
  config.limits.message_burst = 20;
  Node limited = start_node(1, config);
  Node flooder = start_node(1);
  flooder->connect(limited->local_endpoint());
  ASSERT_TRUE(flooder.inbox->wait([&] { return flooder.inbox->connected.size() == 1; }));
  for (int i = 0; i < 200; ++i)
    (void)flooder->send(limited.id(), text_message(MessageKind::kTransactions, "spam"));
  ASSERT_TRUE(limited.inbox->wait([&] { return limited->is_banned(flooder.id()); }));
  EXPECT_TRUE(flooder.inbox->wait([&] { return flooder.inbox->disconnected.size() == 1; }));
  EXPECT_LE(limited.inbox->messages.size(), 25u);
  EXPECT_GE(limited->stats().rate_limited, 20u);
}

}  // namespace
}  // namespace plexus::net::testing
