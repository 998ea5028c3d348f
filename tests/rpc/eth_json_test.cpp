#include "rpc/eth_json.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "fixtures.hpp"

namespace plexus::rpc {
namespace {

using testing::filled;

TEST(EthJson, HeaderAndBlockFields) {
  chain::Block block;
  chain::BlockHeader& h = block.header;
  h.number = 26;
  h.gas_limit = 30'000'000;
  h.gas_used = 21'000;
  h.timestamp = 1'700'000'000;
  h.extra_data = {0xab};
  h.base_fee_per_gas = uint256(1'000'000'000);
  h.withdrawals_root = filled(0x11);
  const json header = header_json(h, filled(0x22));
  EXPECT_EQ(header["number"], "0x1a");
  EXPECT_EQ(header["hash"], "0x" + std::string(64, '2'));
  EXPECT_EQ(header["gasUsed"], "0x5208");
  EXPECT_EQ(header["baseFeePerGas"], "0x3b9aca00");
  EXPECT_EQ(header["difficulty"], "0x0");
  EXPECT_EQ(header["nonce"], "0x0000000000000000");
  EXPECT_EQ(header["extraData"], "0xab");
  EXPECT_EQ(header["sha3Uncles"],
            "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
  EXPECT_EQ(header["logsBloom"].get<std::string>().size(), 2u + 512u);
  EXPECT_FALSE(header.contains("blobGasUsed"));  // a Shanghai header

  block.withdrawals = std::vector<chain::Withdrawal>{{5, 6, Address{}, 7}};
  const json full = block_json(block, filled(0x22), 600, json::array({"0x01"}));
  EXPECT_EQ(full["size"], "0x258");
  EXPECT_EQ(full["uncles"], json::array());
  EXPECT_EQ(full["transactions"][0], "0x01");
  EXPECT_EQ(full["withdrawals"][0]["validatorIndex"], "0x6");
}

TEST(EthJson, ReceiptsAndLogs) {
  Address token;
  token[19] = 0x42;
  const chain::Receipt r =
      chain::make_receipt(2, true, 50'000, {chain::Log{token, {filled(0xdd)}, {0x01, 0x02}}});
  ReceiptContext c;
  c.transaction_hash = filled(0x01);
  c.transaction_index = 3;
  c.block_hash = filled(0x02);
  c.block_number = 9;
  c.contract_address = token;
  c.gas_used = 29'000;
  c.effective_gas_price = uint256(2'000'000'000);
  c.first_log_index = 4;
  const json j = receipt_json(r, c);
  EXPECT_EQ(j["status"], "0x1");
  EXPECT_EQ(j["type"], "0x2");
  EXPECT_TRUE(j["to"].is_null());
  EXPECT_EQ(j["contractAddress"], to_hex(token));
  EXPECT_EQ(j["effectiveGasPrice"], "0x77359400");
  ASSERT_EQ(j["logs"].size(), 1u);
  EXPECT_EQ(j["logs"][0]["logIndex"], "0x4");
  EXPECT_EQ(j["logs"][0]["transactionIndex"], "0x3");
  EXPECT_EQ(j["logs"][0]["data"], "0x0102");
  EXPECT_EQ(j["logs"][0]["removed"], false);
  EXPECT_EQ(j["logsBloom"], to_hex(r.bloom));
}

TEST(EthJson, ParsesLogFilters) {
  const std::string a = "0x" + std::string(40, 'a');
  const std::string t = "0x" + std::string(64, 'b');
  auto f = parse_log_filter(json::parse(R"({"address":")" + a + R"(","topics":[null,")" + t +
                                        R"(",[")" + t + R"(",")" + t + R"("]]})"));
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->addresses.size(), 1u);
  ASSERT_EQ(f->topics.size(), 3u);
  EXPECT_TRUE(f->topics[0].empty());
  EXPECT_EQ(f->topics[1].size(), 1u);
  EXPECT_EQ(f->topics[2].size(), 2u);
  f = parse_log_filter(json::parse(R"({"address":[")" + a + R"(",")" + a + R"("],"topics":null})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->addresses.size(), 2u);
  EXPECT_TRUE(f->topics.empty());
  EXPECT_TRUE(parse_log_filter(json::object()));
  for (const char* bad :
       {R"([])", R"({"address":"0x12"})", R"({"address":5})", R"({"topics":"0x00"})",
        R"({"topics":[1]})", R"({"topics":[null,null,null,null,null]})"}) {
    const auto r = parse_log_filter(json::parse(bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  }
}

}  // namespace
}  // namespace plexus::rpc
