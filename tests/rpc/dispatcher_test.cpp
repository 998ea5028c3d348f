#include "rpc/dispatcher.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace plexus::rpc {
namespace {

json parse(const std::optional<std::string>& text) {
  EXPECT_TRUE(text.has_value());
  return text ? json::parse(*text) : json();
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d.add("echo", [](const json& params) -> Result<json> { return params; });
    d.add("sum", [](const json& params) -> Result<json> {
      if (!params.is_array()) return fail(Errc::kInvalidArgument, "want an array");
      std::int64_t total = 0;
      for (const json& v : params) {
        if (!v.is_number_integer()) return fail(Errc::kInvalidArgument, "want integers");
        total += v.get<std::int64_t>();
      }
      return json(total);
    });
    d.add("fails",
          [](const json&) -> Result<json> { return fail(Errc::kValidation, "nonce too low"); });
    d.add("unsupported", [](const json&) -> Result<json> { return not_supported("eth_getProof"); });
    d.add("throws", [](const json& params) -> Result<json> { return params.at(7); });
    d.add("bad_utf8", [](const json&) -> Result<json> { return json(std::string("\xff\xfe")); });
    d.add_rpc("revert", [](const json&) -> RpcResult {
      // Error(string) with reason "no"
      const Bytes data = hex_or_throw(
          "08c379a0"
          "0000000000000000000000000000000000000000000000000000000000000020"
          "0000000000000000000000000000000000000000000000000000000000000002"
          "6e6f000000000000000000000000000000000000000000000000000000000000");
      return std::unexpected(execution_reverted(data));
    });
    d.add("count", [this](const json&) -> Result<json> { return json(++calls); });
  }

  Dispatcher d{
      DispatchLimits{.max_batch = 3, .max_depth = 8, .max_subscriptions_per_connection = 2}};
  int calls = 0;
};

TEST_F(DispatcherTest, SingleCallsWithPositionalAndNamedParams) {
  json r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2,3]})"));
  EXPECT_EQ(r, json::parse(R"({"jsonrpc":"2.0","id":1,"result":6})"));
  r = parse(d.handle(R"({"jsonrpc":"2.0","id":"abc","method":"echo","params":{"a":1}})"));
  EXPECT_EQ(r["id"], "abc");
  EXPECT_EQ(r["result"], json::parse(R"({"a":1})"));
  r = parse(d.handle(R"({"jsonrpc":"2.0","id":null,"method":"echo"})"));
  EXPECT_EQ(r["result"], json::array());
  EXPECT_TRUE(r["id"].is_null());
}

TEST_F(DispatcherTest, NotificationsGetNoResponse) {
  EXPECT_FALSE(d.handle(R"({"jsonrpc":"2.0","method":"count"})"));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(
      d.handle(R"([{"jsonrpc":"2.0","method":"count"},{"jsonrpc":"2.0","method":"count"}])"));
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(d.handle(R"({"jsonrpc":"2.0","method":"nope"})"));  // even unknown methods
}

TEST_F(DispatcherTest, Batches) {
  const json r = parse(d.handle(
      R"([{"jsonrpc":"2.0","id":1,"method":"sum","params":[2,2]},
          {"jsonrpc":"2.0","method":"count"},
          {"jsonrpc":"2.0","id":2,"method":"missing"}])"));
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["result"], 4);
  EXPECT_EQ(r[1]["error"]["code"], code::kMethodNotFound);
  EXPECT_EQ(r[1]["id"], 2);

  const json mixed = parse(d.handle(R"([1, {"jsonrpc":"2.0","id":5,"method":"sum","params":[]}])"));
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_EQ(mixed[0]["error"]["code"], code::kInvalidRequest);
  EXPECT_EQ(mixed[1]["result"], 0);

  EXPECT_EQ(parse(d.handle("[]"))["error"]["code"], code::kInvalidRequest);
  const json big = parse(d.handle(R"([{"jsonrpc":"2.0","id":1,"method":"count"},
      {"jsonrpc":"2.0","id":2,"method":"count"},{"jsonrpc":"2.0","id":3,"method":"count"},
      {"jsonrpc":"2.0","id":4,"method":"count"}])"));
  EXPECT_EQ(big["error"]["code"], code::kInvalidRequest);
  EXPECT_NE(big["error"]["message"].get<std::string>().find("batch too large"), std::string::npos);
  EXPECT_EQ(calls, 1);  // only the first batch's notification ran; a refused batch runs nothing
}

