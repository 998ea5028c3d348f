// debug_traceTransaction, debug_traceCall and state overrides through the dispatcher, against
// contracts installed at genesis whose gas costs are worked out by hand below.
#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "fixtures.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"
#include "storage/memory_store.hpp"

namespace plexus::rpc {
namespace {

Bytes hex(std::string_view text) { return from_hex(text).value(); }
Address at(Byte last) {
  Address a;
  a[19] = last;
  return a;
}
std::string word(std::uint64_t v) {
  Bytes32 w = to_bytes32(uint256(v));
  return to_hex(w);
}

// SSTORE(0, 0x2a); return SLOAD(0).
constexpr std::string_view kStoreAndLoad = "602a60005560005460005260206000f3";
// revert(Error("no")).
constexpr std::string_view kRevertNo =
    "7f08c379a000000000000000000000000000000000000000000000000000000000600052"
    "60206004526002602452"
    "7f6e6f000000000000000000000000000000000000000000000000000000000000604452"
    "60646000fd";
// return SLOAD(calldata word 0).
constexpr std::string_view kLoadSlot = "6000355460005260206000f3";
// return SELFBALANCE.
constexpr std::string_view kSelfBalance = "4760005260206000f3";
// SSTORE(1, 0): clears a slot that holds 5, for a refund of 4800.
constexpr std::string_view kClearSlot = "600060015500";

const Address kStore = at(0xaa);
const Address kRevert = at(0xbb);
const Address kCaller = at(0xcc);
const Address kSlots = at(0xdd);
const Address kClear = at(0x99);

// CALL kRevert and STATICCALL kStore (whose SSTORE breaks the static frame), 0xffff gas each.
Bytes caller_code() {
  const std::string call_revert = "6000600060006000600073" + to_hex(kRevert, false) + "61fffff150";
  const std::string static_store = "600060006000600073" + to_hex(kStore, false) + "61fffffa50";
  return hex(call_revert + static_store + "00");
}

class DebugTraceTest : public testing::EndpointTest {
 protected:
  DebugTraceTest() {
    chain::ChainConfig config;
    const auto install = [&](const Address& addr, Bytes code,
                             std::map<Bytes32, exec::StorageSlot> storage = {}) {
      exec::Account account;
      account.code = std::move(code);
      account.code_hash = keccak256(account.code);
      account.code_kind = exec::CodeKind::kEvm;
      account.storage = std::move(storage);
      config.genesis_accounts.emplace_back(addr, std::move(account));
    };
    install(kStore, hex(kStoreAndLoad));
    install(kRevert, hex(kRevertNo));
    install(kCaller, caller_code());
    const Bytes32 five = to_bytes32(uint256(5));
    install(kSlots, hex(kLoadSlot), {{to_bytes32(uint256(1)), exec::StorageSlot{five, five}}});
    install(kClear, hex(kClearSlot), {{to_bytes32(uint256(1)), exec::StorageSlot{five, five}}});
    open(std::move(config));
  }
  // Sends a transaction to `to` with 100,000 gas and mines it; returns its hash.
  std::string mine_call(const Address& to) {
    const json sent =
        call("eth_sendTransaction",
             {{{"from", to_hex(key_.address())}, {"to", to_hex(to)}, {"gas", "0x186a0"}}});
    EXPECT_TRUE(sent.contains("result")) << sent.dump();
    EXPECT_TRUE(chain_->produce_block(false).value().has_value());
    return sent["result"].get<std::string>();
  }
};

TEST_F(DebugTraceTest, StructLoggerReportsEachStepWithGethsCostsStackAndStorage) {
  const std::string hash = mine_call(kStore);
  const json trace = call("debug_traceTransaction", {hash})["result"];
  ASSERT_TRUE(trace.is_object()) << call("debug_traceTransaction", {hash}).dump();
  // 21000 intrinsic, then 3+3 + 22100 (cold slot, zero to non-zero) + 3 + 100 (warm SLOAD)
  // + 3 + 6 (MSTORE with one word of memory) + 3 + 3 + 0.
  EXPECT_EQ(trace["gas"], 43224);
  EXPECT_EQ(trace["failed"], false);
  EXPECT_EQ(trace["returnValue"], word(0x2a));
  const json& logs = trace["structLogs"];
  ASSERT_EQ(logs.size(), 10u);
  const std::vector<std::string> ops = {"PUSH1", "PUSH1",  "SSTORE", "PUSH1", "SLOAD",
                                        "PUSH1", "MSTORE", "PUSH1",  "PUSH1", "RETURN"};
  const std::vector<int> costs = {3, 3, 22100, 3, 100, 3, 6, 3, 3, 0};
  std::int64_t gas = 100'000 - 21'000;
  for (std::size_t i = 0; i < logs.size(); ++i) {
    EXPECT_EQ(logs[i]["op"], ops[i]) << i;
    EXPECT_EQ(logs[i]["gasCost"], costs[i]) << i;
    EXPECT_EQ(logs[i]["gas"], gas) << i;
    EXPECT_EQ(logs[i]["depth"], 1) << i;
    gas -= costs[i];
  }
  EXPECT_EQ(logs[2]["pc"], 4);
  EXPECT_EQ(logs[2]["stack"], json::array({"0x2a", "0x0"}));
  const std::string slot0 = std::string(64, '0');
  EXPECT_EQ(logs[2]["storage"], json({{slot0, word(0x2a).substr(2)}}));
  EXPECT_EQ(logs[4]["storage"], json({{slot0, word(0x2a).substr(2)}}));
  EXPECT_FALSE(logs[0].contains("storage"));
  EXPECT_FALSE(logs[0].contains("memory"));

  const json with_memory =
      call("debug_traceTransaction", {hash, {{"enableMemory", true}, {"disableStack", true}}});
  const json& last = with_memory["result"]["structLogs"][9];
  EXPECT_EQ(last["memory"], json::array({word(0x2a).substr(2)}));
  EXPECT_FALSE(last.contains("stack"));
  EXPECT_EQ(call("debug_traceTransaction", {hash, {{"limit", 3}}})["result"]["structLogs"].size(),
            3u);
}

TEST_F(DebugTraceTest, StructLoggerShowsTheRefundCounterOnceItIsNotZero) {
  const std::string hash = mine_call(kClear);
  const json logs = call("debug_traceTransaction", {hash})["result"]["structLogs"];
  ASSERT_EQ(logs.size(), 4u) << logs.dump();  // PUSH1 PUSH1 SSTORE STOP
  for (std::size_t i = 0; i < 3; ++i) EXPECT_FALSE(logs[i].contains("refund")) << i;
  EXPECT_EQ(logs[3]["op"], "STOP");
  EXPECT_EQ(logs[3]["refund"], 4800);  // EIP-3529: clearing a slot
}

TEST_F(DebugTraceTest, NestedFramesCarryTheirDepthAndCallsCostWhatTheyPassOn) {
  const std::string hash = mine_call(kCaller);
  const json trace = call("debug_traceTransaction", {hash})["result"];
  std::vector<json> calls;
  bool saw_depth_two = false;
  for (const json& log : trace["structLogs"]) {
    if (log["op"] == "CALL" || log["op"] == "STATICCALL") calls.push_back(log);
    saw_depth_two = saw_depth_two || log["depth"] == 2;
  }
  ASSERT_EQ(calls.size(), 2u);
  // A cold account (2600) plus the 0xffff gas handed to the callee.
  EXPECT_EQ(calls[0]["gasCost"], 2600 + 0xffff);
  EXPECT_EQ(calls[1]["gasCost"], 2600 + 0xffff);
  EXPECT_TRUE(saw_depth_two);
  // The static frame's SSTORE fails there with go-ethereum's error.
  bool saw_write_protection = false;
  for (const json& log : trace["structLogs"])
    saw_write_protection = saw_write_protection ||
                           (log["op"] == "SSTORE" && log.value("error", "") == "write protection");
  EXPECT_TRUE(saw_write_protection);
}

TEST_F(DebugTraceTest, CallTracerGivesTheFrameTree) {
  const std::string hash = mine_call(kCaller);
  const json reply = call("debug_traceTransaction", {hash, {{"tracer", "callTracer"}}});
  const json& top = reply["result"];
  ASSERT_TRUE(top.is_object()) << reply.dump();
  EXPECT_EQ(top["type"], "CALL");
  EXPECT_EQ(top["from"], to_hex(key_.address()));
  EXPECT_EQ(top["to"], to_hex(kCaller));
  EXPECT_EQ(top["gas"], "0x186a0");
  const json receipt = call("eth_getTransactionReceipt", {hash})["result"];
  EXPECT_EQ(top["gasUsed"], receipt["gasUsed"]);
  ASSERT_EQ(top["calls"].size(), 2u);
  const json& reverted = top["calls"][0];
  EXPECT_EQ(reverted["type"], "CALL");
  EXPECT_EQ(reverted["to"], to_hex(kRevert));
  EXPECT_EQ(reverted["from"], to_hex(kCaller));
  EXPECT_EQ(reverted["value"], "0x0");
  EXPECT_EQ(reverted["gas"], "0xffff");
  EXPECT_EQ(reverted["error"], "execution reverted");
  EXPECT_EQ(reverted["revertReason"], "no");
  const json& static_call = top["calls"][1];
  EXPECT_EQ(static_call["type"], "STATICCALL");
  EXPECT_FALSE(static_call.contains("value"));
  EXPECT_EQ(static_call["error"], "write protection");
  EXPECT_EQ(static_call["gasUsed"], "0xffff");  // a failure other than REVERT takes all

  const json only_top =
      call("debug_traceTransaction",
           {hash, {{"tracer", "callTracer"}, {"tracerConfig", {{"onlyTopCall", true}}}}});
  EXPECT_FALSE(only_top["result"].contains("calls"));
}

// go-ethereum's prestateTracer: sender, destination and coinbase as the transaction found them,
// then whatever its code reached, with the slots it read or wrote.
TEST_F(DebugTraceTest, PrestateTracerGivesTheAccountsAsTheTransactionFoundThem) {
  const std::string hash = mine_call(kStore);
  const json receipt = call("eth_getTransactionReceipt", {hash})["result"];
  const std::string miner =
      call("eth_getBlockByNumber", {receipt["blockNumber"], false})["result"]["miner"];
  const std::string sender = to_hex(key_.address());
  const std::string code = "0x" + std::string(kStoreAndLoad);
  const json prestate = {{"tracer", "prestateTracer"}};
  const json pre = call("debug_traceTransaction", {hash, prestate})["result"];
  EXPECT_EQ(pre[to_hex(kStore)],
            json({{"balance", "0x0"}, {"code", code}, {"storage", {{word(0), word(0)}}}}));
  EXPECT_EQ(pre[sender], json({{"balance", "0xde0b6b3a7640000"}}));  // 1 ether, nonce 0
  EXPECT_TRUE(pre.contains(miner));
  EXPECT_EQ(pre.size(), miner == sender ? 2u : 3u) << pre.dump();

  json options = prestate;
  options["tracerConfig"] = {{"disableCode", true}, {"disableStorage", true}};
  EXPECT_EQ(call("debug_traceTransaction", {hash, options})["result"][to_hex(kStore)],
            json({{"balance", "0x0"}}));

  // Diff mode: only what changed. The slot was zero before, so `pre` leaves it out.
  options["tracerConfig"] = {{"diffMode", true}};
  const json diff = call("debug_traceTransaction", {hash, options})["result"];
  EXPECT_EQ(diff["pre"][to_hex(kStore)], json({{"balance", "0x0"}, {"code", code}}));
  EXPECT_EQ(diff["post"][to_hex(kStore)], json({{"storage", {{word(0), word(0x2a)}}}}));
  const uint256 fee = quantity_u256(receipt["gasUsed"], 0).value() *
                      quantity_u256(receipt["effectiveGasPrice"], 0).value();
  EXPECT_EQ(
      diff["post"][sender],
      json({{"balance", quantity(uint256(1'000'000'000'000'000'000ULL) - fee)}, {"nonce", 1}}));
}

TEST_F(DebugTraceTest, PrestateTracerFollowsCallsAndLeavesCreatedAccountsOut) {
  const json pre = call("debug_traceTransaction",
                        {mine_call(kCaller), {{"tracer", "prestateTracer"}}})["result"];
  ASSERT_TRUE(pre.contains(to_hex(kRevert))) << pre.dump();
  EXPECT_EQ(pre[to_hex(kRevert)]["code"], "0x" + std::string(kRevertNo));
  // The static frame's SSTORE fails, but its slot was reached.
  EXPECT_EQ(pre[to_hex(kStore)]["storage"], json({{word(0), word(0)}}));

  // MSTORE8(0, 1); RETURN(0, 1): installs the one-byte code 0x01.
  const json sent = call(
      "eth_sendTransaction",
      {{{"from", to_hex(key_.address())}, {"data", "0x600160005360016000f3"}, {"gas", "0x186a0"}}});
  ASSERT_TRUE(chain_->produce_block(false).value().has_value());
  const std::string hash = sent["result"];
  const std::string made = call("eth_getTransactionReceipt", {hash})["result"]["contractAddress"];
  const json created = call("debug_traceTransaction", {hash, {{"tracer", "prestateTracer"}}});
  EXPECT_FALSE(created["result"].contains(made)) << created.dump();
  const json diff =
      call("debug_traceTransaction",
           {hash, {{"tracer", "prestateTracer"}, {"tracerConfig", {{"diffMode", true}}}}});
  EXPECT_EQ(diff["result"]["post"][made], json({{"code", "0x01"}, {"nonce", 1}})) << diff.dump();
  EXPECT_FALSE(diff["result"]["pre"].contains(made));

  const json traced =
      call("debug_traceCall",
           {{{"to", to_hex(kSlots)}, {"data", word(1)}}, "latest", {{"tracer", "prestateTracer"}}});
  EXPECT_EQ(traced["result"][to_hex(kSlots)]["storage"], json({{word(1), word(5)}}))
      << traced.dump();
}

TEST_F(DebugTraceTest, TraceCallRunsOnOverriddenCode) {
  const Address fresh = at(0xee);
  const json overrides = {
      {to_hex(fresh), {{"code", std::string("0x") + std::string(kStoreAndLoad)}}}};
  const json reply =
      call("debug_traceCall", {{{"to", to_hex(fresh)}}, "latest", {{"stateOverrides", overrides}}});
  ASSERT_TRUE(reply.contains("result")) << reply.dump();
  EXPECT_EQ(reply["result"]["returnValue"], word(0x2a));
  EXPECT_EQ(reply["result"]["structLogs"].size(), 10u);
  const json calls =
      call("debug_traceCall", {{{"to", to_hex(kCaller)}}, "latest", {{"tracer", "callTracer"}}});
  EXPECT_EQ(calls["result"]["calls"].size(), 2u);
}

TEST_F(DebugTraceTest, EthCallStateOverridesChangeOnlyThatCall) {
  const auto read_slot = [&](std::uint64_t slot, const json& overrides) {
    json params = {{{"to", to_hex(kSlots)}, {"data", word(slot)}}, "latest"};
    if (!overrides.is_null()) params.push_back(overrides);
    const json reply = call("eth_call", params);
    EXPECT_TRUE(reply.contains("result")) << reply.dump();
    return reply.value("result", std::string());
  };
  EXPECT_EQ(read_slot(1, nullptr), word(5));
  const std::string account = to_hex(kSlots);
  EXPECT_EQ(read_slot(0, {{account, {{"stateDiff", {{word(0), word(9)}}}}}}), word(9));
  EXPECT_EQ(read_slot(1, {{account, {{"stateDiff", {{word(0), word(9)}}}}}}), word(5));
  // `state` replaces the whole storage: slot 1 is gone.
  EXPECT_EQ(read_slot(1, {{account, {{"state", {{word(0), word(9)}}}}}}), word(0));
  EXPECT_EQ(read_slot(1, nullptr), word(5));  // nothing stayed

  const json balance =
      call("eth_call",
           {{{"to", to_hex(at(0xef))}},
            "latest",
            {{to_hex(at(0xef)),
              {{"code", std::string("0x") + std::string(kSelfBalance)}, {"balance", "0x1234"}}}}});
  EXPECT_EQ(balance["result"], word(0x1234));
  const json estimate =
      call("eth_estimateGas",
           {{{"to", to_hex(at(0xef))}},
            "latest",
            {{to_hex(at(0xef)), {{"code", std::string("0x") + std::string(kStoreAndLoad)}}}}});
  EXPECT_EQ(estimate["result"], "0xa8d8");  // 43224: the SSTORE runs, as in the first test
}

// Block overrides (eth_call's fourth argument, debug_traceCall's blockOverrides): what NUMBER,
// TIMESTAMP, COINBASE, PREVRANDAO, GASLIMIT and BASEFEE read, for that call only.
TEST_F(DebugTraceTest, BlockOverridesChangeWhatTheCallSees) {
  const auto read = [&](std::string_view opcode, const json& block) {
    const std::string code = std::string("0x") + std::string(opcode) + "60005260206000f3";
    json params = {
        {{"to", to_hex(at(0xee))}, {"from", to_hex(key_.address())}, {"gasPrice", "0x3b9aca00"}},
        "latest",
        {{to_hex(at(0xee)), {{"code", code}}}}};
    if (!block.is_null()) params.push_back(block);
    const json reply = call("eth_call", params);
    EXPECT_TRUE(reply.contains("result")) << reply.dump();
    return reply.value("result", std::string());
  };
  EXPECT_EQ(read("43", {{"number", "0x1234"}}), word(0x1234));              // NUMBER
  EXPECT_EQ(read("42", {{"time", "0x65000000"}}), word(0x65000000));        // TIMESTAMP
  EXPECT_EQ(read("45", {{"gasLimit", "0x2faf080"}}), word(50'000'000));     // GASLIMIT
  EXPECT_EQ(read("41", {{"feeRecipient", to_hex(at(0x77))}}), word(0x77));  // COINBASE
  EXPECT_EQ(read("44", {{"prevRandao", "0x6"}}), word(6));                  // PREVRANDAO
  EXPECT_EQ(read("48", {{"baseFeePerGas", "0x7"}}), word(7));               // BASEFEE
  EXPECT_NE(read("43", nullptr), word(0x1234)) << "nothing stays";
  // Without a gas price a call runs at base fee 0, whatever the override says.
  const json free = call("eth_call", {{{"to", to_hex(at(0xee))}},
                                      "latest",
                                      {{to_hex(at(0xee)), {{"code", "0x4860005260206000f3"}}}},
                                      {{"baseFeePerGas", "0x7"}}});
  EXPECT_EQ(free["result"], word(0));

  const json traced =
      call("debug_traceCall",
           {{{"to", to_hex(at(0xee))}},
            "latest",
            {{"tracer", "callTracer"},
             {"stateOverrides", {{to_hex(at(0xee)), {{"code", "0x4360005260206000f3"}}}}},
             {"blockOverrides", {{"number", "0x99"}}}}});
  ASSERT_TRUE(traced.contains("result")) << traced.dump();
  EXPECT_EQ(traced["result"]["output"], word(0x99));

  const json unknown =
      call("eth_call", {{{"to", to_hex(at(0xee))}}, "latest", nullptr, {{"difficulty", "0x1"}}});
  EXPECT_EQ(unknown["error"]["message"],
            "invalid argument 3: unknown block override field \"difficulty\"");
  const json blob =
      call("eth_call", {{{"to", to_hex(at(0xee))}}, "latest", nullptr, {{"blobBaseFee", "0x1"}}});
  EXPECT_EQ(blob["error"]["message"], "not supported: block override blobBaseFee");
}

TEST_F(DebugTraceTest, BadTraceParamsAreRefusedNamingTheRule) {
  const std::string hash = mine_call(kStore);
  const auto message = [&](const std::string& method, const json& params) {
    return call(method, params)["error"]["message"].get<std::string>();
  };
  EXPECT_NE(
      message("debug_traceTransaction", {hash, {{"tracer", "4byteTracer"}}}).find("not supported"),
      std::string::npos);
  EXPECT_EQ(
      message("debug_traceTransaction",
              {hash, {{"tracer", "prestateTracer"}, {"tracerConfig", {{"onlyTopCall", true}}}}}),
      "invalid argument 1: unknown tracerConfig option \"onlyTopCall\" for prestateTracer");
  EXPECT_EQ(message("debug_traceTransaction",
                    {hash, {{"tracer", "prestateTracer"}, {"tracerConfig", {{"diffMode", 1}}}}}),
            "invalid argument 1: diffMode must be a boolean");
  EXPECT_NE(message("debug_traceTransaction", {hash, {{"enableMemory", "yes"}}})
                .find("enableMemory must be a boolean"),
            std::string::npos);
  EXPECT_NE(
      message("debug_traceTransaction", {hash, {{"colour", true}}}).find("unknown trace option"),
      std::string::npos);
  EXPECT_NE(message("debug_traceTransaction", {word(77)}).find("not found"), std::string::npos);
  EXPECT_NE(
      message("eth_call", {{{"to", to_hex(kSlots)}},
                           "latest",
                           {{to_hex(kSlots),
                             {{"state", json::object()}, {"stateDiff", {{word(0), word(1)}}}}}}})
          .find("both state and stateDiff"),
      std::string::npos);
  EXPECT_NE(message("eth_call",
                    {{{"to", to_hex(kSlots)}}, "latest", {{to_hex(kSlots), {{"nonse", "0x1"}}}}})
                .find("unknown field \"nonse\""),
            std::string::npos);
  EXPECT_NE(message("eth_call", {{{"to", to_hex(kSlots)}}, "latest", "0x1"}).find("state override"),
            std::string::npos);
}

}  // namespace
}  // namespace plexus::rpc
