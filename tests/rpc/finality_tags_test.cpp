// The "safe" and "finalized" block tags answer from the chain's heads, which the consensus engine
// moves; "latest" is the last written block whatever its finality.
#include <gtest/gtest.h>

#include "rpc/eth_endpoint.hpp"
#include "storage/memory_store.hpp"

namespace plexus::rpc {
namespace {

class FinalityTagsTest : public ::testing::Test {
 protected:
  FinalityTagsTest() {
    chain_ = chain::SubnetChain::open(store_, chain::ChainConfig{}).value();
    endpoint_ = std::make_shared<EthEndpoint>(*chain_);
    add_eth_methods(dispatcher_, endpoint_);
  }

  // Written but not final: as under an engine that waits for votes.
  void block_not_final() {
    auto prepared = chain_->prepare_block(
        chain::BlockOptions{.allow_empty = true, .final_on_commit = false, .proposer = {}}).value();
    ASSERT_TRUE(prepared.has_value());
    ASSERT_TRUE(chain_->commit_block(std::move(*prepared)));
  }

  std::string number_of(const char* tag) {
    const json request = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "eth_getBlockByNumber"},
                          {"params", {tag, false}}};
    const json reply = json::parse(dispatcher_.handle(request.dump()).value());
    return reply["result"]["number"].get<std::string>();
  }

  kv::MemoryStore store_;
  std::unique_ptr<chain::SubnetChain> chain_;
  std::shared_ptr<EthEndpoint> endpoint_;
  Dispatcher dispatcher_;
};

TEST_F(FinalityTagsTest, SafeAndFinalizedFollowTheEngineNotTheHead) {
  block_not_final();
  block_not_final();
  block_not_final();
  EXPECT_EQ(number_of("latest"), "0x3");
  EXPECT_EQ(number_of("finalized"), "0x0");
  EXPECT_EQ(number_of("safe"), "0x0");

  chain_->mark_safe(2);
  EXPECT_EQ(number_of("safe"), "0x2");
  EXPECT_EQ(number_of("finalized"), "0x0");

  ASSERT_TRUE(chain_->mark_finalized(1));
  EXPECT_EQ(number_of("finalized"), "0x1");
  EXPECT_EQ(number_of("safe"), "0x2");  // finality never moves the safe head back
  EXPECT_FALSE(chain_->mark_finalized(4));  // above the head

  // The finalized head survives a restart; the safe head is the engine's to rebuild.
  endpoint_.reset();
  chain_.reset();
  chain_ = chain::SubnetChain::open(store_, chain::ChainConfig{}).value();
  const chain::ChainHeads heads = chain_->heads();
  EXPECT_EQ(heads.latest.number, 3u);
  EXPECT_EQ(heads.finalized.number, 1u);
  EXPECT_EQ(heads.finalized.hash, chain_->blocks().hash_of(1).value().value());
}

TEST_F(FinalityTagsTest, DevBlocksAreFinalAtOnce) {
  ASSERT_TRUE(chain_->produce_block(true).value().has_value());
  EXPECT_EQ(number_of("finalized"), "0x1");
  EXPECT_EQ(number_of("safe"), "0x1");
}

}  // namespace
}  // namespace plexus::rpc