TEST_F(DispatcherTest, ParseErrorsAndInvalidRequests) {
  for (const char* text : {"", "{", "nul", "{\"jsonrpc\":\"2.0\",}", "\xff\xfe", "[1,2"}) {
    const json r = parse(d.handle(text));
    EXPECT_EQ(r["error"]["code"], code::kParseError) << text;
    EXPECT_TRUE(r["id"].is_null());
  }
  const std::pair<const char*, int> cases[] = {
      {R"(42)", code::kInvalidRequest},
      {R"("x")", code::kInvalidRequest},
      {R"({"id":1,"method":"sum"})", code::kInvalidRequest},  // no jsonrpc
      {R"({"jsonrpc":"1.0","id":1,"method":"sum"})", code::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1})", code::kInvalidRequest},  // no method
      {R"({"jsonrpc":"2.0","id":1,"method":7})", code::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":{},"method":"sum"})", code::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1,"method":"sum","params":5})", code::kInvalidRequest},
      {R"({"jsonrpc":"2.0","id":1,"method":"nope"})", code::kMethodNotFound},
  };
  for (const auto& [text, expected] : cases)
    EXPECT_EQ(parse(d.handle(text))["error"]["code"], expected) << text;
}

TEST_F(DispatcherTest, MethodErrorsMapToCodes) {
  json r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"sum","params":["x"]})"));
  EXPECT_EQ(r["error"]["code"], code::kInvalidParams);
  EXPECT_EQ(r["error"]["message"], "want integers");
  r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"fails"})"));
  EXPECT_EQ(r["error"], json::parse(R"({"code":-32000,"message":"nonce too low"})"));
  r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"unsupported"})"));
  EXPECT_EQ(r["error"]["code"], code::kMethodNotSupported);
  r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"throws","params":[]})"));
  EXPECT_EQ(r["error"]["code"], code::kInternalError);
}

TEST_F(DispatcherTest, RevertCarriesDataAndReason) {
  const json r = parse(d.handle(R"({"jsonrpc":"2.0","id":9,"method":"revert"})"));
  EXPECT_EQ(r["error"]["code"], 3);
  EXPECT_EQ(r["error"]["message"], "execution reverted: no");
  EXPECT_EQ(r["error"]["data"].get<std::string>().substr(0, 10), "0x08c379a0");
  // Custom errors (no Error(string) selector) keep the bare message and their data.
  const RpcError custom = execution_reverted(hex_or_throw("deadbeef"));
  EXPECT_EQ(custom.message, "execution reverted");
  EXPECT_EQ(*custom.data, "0xdeadbeef");
  // A truncated Error(string) payload is not decoded past its end.
  EXPECT_EQ(execution_reverted(hex_or_throw("08c379a0" + std::string(64, '0') + "ff")).message,
            "execution reverted");
}

TEST_F(DispatcherTest, DeepNestingAndBadUtf8AreHandled) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(parse(d.handle(deep))["error"]["code"], code::kParseError);
  // Brackets inside strings do not count.
  const std::string quoted =
      R"({"jsonrpc":"2.0","id":1,"method":"echo","params":[")" + std::string(100, '[') + R"("]})";
  EXPECT_EQ(parse(d.handle(quoted))["result"][0], std::string(100, '['));
  const json r = parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"bad_utf8"})"));
  EXPECT_TRUE(r["result"].is_string());
}

class RecordingSink : public SubscriptionSink {
 public:
  bool send(std::string message) override {
    messages.push_back(std::move(message));
    return true;
  }
  std::vector<std::string> messages;
};

