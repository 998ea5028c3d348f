// One wallet key signs for every subnet, so no signed transaction may be valid on two of them:
// protected transactions are bound to their subnet's chain id, unprotected (pre-EIP-155) ones are
// refused unless one subnet, and one only, allows them.
#include <gtest/gtest.h>

#include "core/hd_wallet.hpp"
#include "core/transaction.hpp"
#include "node/dev_network.hpp"
#include "storage/env.hpp"

namespace plexus::node {
namespace {

class ReplayTest : public ::testing::Test {
 protected:
  DevNetworkConfig config() const {
    DevNetworkConfig c;
    c.data_dir = "unused-the-env-holds-the-stores";
    c.rpc_port = 0;
    c.accounts = 1;
    c.log_blocks = false;
    return c;
  }

  // A transfer from dev account 0; chain id 0 makes a legacy transaction unprotected.
  static Bytes legacy_transfer(std::uint64_t chain_id) {
    const auto keys = hd::dev_account_keys(hd::kDevMnemonic, 1).value();
    tx::Transaction t;
    t.type = tx::Type::kLegacy;
    t.chain_id = chain_id;
    t.gas_price = uint256(10'000'000'000ULL);
    t.gas_limit = 21000;
    t.to = Address{};
    t.value = 1;
    tx::sign(t, keys[0]);
    return tx::encode(t);
  }

  static std::string submit(DevNetwork& net, const char* subnet, const Bytes& raw) {
    const auto hash = net.subnet(subnet)->chain->submit(raw);
    return hash ? "ok" : hash.error().message;
  }

  ManualClock clock_{1'800'000'000};
  SeededRandom random_{3};
  kv::MemoryStoreFactory stores_;
  kv::Env env_{clock_, random_, stores_};
};

TEST_F(ReplayTest, UnprotectedTransactionsAreRefusedEverywhereByDefault) {
  auto net = DevNetwork::start(config(), env_);
  ASSERT_TRUE(net) << net.error().message;
  const Bytes unprotected = legacy_transfer(0);
  for (const char* subnet : {"evm", "wasm", "move"})
    EXPECT_EQ(submit(**net, subnet, unprotected),
              "only replay-protected (EIP-155) transactions allowed over RPC")
        << subnet;
  // A protected transaction is valid on its own subnet only.
  const Bytes for_evm = legacy_transfer(31337);
  EXPECT_EQ(submit(**net, "wasm", for_evm), "invalid chain id: have 31337, want 31338");
  EXPECT_EQ(submit(**net, "move", for_evm), "invalid chain id: have 31337, want 31339");
  EXPECT_EQ(submit(**net, "evm", for_evm), "ok");
  (*net)->stop();
}

TEST_F(ReplayTest, OneSubnetMayAllowThemAndTheOthersStillRefuse) {
  DevNetworkConfig c = config();
  c.unprotected_txs_subnets = {"evm"};
  auto net = DevNetwork::start(c, env_);
  ASSERT_TRUE(net) << net.error().message;
  const Bytes unprotected = legacy_transfer(0);
  EXPECT_EQ(submit(**net, "wasm", unprotected),
            "only replay-protected (EIP-155) transactions allowed over RPC");
  EXPECT_EQ(submit(**net, "move", unprotected),
            "only replay-protected (EIP-155) transactions allowed over RPC");
  EXPECT_EQ(submit(**net, "evm", unprotected), "ok");
  ASSERT_TRUE((*net)->subnet("evm")->engine->mine_now());
  EXPECT_EQ((*net)->subnet("evm")->chain->account(
                hd::dev_account_keys(hd::kDevMnemonic, 1).value()[0].address(), std::nullopt)
                ->nonce,
            1u);
  (*net)->stop();
}

TEST_F(ReplayTest, AllowingThemOnTwoSubnetsOrAnUnknownOneIsAConfigurationError) {
  DevNetworkConfig two = config();
  two.unprotected_txs_subnets = {"evm", "wasm"};
  const auto refused = DevNetwork::start(two, env_);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("one subnet at most"), std::string::npos);
  DevNetworkConfig unknown = config();
  unknown.unprotected_txs_subnets = {"nope"};
  const auto refused_unknown = DevNetwork::start(unknown, env_);
  ASSERT_FALSE(refused_unknown);
  EXPECT_NE(refused_unknown.error().message.find("subnet nope"), std::string::npos);
}

TEST(ReplayConfig, TheConfigFileNamesOneSubnetAtMost) {
  const auto one = parse_dev_config(R"({"allow_unprotected_txs":["evm"]})", {});
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->unprotected_txs_subnets, std::vector<std::string>{"evm"});
  const auto two = parse_dev_config(R"({"allow_unprotected_txs":["evm","move"]})", {});
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("at most one subnet"), std::string::npos);
}

}  // namespace
}  // namespace plexus::node
