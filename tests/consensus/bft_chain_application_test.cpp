// The bft Application over real subnet chains: a block a leader builds records its epoch and
// verifies on a peer of the same epoch, is refused by one of another epoch, and once committed is
// served to syncing peers with its round and certificate, which also covers its ancestors.
#include <gtest/gtest.h>

#include "chain/header_rules.hpp"
#include "consensus/bft/chain_application.hpp"
#include "core/hex.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus::bft {
namespace {

struct Node {
  explicit Node(std::uint64_t epoch, const chain::ChainConfig& config, std::uint64_t length = 1000)
      : chain(chain::SubnetChain::open(store, config).value()),
        source(*chain),
        records(store),
        app(
            source, records, Address{}, epoch_info(epoch, 0, length),
            [this] { return platform_height; },
            [this](const chain::BlockRecord& record) { final.push_back(record.hash); }) {}
  kv::MemoryStore store;
  std::unique_ptr<chain::SubnetChain> chain;
  SubnetBlockSource source;
  FinalRecords records;
  std::uint64_t platform_height = 0;
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
  EXPECT_NE(refused.error().message.find("this is epoch 1"), std::string::npos)
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

// An epoch of two blocks: the last names the next platform height (one a peer does not hold yet
// makes it wait), blocks past it are empty and never written, and the one whose certificate
// finalizes the last block leaves it a tail to show.
TEST(BftChainApplication, EpochsEndAtTheirLastBlock) {
  const auto key = secp256k1::PrivateKey::from_seed(from_hex("01").value());
  chain::ChainConfig config;
  config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
  config.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
  Node leader(0, config, 2), peer(0, config, 2);
  leader.platform_height = 7;
  const auto b1 = leader.app.build(leader.app.head(), true).value().value();
  const BlockInfo i1 = leader.app.describe(b1).value();
  const auto b2 = leader.app.build(i1, true).value().value();
  const BlockInfo i2 = leader.app.describe(b2).value();
  EXPECT_EQ(decode_epoch_tag(chain::engine_data(chain::decode_block(b2).value().header)).value(),
            (EpochTag{0, 0, 7}));
  ASSERT_TRUE(leader.chain->submit(testing::signed_transfer(key, 0, Address{})));
  const auto b3 = leader.app.build(i2, true).value().value();
  EXPECT_TRUE(chain::decode_block(b3).value().transactions.empty()) << "past the end: empty";
  const BlockInfo i3 = leader.app.describe(b3).value();

  ASSERT_TRUE(peer.app.verify(b1));
  const auto early = peer.app.verify(b2);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, Errc::kNotFound) << early.error().message;
  peer.platform_height = 9;
  ASSERT_TRUE(peer.app.verify(b2));
  ASSERT_TRUE(peer.app.verify(b3));

  const QuorumCert cert{Vote{VoteKind::kFinalize, 0, 5, 3, i3.digest}, Bytes{0x07}, Bytes(96, 1)};
  for (Node* node : {&leader, &peer}) {
    EXPECT_FALSE(node->app.next_platform_height());
    ASSERT_TRUE(node->app.commit(i1.digest, 3, std::nullopt));
    ASSERT_TRUE(node->app.commit(i2.digest, 4, std::nullopt));
    ASSERT_TRUE(node->app.commit(i3.digest, 5, cert));
    EXPECT_EQ(node->app.next_platform_height(), 7u);
    EXPECT_EQ(node->chain->heads().latest.number, 2u) << "the block past the end is not written";
    const auto last = node->app.final_block(2).value().value();
    EXPECT_EQ(last.certificate, cert);
    ASSERT_EQ(last.tail.size(), 1u);
    EXPECT_EQ(last.tail[0], (std::pair<std::uint64_t, Bytes>{5, b3}));
    EXPECT_FALSE(node->app.build(node->app.head(), true)) << "the epoch is over";
    const auto head = node->chain->blocks().by_number(2).value().value().block;
    EXPECT_EQ(ChainApplication::current_epoch(head, 2, 0).value(), epoch_info(1, 7, 2));
  }
  EXPECT_EQ(leader.chain->pending_count(), 1u) << "the transfer waits for the next epoch";
}

}  // namespace
}  // namespace plexus::consensus::bft
