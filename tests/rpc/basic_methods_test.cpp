#include "rpc/basic_methods.hpp"

#include <gtest/gtest.h>

namespace plexus::rpc {
namespace {

json call(Dispatcher& d, std::string_view method, std::string_view params = "[]") {
  const std::string text = R"({"jsonrpc":"2.0","id":1,"method":")" + std::string(method) +
                           R"(","params":)" + std::string(params) + "}";
  return json::parse(*d.handle(text));
}

TEST(BasicMethods, AnswerWithoutState) {
  Dispatcher d;
  add_basic_methods(d, EndpointInfo{.chain_id = 31337, .client_version = "plexus/test"});
  EXPECT_EQ(call(d, "eth_chainId")["result"], "0x7a69");
  EXPECT_EQ(call(d, "net_version")["result"], "31337");
  EXPECT_EQ(call(d, "web3_clientVersion")["result"], "plexus/test");
  EXPECT_EQ(call(d, "net_listening")["result"], true);
  EXPECT_EQ(call(d, "net_peerCount")["result"], "0x0");
  EXPECT_EQ(call(d, "eth_syncing")["result"], false);
  EXPECT_EQ(call(d, "web3_sha3", R"(["0x68656c6c6f20776f726c64"])")["result"],
            "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad");
  EXPECT_EQ(call(d, "web3_sha3", R"(["hello"])")["error"]["code"], code::kInvalidParams);
  EXPECT_EQ(call(d, "web3_sha3")["error"]["code"], code::kInvalidParams);
  EXPECT_EQ(call(d, "eth_chainId", "[1]")["error"]["code"], code::kInvalidParams);
}

}  // namespace
}  // namespace plexus::rpc
