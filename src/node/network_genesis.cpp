#include "node/network_genesis.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "node/config_file.hpp"

namespace plexus::node {
namespace {

using json = nlohmann::json;

std::unexpected<Error> bad(std::string_view key, std::string_view rule) {
  return fail(Errc::kInvalidArgument, "genesis: \"" + std::string(key) + "\" " + std::string(rule));
}

Result<std::uint64_t> unsigned_value(const json& value, std::string_view key, std::uint64_t min,
                                     std::uint64_t max) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() < min ||
      value.get<std::uint64_t>() > max)
    return bad(key,
               "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return value.get<std::uint64_t>();
}

}  // namespace

Result<NetworkGenesis> parse_network_genesis(std::string_view text) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object())
    return fail(Errc::kDecode, "genesis: not a JSON object");
  constexpr auto kU64 = std::numeric_limits<std::uint64_t>::max();
  NetworkGenesis g;
  for (const auto& [key, value] : root.items()) {
    if (key == "network_id") {
      PLEXUS_TRY(g.network_id, unsigned_value(value, key, 1, 0xffff'ffff));
    } else if (key == "timestamp") {
      PLEXUS_TRY(g.timestamp, unsigned_value(value, key, 1, kU64 / 2));
    } else if (key == "evm_chain_id") {
      PLEXUS_TRY(g.evm_chain_id, unsigned_value(value, key, 1, kU64 - 2));
    } else if (key == "mnemonic") {
      if (!value.is_string()) return bad(key, "must be a string");
      g.mnemonic = value.get<std::string>();
    } else if (key == "accounts") {
      PLEXUS_TRY(g.accounts, unsigned_value(value, key, 1, 1000));
    } else if (key == "account_balance_wei") {
      if (!value.is_string()) return bad(key, "must be a decimal string of wei");
      const auto balance = parse_uint256(value.get<std::string>());
      if (!balance) return bad(key, "must be a decimal string of wei");
      g.account_balance = *balance;
    } else if (key == "block_gas_limit") {
      PLEXUS_TRY(g.block_gas_limit, unsigned_value(value, key, 21'000, kU64 / 2));
    } else if (key == "block_time_ms") {
      PLEXUS_TRY(g.block_time_ms, unsigned_value(value, key, 0, 86'400'000));
    } else {
      return bad(key, "is not a known key");
    }
  }
  if (g.timestamp == 0) return bad("timestamp", "is required (seconds since 1970)");
  return g;
}

Result<NetworkGenesis> load_network_genesis(const std::filesystem::path& file) {
  return parse_config_file(file, "genesis", parse_network_genesis);
}

std::string genesis_json(const NetworkGenesis& g) {
  const json out = {{"network_id", g.network_id},
                    {"timestamp", g.timestamp},
                    {"evm_chain_id", g.evm_chain_id},
                    {"mnemonic", g.mnemonic},
                    {"accounts", g.accounts},
                    {"account_balance_wei", g.account_balance.str()},
                    {"block_gas_limit", g.block_gas_limit},
                    {"block_time_ms", g.block_time_ms}};
  return out.dump(2) + "\n";
}

void apply_genesis(const NetworkGenesis& g, DevNetworkConfig& config) {
  config.network_id = g.network_id;
  config.genesis_timestamp = g.timestamp;
  config.evm_chain_id = g.evm_chain_id;
  config.mnemonic = g.mnemonic;
  config.accounts = g.accounts;
  config.account_balance = g.account_balance;
  config.block_gas_limit = g.block_gas_limit;
  config.block_time = std::chrono::milliseconds(g.block_time_ms);
}

}  // namespace plexus::node
