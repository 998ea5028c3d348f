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
#include "messaging/messenger_vm.hpp"
#include "messaging/verify.hpp"
#include "net/relay.hpp"
#include "node/local_cluster.hpp"

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
    auto started = LocalCluster::start(ClusterConfig{
        .validators = 4,
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

  // One JSON-RPC call on node i's evm endpoint: its result, or its error message.
  json rpc(std::size_t i, const std::string& method, json params) {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    const auto reply = cluster->evm(i).dispatcher->handle(request.dump());
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
    shares.emplace_back(index, bls::Signature::from_bytes(
                                   from_hex(share["signature"].get<std::string>()).value())
                                   .value());
  }
  messaging::Destination move;
  move.network_id = 1337;
  move.subnet = key_of("move");
  move.validators = [&](const messaging::SubnetKey& source, std::uint64_t h)
      -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
    if (source != key_of("evm")) return std::nullopt;
    PLEXUS_TRY(const auto s, cluster->node(1).platform().validator_set("evm", h));
    PLEXUS_TRY(auto signers, consensus::certificate_order(s));
    return signers;
  };
  move.delivered = [](const messaging::SubnetKey&, std::uint64_t) { return false; };
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

}  // namespace
}  // namespace plexus::node
