// Five validators in one process (node::LocalCluster: full nodes over real TLS on loopback), the
// primary network's chain under bft and the three subnets under snowman: transactions sent to
// one node are final on all five; with one validator stopped the other four stay live;
// restarted on its stores, it catches up; every node holds the same block at every height. And
// a network whose subnets run bft starts a snowman subnet created on it, with its own
// parameters: its validators finalize, a node outside its set follows.
#include <gtest/gtest.h>

#include <unistd.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "chain/header_rules.hpp"
#include "consensus/bft/epoch.hpp"
#include "consensus/snowman/snowman_engine.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "message_tx.hpp"
#include "net/relay.hpp"
#include "node/local_cluster.hpp"
#include "signed_transfer.hpp"
#include "transition/state_host.hpp"

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

// A message from the evm subnet into the wasm subnet, both under snowman: signed by the source's
// validators, certified, and delivered by the destination's, whose blocks name a platform height
// at least as recent as the certificate's.
TEST_F(SnowmanNetwork, DeliversAMessageIntoASnowmanSubnet) {
  using json = nlohmann::json;
  const auto rpc = [&](std::size_t i, const std::string& method, json params,
                       const std::string& subnet) {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    const json answer =
        json::parse(cluster->node(i).subnet(subnet)->dispatcher->handle(request.dump()).value());
    return answer.contains("error") ? answer["error"]["message"] : answer["result"];
  };
  const auto two = hd::dev_account_keys(hd::kDevMnemonic, 2).value();
  const Bytes deploy =
      testing::deploy_tx(two[1], 31338, 0, from_hex(testing::kRecordingReceiverCode).value());
  ASSERT_TRUE(rpc(0, "eth_sendRawTransaction", json::array({to_hex(deploy)}), "wasm").is_string());
  const Address receiver = transition::create_address(two[1].address(), 0);
  const auto wasm = net::subnet_id("wasm");
  ASSERT_TRUE(cluster->submit(
      0, testing::send_message_tx(two[0], 31337, 0, wasm.view(), receiver, Bytes{'o', 'k'})));
  json got;
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline) {
    const json all = rpc(2, "plexus_getMessagesBySubnet", json::array(), "evm");
    if (all.is_array() && !all.empty()) {
      got = all[0];
      if (got["status"] == "delivered") break;
    }
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(got["status"], "delivered") << got.dump() << "\n" << describe();
  for (std::size_t i = 0; i < 5; ++i) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    std::string slot;
    do {
      const json value =
          rpc(i, "eth_getStorageAt", json::array({to_hex(receiver), "0x2", "latest"}), "wasm");
      slot = value.is_string() ? value.get<std::string>() : std::string();
      if (slot.find(to_hex(two[0].address(), false)) != std::string::npos) break;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < until);
    EXPECT_NE(slot.find(to_hex(two[0].address(), false)), std::string::npos) << "node " << i;
  }
}

