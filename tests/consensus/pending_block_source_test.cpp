// SubnetBlockSource's pending calls reach the chain: what an engine that keeps blocks pending
// (BFT, snowman) sees of it.
#include "consensus/block_source.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus {
namespace {

TEST(SubnetBlockSource, BuildsAddsCommitsAndDropsPendingBlocks) {
  const auto key = secp256k1::PrivateKey::from_seed(from_hex("01").value());
  chain::ChainConfig config;
  config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
  config.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
  kv::MemoryStore leader_store;
  kv::MemoryStore peer_store;
  auto leader_chain = chain::SubnetChain::open(leader_store, config).value();
  auto peer_chain = chain::SubnetChain::open(peer_store, config).value();
  SubnetBlockSource leader(*leader_chain);
  SubnetBlockSource peer(*peer_chain);
  const chain::BlockOptions options{.allow_empty = true, .final_on_commit = false, .proposer = {}};

  ASSERT_TRUE(leader_chain->submit(testing::signed_transfer(key, 0, Address{})));
  const auto genesis = leader.heads().latest.hash;
  const auto b1 = leader.build_pending(genesis, options).value().value();
  const Hash256 h1 = chain::header_hash(b1.header).value();
  const auto b2 = leader.build_pending(h1, options).value().value();
  const Hash256 h2 = chain::header_hash(b2.header).value();
  ASSERT_EQ(peer.add_pending(b1).value().hash, h1);
  ASSERT_EQ(peer.add_pending(b2).value().hash, h2);
  ASSERT_TRUE(peer.drop_pending(h2));
  for (BlockSource* source : {static_cast<BlockSource*>(&leader), static_cast<BlockSource*>(&peer)})
    ASSERT_EQ(source->commit_pending(h1).value().hash, h1);
  EXPECT_EQ(peer.heads().latest.hash, leader.heads().latest.hash);
  EXPECT_EQ(leader_chain->pending_blocks().size(), 1u);  // b2, still pending on the leader
  EXPECT_TRUE(peer_chain->pending_blocks().empty());
}

}  // namespace
}  // namespace plexus::consensus
