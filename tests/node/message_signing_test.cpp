// Cross-subnet messages on four validators in one process (node::LocalCluster, real TLS on
// loopback): a message sent on the evm subnet becomes final; each validator signs it on request
// (plexus_signMessage) at a platform height; three of the four shares make a certificate that a
// destination accepts against the platform's set, two do not; a message that does not exist or a
// height above the platform's is refused by name.
#include <gtest/gtest.h>

#include <unistd.h>

#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "consensus/certificate.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "message_tx.hpp"
#include "messaging/messenger_vm.hpp"
#include "messaging/verify.hpp"
#include "net/relay.hpp"
#include "node/local_cluster.hpp"
#include "transition/state_host.hpp"

namespace plexus::node {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

messaging::SubnetKey key_of(std::string_view subnet) {
  return messaging::SubnetKey::right_aligned(net::subnet_id(subnet).view());
}

Bytes send_message_tx(const secp256k1::PrivateKey& key, const messaging::SubnetKey& destination) {
  Bytes data(4);
  const std::uint32_t selector = messaging::send_message_selector();
  for (std::size_t i = 0; i < 4; ++i) data[i] = static_cast<Byte>(selector >> (24 - 8 * i));
  const auto word = [&data](std::uint64_t v) {
    Bytes32 w;
    for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<Byte>(v >> (8 * i));
    data.insert(data.end(), w.view().begin(), w.view().end());
  };
  data.insert(data.end(), destination.view().begin(), destination.view().end());
  word(0xbb);  // the receiver
  word(0x60);
  word(2);
  data.push_back('h');
  data.push_back('i');
  data.resize(data.size() + 30, 0);
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = 31337;
  t.max_fee_per_gas = uint256(10'000'000'000ULL);
  t.gas_limit = 200'000;
  t.to = exec::kMessenger;
  t.data = std::move(data);
  tx::sign(t, key);
  return tx::encode(t);
}

class MessageSigning : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = LocalCluster::start(
        ClusterConfig{.validators = 4,
                      .leader_timeout = 300ms,
                      .dir = std::filesystem::temp_directory_path() /
                             ("plexus-message-cluster-" + std::to_string(::getpid())),
                      .rocksdb = false,
                      .sync_writes = false,
                      .delay = {},
                      .accounts = 10,
                      .epoch_length = 8});
    ASSERT_TRUE(started) << started.error().message;
    cluster = std::move(*started);
  }

  // One JSON-RPC call on node i's endpoint of `subnet`: its result, or its error message.
  json rpc(std::size_t i, const std::string& method, json params,
           const std::string& subnet = "evm") {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    const auto reply = cluster->node(i).subnet(subnet)->dispatcher->handle(request.dump());
    const json answer = json::parse(reply.value());
    if (answer.contains("error")) return answer["error"]["message"];
    return answer["result"];
  }

  std::unique_ptr<LocalCluster> cluster;
};

TEST_F(MessageSigning, ThreeOfFourSharesMakeACertificateTheDestinationAccepts) {
  const auto keys = hd::dev_account_keys(hd::kDevMnemonic, 1).value();
  ASSERT_TRUE(cluster->submit(0, send_message_tx(keys[0], key_of("move"))));
  json sent;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    const json all = rpc(3, "plexus_getMessagesBySubnet", json::array());
    if (all.is_array() && !all.empty() && all[0]["final"].get<bool>()) {
      sent = all[0];
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(sent.is_object()) << "the message final on node 3";
  const std::string id = sent["id"];
  const std::uint64_t height = cluster->node(0).platform().height();
  const std::string at = "0x" + (std::stringstream() << std::hex << height).str();

  const platform::ValidatorSet set =
      cluster->node(0).platform().validator_set("evm", height).value();
  const auto order = consensus::certificate_order(set).value();
  std::vector<std::pair<std::size_t, bls::Signature>> shares;
  for (std::size_t i = 0; i < 4; ++i) {
    json share;
    const auto until = std::chrono::steady_clock::now() + 10s;
    do {  // node i may see the block final, or the platform height, a moment later
      share = rpc(i, "plexus_signMessage", json::array({id, at}));
      if (share.is_object()) break;
      std::this_thread::sleep_for(50ms);
    } while (std::chrono::steady_clock::now() < until);
    ASSERT_TRUE(share.is_object()) << "node " << i << ": " << share.dump();
    const Bytes key = from_hex(share["blsKey"].get<std::string>()).value();
    std::size_t index = 0;
    while (index < order.size() && to_hex(order[index].key.to_bytes().view()) != to_hex(key))
      ++index;
    ASSERT_LT(index, order.size());
    shares.emplace_back(
        index, bls::Signature::from_bytes(from_hex(share["signature"].get<std::string>()).value())
                   .value());
  }
  messaging::Destination move;
  move.network_id = 1337;
  move.subnet = key_of("move");
  move.validators =
      [&](const messaging::SubnetKey& source,
          std::uint64_t h) -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
    if (source != key_of("evm")) return std::nullopt;
    PLEXUS_TRY(const auto s, cluster->node(1).platform().validator_set("evm", h));
    PLEXUS_TRY(auto signers, consensus::certificate_order(s));
    return signers;
  };
  move.delivered = [](const messaging::SubnetKey&, std::uint64_t) { return false; };
  move.platform_height = height;
  const messaging::UnsignedMessage message =
      messaging::decode_unsigned(from_hex(sent["message"].get<std::string>()).value()).value();
  const auto with = [&](std::size_t count) {
    const auto certificate =
        messaging::certify_message(std::span(shares).first(count), order.size()).value();
    return messaging::encode_signed({message, height, certificate});
  };
  const auto accepted = messaging::accept_message(with(3), move);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(to_hex(accepted->id), id);
  EXPECT_EQ(accepted->call.body, (Bytes{'h', 'i'}));
  const auto short_of_quorum = messaging::accept_message(with(2), move);
  ASSERT_FALSE(short_of_quorum);
  EXPECT_NE(short_of_quorum.error().message.find("at least 6700/10000"), std::string::npos);

  EXPECT_NE(rpc(0, "plexus_signMessage", json::array({"0x" + std::string(64, '1'), at}))
                .get<std::string>()
                .find("no message"),
            std::string::npos);
  EXPECT_NE(rpc(0, "plexus_signMessage", json::array({id, "0xffffff"}))
                .get<std::string>()
                .find("above this node's final platform height"),
            std::string::npos);
}

