#include "node/network_genesis.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/bls/bls.hpp"
#include "core/hex.hpp"
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

Result<Bytes> hex_field(const json& entry, const char* key, std::size_t size) {
  const std::string where = std::string("validators[].") + key;
  if (!entry.contains(key) || !entry[key].is_string())
    return bad(where, "must be a hex string of " + std::to_string(size) + " bytes");
  auto bytes = from_hex(entry[key].get<std::string>());
  if (!bytes || bytes->size() != size)
    return bad(where, "must be a hex string of " + std::to_string(size) + " bytes");
  return *bytes;
}

Result<std::vector<GenesisValidator>> parse_validators(const json& value) {
  if (!value.is_array() || value.size() > 1000)
    return bad("validators", "must be an array of at most 1000 validators");
  std::vector<GenesisValidator> out;
  std::set<std::string> keys;  // hex: GCC 12 warns falsely on comparing byte vectors
  std::set<Address> ids;
  for (const json& entry : value) {
    if (!entry.is_object()) return bad("validators", "entries must be objects");
    for (const auto& [key, unused] : entry.items())
      if (key != "node_id" && key != "bls_key" && key != "bls_pop" && key != "weight")
        return bad("validators[]." + key, "is not a known key");
    GenesisValidator v;
    PLEXUS_TRY(const Bytes id, hex_field(entry, "node_id", 20));
    v.node_id = Address::right_aligned(id);
    PLEXUS_TRY(v.bls_key, hex_field(entry, "bls_key", 48));
    const auto key = bls::PublicKey::from_bytes(v.bls_key);
    if (!key) return bad("validators[].bls_key", "is not a valid BLS12-381 public key");
    PLEXUS_TRY(v.bls_pop, hex_field(entry, "bls_pop", 96));
    const auto pop = bls::Signature::from_bytes(v.bls_pop);
    if (!pop || !bls::pop_verify(*key, *pop))
      return bad("validators[].bls_pop", "is not a proof of possession of bls_key");
    v.weight = 1;
    if (entry.contains("weight")) {
      PLEXUS_TRY(v.weight, unsigned_value(entry["weight"], "validators[].weight", 1, 1ull << 48));
    }
    if (!ids.insert(v.node_id).second) return bad("validators", "name a node id twice");
    if (!keys.insert(to_hex(v.bls_key)).second) return bad("validators", "name a BLS key twice");
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.node_id < b.node_id; });
  return out;
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
    } else if (key == "consensus") {
      if (!value.is_string() || (value != "dev" && value != "bft" && value != "snowman"))
        return bad(key, "must be \"dev\", \"bft\" or \"snowman\"");
      g.consensus = value.get<std::string>();
    } else if (key == "leader_timeout_ms") {
      PLEXUS_TRY(g.leader_timeout_ms, unsigned_value(value, key, 50, 600'000));
    } else if (key == "epoch_length") {
      PLEXUS_TRY(g.epoch_length, unsigned_value(value, key, 2, 1'000'000));
    } else if (key == "da_subnets") {
      PLEXUS_TRY(g.da_subnets, da_subnet_names(value, key));
    } else if (key == "validators") {
      PLEXUS_TRY(g.validators, parse_validators(value));
    } else {
      return bad(key, "is not a known key");
    }
  }
  if (g.timestamp == 0) return bad("timestamp", "is required (seconds since 1970)");
  if (g.consensus != "dev" && g.validators.empty())
    return bad("validators",
               "must list at least one validator under \"" + g.consensus + "\" consensus");
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
                    {"block_time_ms", g.block_time_ms},
                    {"consensus", g.consensus},
                    {"leader_timeout_ms", g.leader_timeout_ms},
                    {"epoch_length", g.epoch_length}};
  json with_validators = out;
  if (!g.da_subnets.empty()) with_validators["da_subnets"] = g.da_subnets;
  if (!g.validators.empty()) {
    json list = json::array();
    for (const auto& v : g.validators)
      list.push_back({{"node_id", to_hex(v.node_id)},
                      {"bls_key", to_hex(v.bls_key)},
                      {"bls_pop", to_hex(v.bls_pop)},
                      {"weight", v.weight}});
    with_validators["validators"] = std::move(list);
  }
  return with_validators.dump(2) + "\n";
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
  config.consensus = g.consensus == "bft"       ? platform::ConsensusKind::kBft
                     : g.consensus == "snowman" ? platform::ConsensusKind::kSnowman
                                                : platform::ConsensusKind::kDev;
  config.leader_timeout = std::chrono::milliseconds(g.leader_timeout_ms);
  config.epoch_length = g.epoch_length;
  config.validators = g.validators;
  config.da_subnets = g.da_subnets;
}

}  // namespace plexus::node