TEST(SnowmanSubnet, StartsOnABftNetworkWithItsOwnParameters) {
  ClusterConfig config;
  config.validators = 4;
  config.dir = std::filesystem::temp_directory_path() /
               ("plexus-snowman-subnet-" + std::to_string(::getpid()));
  auto started = LocalCluster::start(std::move(config));
  ASSERT_TRUE(started) << started.error().message;
  LocalCluster& cluster = **started;
  const auto keys = hd::dev_account_keys(hd::kDevMnemonic, 1).value();
  std::uint64_t nonce = cluster.node(0).platform().nonce(keys[0].address());
  const auto submit = [&](platform::Operation op) {
    const auto signed_op = platform::sign_operation(
        std::move(op), cluster.node(0).config().network_id, nonce++, std::span(&keys[0], 1));
    const auto hash = cluster.node(1).submit_platform_operation(signed_op);
    ASSERT_TRUE(hash) << hash.error().message;
  };
  platform::SnowmanSpec spec;
  spec.k = 3;
  spec.alpha_preference = 2;
  spec.alpha_confidence = 2;
  spec.beta = 5;
  spec.proposer_window_ms = 100;
  platform::CreateSubnet fast;
  fast.name = "fast";
  fast.vms = {platform::VmKind::kEvm};
  fast.chain_id = 424243;
  fast.consensus = platform::ConsensusKind::kSnowman;
  fast.consensus_params = platform::encode_snowman_spec(spec);
  fast.owners = {keys[0].address()};
  fast.threshold = 1;
  submit(fast);
  for (const std::size_t i : {0, 1, 2})
    submit(platform::AddSubnetValidator{"fast", cluster.id(i), 1});
  const auto subnet = [&](std::size_t i) { return cluster.node(i).subnet("fast"); };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  const auto all_up = [&] {
    for (std::size_t i = 0; i < 4; ++i)
      if (subnet(i) == nullptr) return false;
    return true;
  };
  while (!all_up() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(all_up());
  EXPECT_EQ(subnet(0)->engine->kind(), platform::ConsensusKind::kSnowman);
  EXPECT_EQ(cluster.evm(0).engine->kind(), platform::ConsensusKind::kBft) << "the others' engine";
  // The three AddSubnetValidator operations may land in different platform blocks: a node that
  // started the subnet under a smaller set joins once its engine reads the set with it.
  const auto validating = [&](std::size_t i) {
    return dynamic_cast<const consensus::snowman::SnowmanEngine&>(*subnet(i)->engine).validating();
  };
  while (!(validating(0) && validating(1) && validating(2)) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  for (const std::size_t i : {0, 1, 2}) EXPECT_TRUE(validating(i)) << i;
  EXPECT_FALSE(
      dynamic_cast<const consensus::snowman::SnowmanEngine&>(*subnet(3)->engine).validating());

  for (std::uint64_t n = 0; n < 3; ++n) {
    const Bytes raw = testing::signed_transfer(keys[0], n, Address{}, 1, 424243);
    const RunningSubnet& via = *subnet(n);
    ASSERT_TRUE(via.chain->submit(raw));
    via.relay->gossip_transaction(raw);
    via.engine->on_transaction();
  }
  const auto final_height = [&](std::size_t i) {
    return subnet(i)->chain->heads().finalized.number;
  };
  const auto final_transactions = [&](std::size_t i) {
    std::size_t count = 0;
    for (std::uint64_t h = 1; h <= final_height(i); ++h)
      if (const auto record = subnet(i)->chain->blocks().by_number(h); record && *record)
        count += (*record)->tx_hashes.size();
    return count;
  };
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline + 30s) {
    done = true;
    for (std::size_t i = 0; i < 4; ++i) done = done && final_transactions(i) == 3;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(done) << "final on the three validators and on the node that follows: "
                    << final_height(0) << " " << final_height(1) << " " << final_height(2) << " "
                    << final_height(3);

  // The set changes: node 3 joins. No transaction is sent, yet a block names the platform height
  // of the new set (an empty one), and from the next height on node 3 votes. Every node decides
  // each height with the set its parent names, so all hold the same blocks.
  const std::uint64_t before = final_height(0);
  submit(platform::AddSubnetValidator{"fast", cluster.id(3), 1});
  const auto joined_by = std::chrono::steady_clock::now() + 30s;
  while (!validating(3) && std::chrono::steady_clock::now() < joined_by)
    std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(validating(3)) << "node 3 validates once a block names the new set";
  EXPECT_GT(final_height(0), before) << "an empty block carried the new platform height";
  const Bytes raw = testing::signed_transfer(keys[0], 3, Address{}, 1, 424243);
  ASSERT_TRUE(subnet(3)->chain->submit(raw));
  subnet(3)->relay->gossip_transaction(raw);
  subnet(3)->engine->on_transaction();
  done = false;
  while (!done && std::chrono::steady_clock::now() < joined_by + 30s) {
    done = true;
    for (std::size_t i = 0; i < 4; ++i) done = done && final_transactions(i) == 4;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(done) << "a transfer sent to the new validator is final on all four";
  const std::uint64_t top = final_height(0);
  bool named_new_set = false;
  for (std::uint64_t h = 1; h <= top; ++h) {
    const auto first = subnet(0)->chain->blocks().by_number(h);
    ASSERT_TRUE(first && *first) << h;
    const auto tag = consensus::bft::decode_epoch_tag(chain::engine_data((*first)->block.header));
    ASSERT_TRUE(tag && tag->next_platform_height) << "block " << h << " names the next set";
    const auto set = cluster.node(0).platform().validator_set("fast", *tag->next_platform_height);
    ASSERT_TRUE(set);
    for (const auto& v : *set) named_new_set = named_new_set || v.node_id == cluster.id(3);
    for (std::size_t i = 1; i < 4; ++i) {
      const auto other = subnet(i)->chain->blocks().by_number(h);
      if (!other || !*other) continue;
      EXPECT_EQ(to_hex((*other)->hash), to_hex((*first)->hash)) << "height " << h << " node " << i;
    }
  }
  EXPECT_TRUE(named_new_set);
}

}  // namespace
}  // namespace plexus::node
