#include "node/dev_config.hpp"

#include <gtest/gtest.h>

namespace plexus::node {
namespace {

TEST(DevConfig, ReadsEveryKeyOverTheDefaults) {
  const auto config = parse_dev_config(R"({
    "data_dir": "chain", "rpc_address": "0.0.0.0", "rpc_port": 9000, "rpc_threads": 4,
    "block_time_ms": 2000, "accounts": 3, "mnemonic": "abandon abandon", "evm_chain_id": 7,
    "account_balance_wei": "1000", "block_gas_limit": 60000000, "log_blocks": false,
    "sync_writes": true, "history_blocks": 90000
  })",
                                       {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->data_dir, "chain");
  EXPECT_EQ(config->rpc_address, "0.0.0.0");
  EXPECT_EQ(config->rpc_port, 9000);
  EXPECT_EQ(config->rpc_threads, 4u);
  EXPECT_EQ(config->block_time.count(), 2000);
  EXPECT_EQ(config->accounts, 3u);
  EXPECT_EQ(config->mnemonic, "abandon abandon");
  EXPECT_EQ(config->evm_chain_id, 7u);
  EXPECT_EQ(config->account_balance, uint256(1000));
  EXPECT_EQ(config->block_gas_limit, 60'000'000u);
  EXPECT_FALSE(config->log_blocks);
  EXPECT_TRUE(config->sync_writes);
  EXPECT_EQ(config->history_blocks, 90'000u);
}

TEST(DevConfig, KeepsDefaultsForAbsentKeys) {
  const auto config = parse_dev_config("{}", {});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->rpc_port, 8545);
  EXPECT_EQ(config->evm_chain_id, 31337u);
  EXPECT_EQ(config->rpc_address, "127.0.0.1");
}

TEST(DevConfig, RejectsTyposTypesAndRanges) {
  const auto message = [](std::string_view text) {
    const auto config = parse_dev_config(text, {});
    return config ? std::string("ok") : config.error().message;
  };
  EXPECT_EQ(message(R"({"rpc_prot": 1})"), "config: unknown key \"rpc_prot\"");
  EXPECT_EQ(message(R"({"rpc_port": "8545"})"),
            "config: \"rpc_port\" must be an integer from 0 to 65535");
  EXPECT_EQ(message(R"({"rpc_port": 70000})"),
            "config: \"rpc_port\" must be an integer from 0 to 65535");
  EXPECT_EQ(message(R"({"evm_chain_id": 0})"), "config: \"evm_chain_id\" must be non-zero");
  EXPECT_EQ(message(R"({"account_balance_wei": "ten"})"),
            "config: \"account_balance_wei\" must be a decimal string of wei");
  EXPECT_EQ(message("[1]"), "config: expected a JSON object");
  EXPECT_EQ(message("{"), "config: not valid JSON");
}

TEST(DevConfig, ReadsTheRpcLimits) {
  const auto config = parse_dev_config(R"({
    "rpc_max_connections": 64, "rpc_max_connections_per_address": 8,
    "rpc_max_requests_per_second_per_address": 100, "rpc_max_reply_bytes": 1000000,
    "rpc_call_timeout_ms": 250, "rpc_batch_timeout_ms": 1000
  })",
                                       {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->rpc_max_connections, 64u);
  EXPECT_EQ(config->rpc_max_connections_per_address, 8u);
  EXPECT_EQ(config->rpc_max_requests_per_second_per_address, 100u);
  EXPECT_EQ(config->rpc_max_reply_bytes, 1'000'000u);
  EXPECT_EQ(config->rpc_call_timeout.count(), 250);
  EXPECT_EQ(config->rpc_batch_timeout.count(), 1000);
  EXPECT_FALSE(parse_dev_config(R"({"rpc_call_timeout_ms": 0})", {}));
  EXPECT_FALSE(parse_dev_config(R"({"rpc_max_connections": 0})", {}));
}

TEST(DevConfig, ReadsTheEvmForkAndItsUpgrades) {
  EXPECT_EQ(parse_dev_config("{}", {})->evm_fork, evm::Revision::kOsaka);
  const auto config = parse_dev_config(R"({
    "evm_fork": "cancun", "evm_fork_upgrades": [{"height": 10, "fork": "Prague"},
                                                {"height": 20, "fork": "osaka"}]
  })",
                                       {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->evm_fork, evm::Revision::kCancun);
  ASSERT_EQ(config->evm_fork_upgrades.size(), 2u);
  EXPECT_EQ(config->evm_fork_upgrades[0].height, 10u);
  EXPECT_EQ(config->evm_fork_upgrades[0].fork, evm::Revision::kPrague);
  EXPECT_EQ(config->evm_fork_upgrades[1].fork, evm::Revision::kOsaka);
  const auto message = [](std::string_view text) {
    const auto parsed = parse_dev_config(text, {});
    return parsed ? std::string("ok") : parsed.error().message;
  };
  EXPECT_EQ(message(R"({"evm_fork": "shanghai"})"),
            "config: \"evm_fork\" must be \"cancun\", \"prague\" or \"osaka\"");
  EXPECT_NE(message(R"({"evm_fork_upgrades": [{"height": 5, "fork": "osaka"},
                                               {"height": 5, "fork": "osaka"}]})"),
            "ok");
  EXPECT_NE(message(R"({"evm_fork_upgrades": [{"height": 0, "fork": "osaka"}]})"), "ok");
}

TEST(DevConfig, MissingFileIsAClearError) {
  const auto config = load_dev_config("/nonexistent/plexus.json", {});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, "config: cannot read /nonexistent/plexus.json");
}

}  // namespace
}  // namespace plexus::node
