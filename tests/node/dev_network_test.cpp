#include "node/dev_network.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/hash.hpp"
#include "core/transaction.hpp"

namespace plexus::node {
namespace {

class DevNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("plexus-dev-network-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  DevNetworkConfig config() const {
    DevNetworkConfig c;
    c.data_dir = dir_;
    c.rpc_port = 0;
    c.accounts = 2;
    c.log_blocks = false;
    return c;
  }

  std::filesystem::path dir_;
};

TEST_F(DevNetworkTest, StartsWithFundedHardhatAccountsAndRestartsWhereItWas) {
  {
    auto net = DevNetwork::start(config());
    ASSERT_TRUE(net) << net.error().message;
    EXPECT_NE((*net)->rpc_port(), 0);
    ASSERT_EQ((*net)->accounts().size(), 2u);
    EXPECT_EQ(checksum_address((*net)->accounts()[0].address()),
              "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    ASSERT_NE((*net)->subnet("evm"), nullptr);
    EXPECT_EQ((*net)->subnet("evm")->chain->head().number, 0u);
    // A second node cannot open the same data directory while this one runs.
    const auto second = DevNetwork::start(config());
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::kIo);
    (*net)->stop();
    EXPECT_FALSE((*net)->fatal_error());
  }
  auto restarted = DevNetwork::start(config());
  ASSERT_TRUE(restarted) << restarted.error().message;
  EXPECT_EQ((*restarted)->subnet("evm")->chain->head().number, 0u);
}

TEST_F(DevNetworkTest, RefusesADataDirectoryOfAnotherChain) {
  { ASSERT_TRUE(DevNetwork::start(config())); }
  DevNetworkConfig other = config();
  other.evm_chain_id = 5;
  const auto net = DevNetwork::start(other);
  ASSERT_FALSE(net);
  EXPECT_NE(net.error().message.find("chain id 31337"), std::string::npos);
}

}  // namespace
}  // namespace plexus::node