TEST_F(DispatcherTest, SubscriptionsNeedAConnectionAndDeliverNotifications) {
  d.subscriptions().add_topic("newHeads");
  d.subscriptions().add_topic("logs", [](const json& params) -> RpcResult {
    if (params.size() > 1) return rpc_fail(code::kInvalidParams, "one filter");
    return params.empty() ? json::object() : params[0];
  });
  const char* subscribe =
      R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]})";
  EXPECT_EQ(parse(d.handle(subscribe))["error"]["code"], code::kMethodNotFound);  // no sink

  auto sink = std::make_shared<RecordingSink>();
  const json sub = parse(d.handle(subscribe, sink));
  ASSERT_TRUE(sub["result"].is_string()) << sub.dump();
  const std::string id = sub["result"];
  EXPECT_EQ(d.subscriptions().publish("newHeads", json{{"number", "0x1"}}), 1u);
  EXPECT_EQ(d.subscriptions().publish("logs", json::object()), 0u);
  ASSERT_EQ(sink->messages.size(), 1u);
  const json note = json::parse(sink->messages[0]);
  EXPECT_EQ(note["method"], "eth_subscription");
  EXPECT_EQ(note["params"]["subscription"], id);
  EXPECT_EQ(note["params"]["result"]["number"], "0x1");

  // Filtered topic: the renderer sees each subscription's own filter.
  const json logs = parse(d.handle(
      R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["logs",{"address":"0xaa"}]})",
      sink));
  ASSERT_TRUE(logs["result"].is_string());
  const auto sent =
      d.subscriptions().publish("logs", [](const json& filter) -> std::optional<json> {
        if (filter.value("address", "") != "0xbb") return std::nullopt;
        return json("matched");
      });
  EXPECT_EQ(sent, 0u);
  // Limit of two per connection, unknown topics, bad params.
  EXPECT_EQ(parse(d.handle(subscribe, sink))["error"]["code"], code::kLimitExceeded);
  auto other = std::make_shared<RecordingSink>();
  EXPECT_EQ(parse(d.handle(R"({"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":["x"]})",
                           other))["error"]["code"],
            code::kInvalidParams);
  EXPECT_EQ(
      parse(d.handle(R"({"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":["newHeads",1]})",
                     other))["error"]["code"],
      code::kInvalidParams);

  // Only the owner can unsubscribe.
  const std::string unsub =
      R"({"jsonrpc":"2.0","id":4,"method":"eth_unsubscribe","params":[")" + id + R"("]})";
  EXPECT_EQ(parse(d.handle(unsub, other))["result"], false);
  EXPECT_EQ(parse(d.handle(unsub, sink))["result"], true);
  EXPECT_EQ(parse(d.handle(unsub, sink))["result"], false);
  EXPECT_EQ(d.subscriptions().count("newHeads"), 0u);
  EXPECT_EQ(d.subscriptions().count("logs"), 1u);
  d.subscriptions().drop(sink.get());
  EXPECT_EQ(d.subscriptions().count("logs"), 0u);
}

TEST_F(DispatcherTest, ExpiredSinksArePruned) {
  d.subscriptions().add_topic("newHeads");
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(parse(d.handle(
      R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]})", sink))["result"]
                  .is_string());
  sink.reset();
  EXPECT_EQ(d.subscriptions().publish("newHeads", json(1)), 0u);
  EXPECT_EQ(d.subscriptions().count("newHeads"), 0u);
}

TEST_F(DispatcherTest, MethodsCanBeReplaced) {
  EXPECT_TRUE(d.has_method("echo"));
  EXPECT_FALSE(d.has_method("eth_chainId"));
  d.add("echo", [](const json&) -> Result<json> { return json("replaced"); });
  EXPECT_EQ(parse(d.handle(R"({"jsonrpc":"2.0","id":1,"method":"echo"})"))["result"], "replaced");
}

}  // namespace
}  // namespace plexus::rpc
