#include "node/plexus_methods.hpp"

#include <gtest/gtest.h>

namespace plexus::node {
namespace {

TEST(PlexusMethods, SubnetsListsEndpointsHeadsAndWhatDoesNotRun) {
  rpc::Dispatcher d;
  Hash256 hash;
  hash[31] = 7;
  add_plexus_methods(
      d, {SubnetInfo{.name = "evm", .vm = "evm", .chain_id = 31337, .running = true,
                     .status = {}, .head = [hash] { return std::pair{std::uint64_t{5}, hash}; }},
          SubnetInfo{.name = "move", .vm = "move", .chain_id = 0, .running = false,
                     .status = "not yet", .head = {}}});
  const auto reply = rpc::json::parse(
      d.handle(R"({"jsonrpc":"2.0","id":1,"method":"plexus_subnets","params":[]})").value());
  const rpc::json& subnets = reply["result"];
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_EQ(subnets[0]["endpoint"], "/subnet/evm");
  EXPECT_EQ(subnets[0]["chainId"], "0x7a69");
  EXPECT_EQ(subnets[0]["headNumber"], "0x5");
  EXPECT_EQ(subnets[1]["running"], false);
  EXPECT_EQ(subnets[1]["status"], "not yet");

  const auto move = rpc::json::parse(
      d.handle(R"({"jsonrpc":"2.0","id":2,"method":"plexus_getMoveResource","params":[]})").value());
  EXPECT_EQ(move["error"]["code"], -32004);
}

}  // namespace
}  // namespace plexus::node
