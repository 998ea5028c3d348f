// The bft Application over the primary network's chain: blocks built from the pool on pending
// parents leave out what their ancestors include, verify on a peer on top of pending parents,
// refuse a broken rule, an unknown parent and a date too far ahead, and once committed are
// written, empty the pool, and are served with their round and certificate.
#include <gtest/gtest.h>

#include "consensus/bft/platform_application.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus::bft {
namespace {

constexpr std::uint64_t kNetwork = 1337;

secp256k1::PrivateKey key(Byte seed) { return secp256k1::PrivateKey::from_seed(Bytes{seed}); }

platform::SignedOperation transfer(Byte from, std::uint64_t nonce, std::uint64_t amount) {
  return platform::sign_operation(
      platform::Transfer{key(9).address(), platform::plx(amount)}, kNetwork, nonce,
      std::vector<secp256k1::PrivateKey>{key(from)});
}

struct Node {
  Node()
      : registry(platform::PlatformRegistry::open(store, genesis()).value()),
        records(store),
        app(*registry, records, epoch_info(0, 0, 1000), [this] { return now; }) {}
  static platform::PlatformGenesis genesis() {
    platform::PlatformGenesis g{.network_id = kNetwork, .timestamp = 1000};
    for (Byte b = 1; b <= 3; ++b) g.balances.emplace_back(key(b).address(), platform::plx(100));
    return g;
  }
  kv::MemoryStore store;
  std::unique_ptr<platform::PlatformRegistry> registry;
  FinalRecords records;
  std::uint64_t now = 2000;
  PlatformApplication app;
};

TEST(BftPlatformApplication, BuildsOnPendingParentsVerifiesAndCommits) {
  Node leader, peer;
  ASSERT_TRUE(leader.registry->submit(transfer(1, 0, 10)));
  ASSERT_TRUE(leader.registry->submit(transfer(2, 0, 20)));
  EXPECT_FALSE(leader.registry->submit(transfer(1, 0, 10))) << "already pooled";
  const auto refused = leader.registry->submit(transfer(3, 0, 500));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("insufficient"), std::string::npos)
      << refused.error().message;

  const auto b1 = leader.app.build(leader.app.head(), false).value().value();
  const BlockInfo i1 = leader.app.describe(b1).value();
  EXPECT_EQ(i1.height, 1u);
  // Both pooled operations are in block 1, so block 2 on it has nothing to include.
  EXPECT_FALSE(leader.app.build(i1, false).value());
  ASSERT_TRUE(leader.registry->submit(transfer(1, 1, 5)));
  const auto b2 = leader.app.build(i1, false).value().value();
  const BlockInfo i2 = leader.app.describe(b2).value();
  EXPECT_EQ(i2.parent, i1.digest);
  EXPECT_EQ(platform::decode_block(b2).value().ops.size(), 1u);

  EXPECT_FALSE(peer.app.verify(b2)) << "unknown parent";
  ASSERT_TRUE(peer.app.verify(b1));
  ASSERT_TRUE(peer.app.verify(b2)) << "on a pending parent";
  EXPECT_EQ(peer.app.pending_count(), 2u);

  platform::PlatformBlock ahead = platform::decode_block(b1).value();
  ahead.timestamp = peer.now + PlatformApplication::kMaxFutureSeconds + 1;
  const auto early = peer.app.verify(platform::encode_block(ahead));
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("ahead of this node's clock"), std::string::npos);
  platform::PlatformBlock overdraw = platform::decode_block(b1).value();
  overdraw.ops = {transfer(3, 0, 500)};
  EXPECT_FALSE(peer.app.verify(platform::encode_block(overdraw)));

  const QuorumCert cert{Vote{VoteKind::kFinalize, 0, 4, 2, i2.digest}, Bytes{0x07}, Bytes(96, 1)};
  for (Node* node : {&leader, &peer}) {
    ASSERT_TRUE(node->app.commit(i1.digest, 3, std::nullopt));
    ASSERT_TRUE(node->app.commit(i2.digest, 4, cert));
    EXPECT_EQ(node->app.head(), (BlockInfo{i2.digest, {}, 2}));
    EXPECT_EQ(node->registry->balance(key(9).address()), platform::plx(35));
    EXPECT_EQ(node->registry->pool_size(), 0u);
    EXPECT_EQ(node->app.pending_count(), 0u);
  }
  const auto served = peer.app.final_block(2).value().value();
  EXPECT_EQ(served.block, b2);
  EXPECT_EQ(served.round, 4u);
  EXPECT_EQ(served.certificate, cert);
  EXPECT_FALSE(peer.app.final_block(3).value());
}

TEST(BftPlatformApplication, DroppingABlockDropsItsDescendants) {
  Node node;
  ASSERT_TRUE(node.registry->submit(transfer(1, 0, 10)));
  const auto b1 = node.app.build(node.app.head(), true).value().value();
  const BlockInfo i1 = node.app.describe(b1).value();
  const auto b2 = node.app.build(i1, true).value().value();
  EXPECT_EQ(node.app.pending_count(), 2u);
  node.app.drop(i1.digest);
  EXPECT_EQ(node.app.pending_count(), 0u);
  // The pool still holds the operation: a later block includes it.
  const auto again = node.app.build(node.app.head(), false).value();
  ASSERT_TRUE(again);
  EXPECT_EQ(platform::decode_block(*again).value().ops.size(), 1u);
}

}  // namespace
}  // namespace plexus::consensus::bft

namespace plexus::consensus::bft {
namespace {

// The bft engine's blocks carry the data root of their blobs' square: a peer re-extends the
// square before it votes and refuses a block whose root is not its blobs'.
TEST(BftPlatformApplication, APeerRefusesABlockWhoseDataRootIsNotItsBlobs) {
  Node leader, peer;
  Bytes ns(29, 0);
  ns[27] = 0x01;
  ns[28] = 0x42;
  const platform::SubmitBlobs blobs{{{ns, Bytes(2000, 0x33)}},
                                    platform::PlatformParams{}.min_blob_fee_per_byte};
  ASSERT_TRUE(leader.registry->submit(platform::sign_operation(
      blobs, kNetwork, 0, std::vector<secp256k1::PrivateKey>{key(1)})));
  const Bytes built = leader.app.build(leader.app.head(), false).value().value();
  const platform::PlatformBlock block = platform::decode_block(built).value();
  ASSERT_EQ(block.ops.size(), 1u);
  EXPECT_NE(block.data_root, platform::empty_data_root());

  platform::PlatformBlock lying = block;
  lying.data_root[0] ^= 1;
  const auto refused = peer.app.verify(platform::encode_block(lying));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("is not that of its blobs' square"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(peer.app.verify(built));
}

}  // namespace
}  // namespace plexus::consensus::bft
