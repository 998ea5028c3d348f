#include "node/plexus_methods.hpp"

#include <gtest/gtest.h>

#include "core/bls/bls.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "rpc/params.hpp"
#include "storage/memory_store.hpp"

namespace plexus::node {
namespace {

using rpc::json;

class PlexusMethodsTest : public ::testing::Test {
 protected:
  PlexusMethodsTest() : owner_(secp256k1::PrivateKey::from_seed(Bytes{1})) {
    platform::PlatformGenesis genesis;
    genesis.balances = {{owner_.address(), platform::plx(5000)}};
    const std::vector<secp256k1::PrivateKey> keys = {owner_};
    std::uint64_t nonce = 0;
    for (const auto& [name, chain_id] : {std::pair{"evm", 31337}, std::pair{"move", 31339}})
      genesis.operations.push_back(platform::sign_operation(
          platform::CreateSubnet{.name = name, .vms = {platform::VmKind::kEvm},
                                 .chain_id = static_cast<std::uint64_t>(chain_id),
                                 .consensus = platform::ConsensusKind::kDev,
                                 .owners = {owner_.address()}, .threshold = 1},
          genesis.network_id, nonce++, keys));
    platform::PlatformParams params;  // blocks are dated by the wall clock: stake without an end
    params.max_staking_period = platform::kNoEnd;
    genesis.params = params;
    registry_ = platform::PlatformRegistry::open(store_, genesis).value();
    Hash256 hash;
    hash[31] = 7;
    add_plexus_methods(
        dispatcher_, *registry_,
        [hash](std::string_view name) -> std::optional<std::pair<std::uint64_t, Hash256>> {
          if (name != "evm") return std::nullopt;
          return std::pair{std::uint64_t{5}, hash};
        },
        nullptr);
  }

  json call(const std::string& method, json params) {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    return json::parse(dispatcher_.handle(request.dump()).value());
  }

  kv::MemoryStore store_;
  secp256k1::PrivateKey owner_;
  std::unique_ptr<platform::PlatformRegistry> registry_;
  rpc::Dispatcher dispatcher_;
};

TEST_F(PlexusMethodsTest, SubnetsListsEndpointsHeadsAndWhatDoesNotRun) {
  const json subnets = call("plexus_subnets", json::array())["result"];
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_EQ(subnets[0]["name"], "evm");
  EXPECT_EQ(subnets[0]["endpoint"], "/subnet/evm");
  EXPECT_EQ(subnets[0]["chainId"], "0x7a69");
  EXPECT_EQ(subnets[0]["vms"], json::array({"evm"}));
  EXPECT_EQ(subnets[0]["headNumber"], "0x5");
  EXPECT_EQ(subnets[0]["owners"][0], checksum_address(owner_.address()));
  EXPECT_EQ(subnets[1]["running"], false);
  EXPECT_EQ(subnets[1]["status"], "registered; this node does not run its VM");
  EXPECT_EQ(call("plexus_getMoveResource", json::array())["error"]["code"], -32004);
  EXPECT_EQ(call("plexus_getMoveAccount", {to_hex(owner_.address())})["error"]["code"], -32004);
}

TEST_F(PlexusMethodsTest, SignedPlatformOperationsChangeTheRegistry) {
  const std::vector<secp256k1::PrivateKey> keys = {owner_};
  const auto bls_key = bls::SecretKey::key_gen(Bytes(32, 1)).value();
  const auto public_key = bls_key.public_key().to_bytes();
  const auto pop = bls::pop_prove(bls_key).to_bytes();
  const auto op = platform::sign_operation(
      platform::AddValidator{.node_id = owner_.address(),
                             .stake = platform::plx(2000),
                             .end_time = platform::kNoEnd,
                             .bls_key = Bytes(public_key.bytes.begin(), public_key.bytes.end()),
                             .bls_pop = Bytes(pop.bytes.begin(), pop.bytes.end())},
      registry_->network_id(), registry_->nonce(owner_.address()), keys);
  EXPECT_EQ(call("plexus_submitPlatformOperation", {to_hex(platform::encode_signed(op))})["result"],
            true);
  const json validators = call("plexus_getValidators", json::array())["result"];
  ASSERT_EQ(validators.size(), 1u);
  EXPECT_EQ(validators[0]["stake"], rpc::quantity(platform::plx(2000)));
  // The staking period and uptime counters the explorer shows; no end time is null.
  EXPECT_EQ(validators[0]["owner"], checksum_address(owner_.address()));
  EXPECT_TRUE(validators[0]["endTime"].is_null());
  EXPECT_TRUE(validators[0]["startTime"].is_string());
  EXPECT_EQ(validators[0]["uptime"]["observed"], "0x0");
  EXPECT_EQ(call("plexus_getBalance", {to_hex(owner_.address())})["result"],
            rpc::quantity(platform::plx(3000) - platform::PlatformParams{}.operation_fee *
                                                     uint256(3)));
  // The same operation again is a replay: a clear -32000 error, nothing changes.
  const json again =
      call("plexus_submitPlatformOperation", {to_hex(platform::encode_signed(op))});
  EXPECT_EQ(again["error"]["code"], -32000);
  EXPECT_EQ(again["error"]["message"], "platform: nonce 2, expected 3");
  EXPECT_EQ(call("plexus_submitPlatformOperation", {"0xc0"})["error"]["code"], -32000);
}

}  // namespace
}  // namespace plexus::node
