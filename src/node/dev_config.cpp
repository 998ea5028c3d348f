#include "node/dev_config.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "node/config_file.hpp"

namespace plexus::node {
namespace {

using json = nlohmann::json;

std::unexpected<Error> bad_key(std::string_view key, std::string_view expected) {
  return fail(Errc::kInvalidArgument,
              "config: \"" + std::string(key) + "\" must be " + std::string(expected));
}

Result<std::uint64_t> unsigned_value(const json& value, std::string_view key, std::uint64_t max) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max)
    return bad_key(key, "an integer from 0 to " + std::to_string(max));
  return value.get<std::uint64_t>();
}

Result<std::string> string_value(const json& value, std::string_view key) {
  if (!value.is_string()) return bad_key(key, "a string");
  return value.get<std::string>();
}

Result<evm::Revision> fork_value(const json& value, std::string_view key) {
  PLEXUS_TRY(const std::string name, string_value(value, key));
  const auto rev = evm::parse_revision(name);
  if (!rev || *rev < evm::Revision::kCancun)
    return bad_key(key, "\"cancun\", \"prague\" or \"osaka\"");
  return *rev;
}

}  // namespace

Result<DevNetworkConfig> parse_dev_config(std::string_view text, DevNetworkConfig config) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail(Errc::kDecode, "config: not valid JSON");
  if (!root.is_object()) return fail(Errc::kInvalidArgument, "config: expected a JSON object");
  constexpr auto kU64 = std::numeric_limits<std::uint64_t>::max();
  for (const auto& [key, value] : root.items()) {
    if (key == "data_dir") {
      PLEXUS_TRY(const std::string dir, string_value(value, key));
      config.data_dir = dir;
    } else if (key == "explorer_dir") {
      PLEXUS_TRY(const std::string dir, string_value(value, key));
      config.explorer_dir = dir;
    } else if (key == "rpc_address") {
      PLEXUS_TRY(config.rpc_address, string_value(value, key));
    } else if (key == "rpc_port") {
      PLEXUS_TRY(const std::uint64_t port, unsigned_value(value, key, 65535));
      config.rpc_port = static_cast<std::uint16_t>(port);
    } else if (key == "rpc_threads") {
      PLEXUS_TRY(config.rpc_threads, unsigned_value(value, key, 1024));
      if (config.rpc_threads == 0) return bad_key(key, "at least 1");
    } else if (key == "block_time_ms") {
      PLEXUS_TRY(const std::uint64_t ms, unsigned_value(value, key, 86'400'000));
      config.block_time = std::chrono::milliseconds(ms);
    } else if (key == "accounts") {
      PLEXUS_TRY(config.accounts, unsigned_value(value, key, 1000));
      if (config.accounts == 0) return bad_key(key, "at least 1 (account 0 is the validator)");
    } else if (key == "mnemonic") {
      PLEXUS_TRY(config.mnemonic, string_value(value, key));
    } else if (key == "account_balance_wei") {
      PLEXUS_TRY(const std::string wei, string_value(value, key));
      const auto parsed = parse_uint256(wei);
      if (!parsed) return bad_key(key, "a decimal string of wei");
      config.account_balance = *parsed;
    } else if (key == "evm_chain_id") {
      PLEXUS_TRY(config.evm_chain_id, unsigned_value(value, key, kU64 - 2));
      if (config.evm_chain_id == 0) return bad_key(key, "non-zero");
    } else if (key == "network_id") {
      PLEXUS_TRY(config.network_id, unsigned_value(value, key, 0xffff'ffff));
    } else if (key == "block_gas_limit") {
      PLEXUS_TRY(config.block_gas_limit, unsigned_value(value, key, kU64 / 2));
      if (config.block_gas_limit < 21000) return bad_key(key, "at least 21000");
    } else if (key == "rpc_max_connections" || key == "rpc_max_connections_per_address") {
      PLEXUS_TRY(const std::uint64_t n, unsigned_value(value, key, 1'000'000));
      if (n == 0) return bad_key(key, "at least 1");
      (key == "rpc_max_connections" ? config.rpc_max_connections
                                    : config.rpc_max_connections_per_address) = n;
    } else if (key == "rpc_max_requests_per_second_per_address") {
      PLEXUS_TRY(config.rpc_max_requests_per_second_per_address,
                 unsigned_value(value, key, 100'000'000));
    } else if (key == "rpc_max_reply_bytes") {
      PLEXUS_TRY(config.rpc_max_reply_bytes, unsigned_value(value, key, kU64 / 2));
      if (config.rpc_max_reply_bytes < 1024) return bad_key(key, "at least 1024");
    } else if (key == "rpc_call_timeout_ms" || key == "rpc_batch_timeout_ms") {
      PLEXUS_TRY(const std::uint64_t ms, unsigned_value(value, key, 3'600'000));
      if (ms == 0) return bad_key(key, "at least 1");
      (key == "rpc_call_timeout_ms" ? config.rpc_call_timeout : config.rpc_batch_timeout) =
          std::chrono::milliseconds(ms);
    } else if (key == "history_blocks") {
      PLEXUS_TRY(config.history_blocks, unsigned_value(value, key, kU64));
    } else if (key == "evm_fork") {
      PLEXUS_TRY(config.evm_fork, fork_value(value, key));
    } else if (key == "evm_fork_upgrades") {
      if (!value.is_array()) return bad_key(key, "a list of {\"height\": n, \"fork\": name}");
      config.evm_fork_upgrades.clear();
      for (const json& upgrade : value) {
        if (!upgrade.is_object() || !upgrade.contains("height") || !upgrade.contains("fork"))
          return bad_key(key, "a list of {\"height\": n, \"fork\": name}");
        DevNetworkConfig::ForkUpgrade u;
        PLEXUS_TRY(u.height, unsigned_value(upgrade["height"], key, kU64));
        PLEXUS_TRY(u.fork, fork_value(upgrade["fork"], key));
        const std::uint64_t after =
            config.evm_fork_upgrades.empty() ? 0 : config.evm_fork_upgrades.back().height;
        if (u.height <= after) return bad_key(key, "upgrades at increasing heights above 0");
        config.evm_fork_upgrades.push_back(u);
      }
    } else if (key == "allow_unprotected_txs") {
      if (!value.is_array() || value.size() > 1)
        return bad_key(key,
                       "a list of at most one subnet name (the same unprotected "
                       "transaction would be valid on each subnet listed)");
      config.unprotected_txs_subnets.clear();
      for (const json& name : value) {
        PLEXUS_TRY(std::string subnet, string_value(name, key));
        config.unprotected_txs_subnets.push_back(std::move(subnet));
      }
    } else if (key == "da_subnets") {
      PLEXUS_TRY(config.da_subnets, da_subnet_names(value, key));
    } else if (key == "log_blocks" || key == "sync_writes") {
      if (!value.is_boolean()) return bad_key(key, "true or false");
      (key == "log_blocks" ? config.log_blocks : config.sync_writes) = value.get<bool>();
    } else {
      return fail(Errc::kInvalidArgument, "config: unknown key \"" + key + "\"");
    }
  }
  return config;
}

Result<DevNetworkConfig> load_dev_config(const std::filesystem::path& file, DevNetworkConfig base) {
  return parse_config_file(file, "config", [&base](std::string_view text) {
    return parse_dev_config(text, std::move(base));
  });
}

}  // namespace plexus::node
