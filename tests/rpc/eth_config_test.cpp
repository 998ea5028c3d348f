// eth_config (EIP-7910) on a chain that moves from Prague to Osaka at height 3.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "rpc/eth_endpoint.hpp"
#include "fixtures.hpp"
#include "storage/memory_store.hpp"

namespace plexus::rpc {
namespace {

class EthConfigTest : public ::testing::Test {
 protected:
  EthConfigTest() {
    chain::ChainConfig config;
    config.params.genesis().revision = evm::Revision::kPrague;
    chain::ChainParams osaka = config.params.genesis();
    osaka.revision = evm::Revision::kOsaka;
    EXPECT_TRUE(config.params.schedule(chain::ParamsChange{.height = 3, .params = osaka}));
    chain_ = chain::SubnetChain::open(store_, config).value();
    add_eth_methods(dispatcher_, std::make_shared<EthEndpoint>(*chain_));
  }
  json config() { return testing::call_method(dispatcher_, "eth_config", json::array()); }

  kv::MemoryStore store_;
  std::unique_ptr<chain::SubnetChain> chain_;
  Dispatcher dispatcher_;
};

TEST_F(EthConfigTest, ReportsTheCurrentNextAndLastForkByHeight) {
  const json before = config()["result"];
  ASSERT_TRUE(before.is_object()) << config().dump();
  EXPECT_EQ(before["current"]["activationTime"], 0);
  EXPECT_EQ(before["current"]["chainId"], "0x7a69");
  EXPECT_TRUE(before["current"]["blobSchedule"].is_null());
  EXPECT_FALSE(before["current"]["precompiles"].contains("P256VERIFY"));
  EXPECT_EQ(before["current"]["precompiles"]["BLS12_MAP_FP2_TO_G2"],
            "0x0000000000000000000000000000000000000011");
  EXPECT_EQ(before["current"]["systemContracts"]["HISTORY_STORAGE_ADDRESS"],
            "0x0000f90827f1c53a10cb7a02335b175320002935");
  EXPECT_EQ(before["next"]["blockHeight"], "0x3");
  EXPECT_FALSE(before["next"].contains("activationTime"));  // not reached: no time yet
  EXPECT_EQ(before["next"]["precompiles"]["P256VERIFY"],
            "0x0000000000000000000000000000000000000100");
  EXPECT_TRUE(before["last"].is_null());
  EXPECT_NE(before["current"]["forkId"], before["next"]["forkId"]);

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(chain_->produce_block(true).value());
  const json after = config()["result"];
  EXPECT_EQ(after["current"]["blockHeight"], "0x3");
  EXPECT_EQ(after["current"]["activationTime"], chain_->blocks().header_of(3).value()->timestamp);
  EXPECT_EQ(after["current"]["forkId"], before["next"]["forkId"]);
  EXPECT_EQ(after["last"]["forkId"], before["current"]["forkId"]);
  EXPECT_TRUE(after["next"].is_null());

  const json refused = testing::call_method(dispatcher_, "eth_config", {1});
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("too many arguments"),
            std::string::npos);
}

}  // namespace
}  // namespace plexus::rpc
