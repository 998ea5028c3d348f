// Five validators in one process (node::LocalCluster: full nodes over real TLS on loopback), the
// primary network's chain under bft and the three subnets under snowman: transactions sent to
// one node are final on all five; with one validator stopped the other four stay live;
// restarted on its stores, it catches up; every node holds the same block at every height.
#include <gtest/gtest.h>

#include <unistd.h>

#include <thread>

#include "consensus/snowman/snowman_engine.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "node/local_cluster.hpp"
#include "signed_transfer.hpp"

namespace plexus::node {
namespace {

using namespace std::chrono_literals;

class SnowmanNetwork : public ::testing::Test {
 protected:
  void SetUp() override {
    ClusterConfig config;
    config.validators = 5;
    config.dir = std::filesystem::temp_directory_path() /
                 ("plexus-snowman-cluster-" + std::to_string(::getpid()));
    config.consensus = platform::ConsensusKind::kSnowman;
    auto started = LocalCluster::start(std::move(config));
    ASSERT_TRUE(started) << started.error().message;
    cluster = std::move(*started);
  }

  std::uint64_t final_height(std::size_t i) {
    return cluster->evm(i).chain->heads().finalized.number;
  }
  const consensus::snowman::SnowmanEngine& engine(std::size_t i) {
    return dynamic_cast<const consensus::snowman::SnowmanEngine&>(*cluster->evm(i).engine);
  }
  // Sends the next transfer to node `via` and waits until `nodes` all hold it final.
  bool transfer(std::size_t via, std::initializer_list<std::size_t> nodes) {
    std::uint64_t before = 0;
    for (const std::size_t i : nodes) before = std::max(before, final_height(i));
    if (!cluster->submit(via, testing::signed_transfer(keys[0], nonce++, Address{}))) return false;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      bool done = true;
      for (const std::size_t i : nodes) done = done && final_height(i) > before;
      if (done) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  std::string describe() {
    std::string out;
    for (std::size_t i = 0; i < cluster->size(); ++i) {
      if (!cluster->running(i)) continue;
      const auto s = engine(i).status();
      out += "node " + std::to_string(i) + ": final " + std::to_string(final_height(i)) +
             " candidates " + std::to_string(s.candidates) + " confidence " +
             std::to_string(s.confidence) + " polls " + std::to_string(s.polls) + " failed " +
             std::to_string(s.failed_polls) + "\n";
    }
    return out;
  }

  std::unique_ptr<LocalCluster> cluster;
  const std::vector<secp256k1::PrivateKey> keys = hd::dev_account_keys(hd::kDevMnemonic, 1).value();
  std::uint64_t nonce = 0;
};

TEST_F(SnowmanNetwork, FinalizesThroughAStoppedAndRestartedValidator) {
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(cluster->evm(i).engine->kind(), platform::ConsensusKind::kSnowman) << i;
    EXPECT_TRUE(engine(i).validating()) << i;
    EXPECT_NE(cluster->node(i).replicated_platform(), nullptr) << "the primary chain runs bft";
  }
  for (std::size_t via = 0; via < 3; ++via)
    ASSERT_TRUE(transfer(via, {0, 1, 2, 3, 4})) << "final everywhere\n" << describe();

  cluster->stop(4);  // 3 of the 4 others agreeing is enough (params.hpp, Small sets)
  for (std::size_t via = 0; via < 3; ++via)
    EXPECT_TRUE(transfer(via, {0, 1, 2, 3})) << "live with one validator down\n" << describe();
  ASSERT_TRUE(cluster->restart(4));
  EXPECT_TRUE(transfer(1, {0, 1, 2, 3, 4})) << "the restarted validator caught up\n" << describe();

  const std::uint64_t top = final_height(0);
  for (std::uint64_t h = 1; h <= top; ++h) {
    const auto first = cluster->evm(0).chain->blocks().by_number(h);
    ASSERT_TRUE(first && *first) << h;
    for (std::size_t i = 1; i < 5; ++i) {
      const auto other = cluster->evm(i).chain->blocks().by_number(h);
      if (!other || !*other) continue;  // not final there yet
      EXPECT_EQ(to_hex((*other)->hash), to_hex((*first)->hash)) << "height " << h << " node " << i;
    }
  }
}

}  // namespace
}  // namespace plexus::node
