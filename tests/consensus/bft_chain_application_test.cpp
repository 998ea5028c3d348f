// The bft Application over real subnet chains: a block a leader builds records its epoch and
// verifies on a peer of the same epoch, is refused by one of another epoch, and once committed is
// served to syncing peers with its round and certificate, which also covers its ancestors.
#include <gtest/gtest.h>

#include "consensus/bft/chain_application.hpp"
#include "core/hex.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus::bft {
namespace {

struct Node {
  explicit Node(std::uint64_t epoch, const chain::ChainConfig& config)
      : chain(chain::SubnetChain::open(store, config).value()),
        source(*chain),
        records(store),
        app(source, records, Address{}, ChainApplication::epoch_tag(epoch, 0),
            [this](const chain::BlockRecord& record) { final.push_back(record.hash); }) {}
  kv::MemoryStore store;
  std::unique_ptr<chain::SubnetChain> chain;
  SubnetBlockSource source;
  FinalRecords records;
  ChainApplication app;
  std::vector<Hash256> final;
};

TEST(BftChainApplication, BlocksNameTheirEpochAndFinalBlocksKeepTheirCertificates) {
  const auto key = secp256k1::PrivateKey::from_seed(from_hex("01").value());
  chain::ChainConfig config;
  config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
  config.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
  Node leader(0, config), peer(0, config), stranger(1, config);

  ASSERT_TRUE(leader.chain->submit(testing::signed_transfer(key, 0, Address{})));
  const auto b1 = leader.app.build(leader.app.head(), false).value();
  ASSERT_TRUE(b1);
  const BlockInfo i1 = leader.app.describe(*b1).value();
  const auto b2 = leader.app.build(i1, true).value().value();
  const BlockInfo i2 = leader.app.describe(b2).value();
  EXPECT_EQ(i2.parent, i1.digest);
  EXPECT_FALSE(leader.app.build(i2, false).value()) << "nothing to include, no empty block asked";

  ASSERT_TRUE(peer.app.verify(*b1));
  ASSERT_TRUE(peer.app.verify(b2));
  const auto refused = stranger.app.verify(*b1);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("does not name this epoch"), std::string::npos)
      << refused.error().message;

  // Block 2 is finalized by its own certificate; block 1 through it.
  const QuorumCert cert{Vote{VoteKind::kFinalize, 0, 7, 2, i2.digest}, Bytes{0x07}, Bytes(96, 1)};
  for (Node* node : {&leader, &peer}) {
    ASSERT_TRUE(node->app.commit(i1.digest, 6, std::nullopt));
    ASSERT_TRUE(node->app.commit(i2.digest, 7, cert));
    EXPECT_EQ(node->final, (std::vector<Hash256>{i1.digest, i2.digest}));
    EXPECT_EQ(node->chain->heads().finalized.number, 2u);
  }
  const auto first = peer.app.final_block(1).value().value();
  EXPECT_EQ(first.round, 6u);
  EXPECT_FALSE(first.certificate);
  EXPECT_EQ(first.block, *b1);
  const auto finality = peer.records.finality(1, peer.app.head().height).value().value();
  EXPECT_EQ(finality.certified_height, 2u) << "block 1 is final through block 2's certificate";
  EXPECT_EQ(finality.certificate, cert);
  EXPECT_FALSE(peer.app.final_block(3).value()) << "nothing above the head";
}

}  // namespace
}  // namespace plexus::consensus::bft