// The relayers of four validators deliver a message from the evm subnet into a contract on the
// wasm subnet without anyone's help: signed at the source set's height, the shares gossiped and
// aggregated, the delivery submitted by one destination validator and executed by all.
TEST_F(MessageSigning, TheRelayersDeliverAMessageIntoAnotherSubnet) {
  const auto keys = hd::dev_account_keys(hd::kDevMnemonic, 2).value();
  // The receiver on the wasm subnet (its EVM): stores CALLER, source and sender in slots 0..2.
  ASSERT_TRUE(rpc(0, "eth_sendRawTransaction",
                  json::array({to_hex(testing::deploy_tx(
                      keys[1], 31338, 0, from_hex(testing::kRecordingReceiverCode).value()))}),
                  "wasm")
                  .is_string());
  const Address receiver = transition::create_address(keys[1].address(), 0);
  ASSERT_TRUE(cluster->submit(0, testing::send_message_tx(keys[0], 31337, 0, key_of("wasm").view(),
                                                          receiver, Bytes{'o', 'k'})));

  // Final on the source, then delivered on the destination, as node 2 sees both.
  std::string id;
  std::chrono::steady_clock::time_point final_at{};
  json got;
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline) {
    const json all = rpc(2, "plexus_getMessagesBySubnet", json::array());
    if (all.is_array() && !all.empty()) {
      got = all[0];
      id = got["id"];
      if (got["final"].get<bool>() && final_at == std::chrono::steady_clock::time_point{})
        final_at = std::chrono::steady_clock::now();
      if (got["status"] == "delivered") break;
    }
    std::this_thread::sleep_for(10ms);
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const auto st = cluster->node(i).relayer_stats();
    std::printf(
        "node %zu: seen %llu signed %llu certified %llu submitted %llu delivered %llu bad %llu\n",
        i, (unsigned long long)st.seen, (unsigned long long)st.signed_shares,
        (unsigned long long)st.certified, (unsigned long long)st.submitted,
        (unsigned long long)st.delivered, (unsigned long long)st.bad_shares);
  }
  ASSERT_EQ(got["status"], "delivered") << got.dump();
  const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - final_at);
  std::printf("final on the source -> delivered on the destination: %lld ms\n",
              static_cast<long long>(latency.count()));
  EXPECT_TRUE(got["signedMessage"].is_string());
  // Every node's copy of the receiver holds the sender, and the destination's endpoint knows the
  // message as received.
  for (std::size_t i = 0; i < 4; ++i) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    json slot;
    do {
      slot = rpc(i, "eth_getStorageAt", json::array({to_hex(receiver), "0x2", "latest"}), "wasm");
      if (slot.is_string() &&
          slot.get<std::string>().find(to_hex(keys[0].address(), false)) != std::string::npos)
        break;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < until);
    EXPECT_NE(slot.get<std::string>().find(to_hex(keys[0].address(), false)), std::string::npos)
        << "node " << i;
  }
  EXPECT_EQ(rpc(1, "plexus_getMessage", json::array({id}), "wasm")["status"], "delivered");
  // One delivery landed; a duplicate would have been refused as a replay, never delivered twice.
  std::uint64_t submitted = 0;
  for (std::size_t i = 0; i < 4; ++i) submitted += cluster->node(i).relayer_stats().submitted;
  EXPECT_GE(submitted, 1u);
}

}  // namespace
}  // namespace plexus::node
