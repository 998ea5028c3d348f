#include "node/dev_network.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/hash.hpp"
#include "core/transaction.hpp"
#include "core/hd_wallet.hpp"
#include "storage/env.hpp"

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

// The whole node on a simulated environment: memory stores and a manual clock from an Env, no
// data directory touched. Blocks take the clock's time, and a "restarted" node (a new DevNetwork
// on the same stores) continues where the first one stopped.
TEST_F(DevNetworkTest, RunsOnTheEnvItIsGiven) {
  ManualClock clock(1'800'000'000);
  SeededRandom random(1);
  kv::MemoryStoreFactory stores;
  const kv::Env env{clock, random, stores};
  std::uint64_t head = 0;
  {
    auto net = DevNetwork::start(config(), env);
    ASSERT_TRUE(net) << net.error().message;
    const RunningSubnet* evm = (*net)->subnet("evm");
    ASSERT_NE(evm, nullptr);
    EXPECT_EQ(evm->engine->kind(), platform::ConsensusKind::kDev);
    ASSERT_TRUE(evm->engine->mine_now());
    clock.advance(std::chrono::seconds(100));
    ASSERT_TRUE(evm->engine->mine_now());
    head = evm->chain->head().number;
    EXPECT_EQ(head, 2u);
    const auto first = evm->chain->blocks().header_of(1).value().value();
    const auto second = evm->chain->blocks().header_of(2).value().value();
    EXPECT_EQ(first.timestamp, 1'800'000'001u);  // one after genesis, made at the same time
    EXPECT_EQ(second.timestamp, 1'800'000'100u);
    EXPECT_EQ(evm->chain->heads().finalized.number, 2u);
    (*net)->stop();
  }
  EXPECT_FALSE(std::filesystem::exists(dir_));
  auto restarted = DevNetwork::start(config(), env);
  ASSERT_TRUE(restarted) << restarted.error().message;
  EXPECT_EQ((*restarted)->subnet("evm")->chain->head().number, head);
}

// A subnet whose record names an engine that does not exist yet stays registered but is not
// started, with a message naming the engine; the other subnets run as before.
TEST_F(DevNetworkTest, ASubnetUnderAnEngineNotBuiltYetIsNotStarted) {
  ManualClock clock;
  SeededRandom random(2);
  kv::MemoryStoreFactory stores;
  const kv::Env env{clock, random, stores};
  {
    auto net = DevNetwork::start(config(), env);
    ASSERT_TRUE(net) << net.error().message;
  }
  {
    const auto store = stores.open("primary").value();
    platform::PlatformGenesis genesis;
    genesis.network_id = config().network_id;
    auto registry = platform::PlatformRegistry::open(*store, genesis).value();
    const std::vector<secp256k1::PrivateKey> keys =
        hd::dev_account_keys(hd::kDevMnemonic, 1).value();
    platform::CreateSubnet fast;
    fast.name = "fast";
    fast.chain_id = 99'999;
    fast.consensus = platform::ConsensusKind::kBft;
    fast.owners = {keys[0].address()};
    const auto created = registry->apply(platform::sign_operation(
        fast, genesis.network_id, registry->nonce(keys[0].address()), keys));
    ASSERT_TRUE(created) << created.error().message;
  }
  ::testing::internal::CaptureStderr();
  auto net = DevNetwork::start(config(), env);
  const std::string said = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(net) << net.error().message;
  EXPECT_EQ((*net)->subnet("fast"), nullptr);
  ASSERT_NE((*net)->subnet("evm"), nullptr);
  EXPECT_TRUE((*net)->platform().subnet("fast").has_value());
  EXPECT_NE(said.find("subnet fast not started: not supported: consensus engine 'bft'"),
            std::string::npos)
      << said;
  EXPECT_FALSE(stores.backing("fast")->scan(Bytes{})->valid());  // nothing was created for it
}

}  // namespace
}  // namespace plexus::node
