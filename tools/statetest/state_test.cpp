#include "state_test.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::statetest {
namespace {

using nlohmann::json;

// The fillers write numbers as "0x..." with arbitrary leading zeros.
Result<uint256> parse_number(const json& j) {
  if (!j.is_string()) return fail(Errc::kDecode, "number is not a string");
  std::string_view s = j.get_ref<const std::string&>();
  if (s.starts_with("0x") || s.starts_with("0X")) {
    std::string_view digits = s.substr(2);
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    if (digits.empty()) return uint256(0);
    return parse_uint256("0x" + std::string(digits));
  }
  return parse_uint256(s);
}

Result<std::uint64_t> parse_u64(const json& j) {
  PLEXUS_TRY(uint256 v, parse_number(j));
  if (!fits_uint64(v)) return fail(Errc::kDecode, "number does not fit 64 bits");
  return static_cast<std::uint64_t>(v);
}

Result<std::int64_t> parse_i64(const json& j) {
  PLEXUS_TRY(std::uint64_t v, parse_u64(j));
  if (v > static_cast<std::uint64_t>(INT64_MAX)) return fail(Errc::kDecode, "number above 2^63");
  return static_cast<std::int64_t>(v);
}

Result<Bytes> parse_bytes(const json& j) {
  if (!j.is_string()) return fail(Errc::kDecode, "bytes are not a string");
  return from_hex(j.get_ref<const std::string&>(), HexPrefix::kOptional);
}

template <std::size_t N>
Result<FixedBytes<N>> parse_fixed(const json& j) {
  if (!j.is_string()) return fail(Errc::kDecode, "hash is not a string");
  return fixed_from_hex<N>(j.get_ref<const std::string&>(), HexPrefix::kOptional);
}

Result<Bytes32> parse_word(const json& j) {
  PLEXUS_TRY(uint256 v, parse_number(j));
  return to_bytes32(v);
}

Result<transition::BlockInfo> parse_env(const json& env) {
  transition::BlockInfo b;
  PLEXUS_TRY(b.coinbase, parse_fixed<20>(env.at("currentCoinbase")));
  PLEXUS_TRY(b.gas_limit, parse_i64(env.at("currentGasLimit")));
  PLEXUS_TRY(b.number, parse_i64(env.at("currentNumber")));
  PLEXUS_TRY(b.timestamp, parse_i64(env.at("currentTimestamp")));
  if (env.contains("currentBaseFee")) {
    PLEXUS_TRY(b.base_fee, parse_number(env["currentBaseFee"]));
  }
  if (env.contains("currentRandom")) {
    PLEXUS_TRY(b.prev_randao, parse_word(env["currentRandom"]));
  }
  if (env.contains("currentExcessBlobGas")) {
    PLEXUS_TRY(b.excess_blob_gas, parse_u64(env["currentExcessBlobGas"]));
  }
  // The state tests carry no block hashes; their fillers answer BLOCKHASH(n) with
  // keccak256 of the decimal digits of n.
  b.block_hash = [](std::int64_t n) { return keccak256(as_bytes(std::to_string(n))); };
  return b;
}

Result<exec::State> parse_pre(const json& pre) {
  exec::State state;
  for (const auto& [addr_hex, acc_json] : pre.items()) {
    PLEXUS_TRY(Address addr, fixed_from_hex<20>(addr_hex));
    exec::Account acc;
    PLEXUS_TRY(acc.nonce, parse_u64(acc_json.at("nonce")));
    PLEXUS_TRY(acc.balance, parse_number(acc_json.at("balance")));
    PLEXUS_TRY(acc.code, parse_bytes(acc_json.at("code")));
    acc.code_hash = keccak256(acc.code);
    for (const auto& [key_hex, value_json] : acc_json.at("storage").items()) {
      PLEXUS_TRY(Bytes32 key, parse_word(json(key_hex)));
      PLEXUS_TRY(Bytes32 value, parse_word(value_json));
      if (!value.is_zero()) acc.storage[key] = {value, value};
    }
    state.put_account(addr, std::move(acc));
  }
  return state;
}

Result<std::vector<tx::AccessListEntry>> parse_access_list(const json& j) {
  std::vector<tx::AccessListEntry> list;
  for (const json& e : j) {
    tx::AccessListEntry entry;
    PLEXUS_TRY(entry.address, parse_fixed<20>(e.at("address")));
    for (const json& k : e.at("storageKeys")) {
      PLEXUS_TRY(Hash256 key, parse_word(k));
      entry.storage_keys.push_back(key);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

// EIP-7702 tuples as the fixtures write them: chainId, address, nonce, v (or yParity), r, s.
Result<std::vector<tx::Authorization>> parse_authorization_list(const json& j) {
  std::vector<tx::Authorization> list;
  for (const json& e : j) {
    tx::Authorization a;
    PLEXUS_TRY(a.chain_id, parse_number(e.at("chainId")));
    PLEXUS_TRY(a.address, parse_fixed<20>(e.at("address")));
    PLEXUS_TRY(a.nonce, parse_u64(e.at("nonce")));
    PLEXUS_TRY(a.y_parity, parse_number(e.contains("yParity") ? e["yParity"] : e.at("v")));
    PLEXUS_TRY(a.r, parse_number(e.at("r")));
    PLEXUS_TRY(a.s, parse_number(e.at("s")));
    list.push_back(std::move(a));
  }
  return list;
}

Result<TxTemplate> parse_tx(const json& t) {
  TxTemplate tx;
  PLEXUS_TRY(tx.nonce, parse_number(t.at("nonce")));
  PLEXUS_TRY(tx.sender, parse_fixed<20>(t.at("sender")));
  const std::string& to = t.at("to").get_ref<const std::string&>();
  if (!to.empty()) {
    PLEXUS_TRY(Address addr, fixed_from_hex<20>(to));
    tx.to = addr;
  }
  for (const json& d : t.at("data")) {
    PLEXUS_TRY(Bytes data, parse_bytes(d));
    tx.data.push_back(std::move(data));
  }
  for (const json& g : t.at("gasLimit")) {
    auto gas = parse_number(g);
    tx.gas_limits.push_back(gas ? std::optional(*gas) : std::nullopt);
  }
  for (const json& v : t.at("value")) {
    auto value = parse_number(v);
    tx.values.push_back(value ? std::optional(*value) : std::nullopt);
  }
  bool has_access_list = false;
  if (t.contains("accessLists")) {
    for (const json& al : t["accessLists"]) {
      if (al.is_null()) {
        tx.access_lists.emplace_back();
        continue;
      }
      PLEXUS_TRY(auto list, parse_access_list(al));
      tx.access_lists.emplace_back(std::move(list));
      has_access_list = true;
    }
  }
  if (t.contains("gasPrice")) {
    PLEXUS_TRY(tx.gas_price, parse_number(t["gasPrice"]));
    tx.type = has_access_list ? tx::Type::kAccessList : tx::Type::kLegacy;
  } else {
    PLEXUS_TRY(tx.max_fee_per_gas, parse_number(t.at("maxFeePerGas")));
    PLEXUS_TRY(tx.max_priority_fee_per_gas, parse_number(t.at("maxPriorityFeePerGas")));
    tx.type = tx::Type::kDynamicFee;
  }
  if (t.contains("blobVersionedHashes")) {
    tx.type = tx::Type::kBlob;
    for (const json& h : t["blobVersionedHashes"]) {
      PLEXUS_TRY(Hash256 hash, parse_fixed<32>(h));
      tx.blob_versioned_hashes.push_back(hash);
    }
    PLEXUS_TRY(tx.max_fee_per_blob_gas, parse_number(t.at("maxFeePerBlobGas")));
  }
  if (t.contains("authorizationList")) {
    tx.type = tx::Type::kSetCode;
    PLEXUS_TRY(tx.authorization_list, parse_authorization_list(t["authorizationList"]));
  }
  return tx;
}

Result<std::vector<ExpectedCase>> parse_cases(const json& list) {
  std::vector<ExpectedCase> cases;
  for (const json& c : list) {
    ExpectedCase e;
    const json& idx = c.at("indexes");
    e.data = idx.at("data").get<std::size_t>();
    e.gas = idx.at("gas").get<std::size_t>();
    e.value = idx.at("value").get<std::size_t>();
    PLEXUS_TRY(e.state_root, parse_fixed<32>(c.at("hash")));
    PLEXUS_TRY(e.logs_hash, parse_fixed<32>(c.at("logs")));
    if (c.contains("expectException")) e.expect_exception = c["expectException"].get<std::string>();
    if (c.contains("txbytes")) {
      PLEXUS_TRY(Bytes raw, parse_bytes(c["txbytes"]));
      e.txbytes = std::move(raw);
    }
    cases.push_back(std::move(e));
  }
  return cases;
}

// config: {"chainid": "0x01", "blobSchedule": {"Cancun": {"target": "0x03", "max": "0x06",
// "baseFeeUpdateFraction": "0x32f0ed"}, ...}}.
Result<void> parse_config(const json& config, StateTest& test) {
  if (config.contains("chainid")) {
    PLEXUS_TRY(test.block.chain_id, parse_number(config["chainid"]));
    test.tx.chain_id = test.block.chain_id;
  }
  if (!config.contains("blobSchedule")) return {};
  for (const auto& [fork, entry] : config["blobSchedule"].items()) {
    transition::BlobSchedule schedule;
    PLEXUS_TRY(schedule.target, parse_u64(entry.at("target")));
    PLEXUS_TRY(schedule.max, parse_u64(entry.at("max")));
    PLEXUS_TRY(schedule.update_fraction, parse_u64(entry.at("baseFeeUpdateFraction")));
    if (schedule.update_fraction == 0 || schedule.target > schedule.max)
      return fail(Errc::kDecode,
                  "blobSchedule " + fork + ": zero update fraction or target above max");
    test.blob_schedules.emplace(fork, schedule);
  }
  return {};
}

Result<StateTest> parse_test(const std::string& name, const json& j) {
  StateTest test;
  test.name = name;
  PLEXUS_TRY(test.block, parse_env(j.at("env")));
  PLEXUS_TRY(test.pre, parse_pre(j.at("pre")));
  PLEXUS_TRY(test.tx, parse_tx(j.at("transaction")));
  if (j.contains("config")) PLEXUS_CHECK(parse_config(j["config"], test));
  for (const auto& [fork, cases] : j.at("post").items()) {
    PLEXUS_TRY(auto parsed, parse_cases(cases));
    test.post.emplace(fork, std::move(parsed));
  }
  return test;
}

}  // namespace

Result<std::vector<StateTest>> load_state_test_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::kIo, "cannot open " + path.string());
  // nlohmann-json reports malformed input and missing keys by exceptions; this is the boundary
  // where they become errors.
  try {
    const json root = json::parse(in);
    std::vector<StateTest> tests;
    for (const auto& [name, test_json] : root.items()) {
      auto test = parse_test(name, test_json);
      if (!test) return fail(test.error().code, name + ": " + test.error().message);
      tests.push_back(std::move(*test));
    }
    return tests;
  } catch (const json::exception& e) {
    return fail(Errc::kDecode, path.string() + ": " + e.what());
  }
}

Result<tx::Transaction> make_transaction(const TxTemplate& tmpl, const ExpectedCase& c) {
  if (c.data >= tmpl.data.size() || c.gas >= tmpl.gas_limits.size() ||
      c.value >= tmpl.values.size())
    return fail(Errc::kDecode, "case index out of range");
  tx::Transaction tx;
  tx.type = tmpl.type;
  // accessLists is parallel to data: a null entry makes that case a legacy transaction (its
  // signed txbytes say so).
  const bool no_access_list = c.data >= tmpl.access_lists.size() || !tmpl.access_lists[c.data];
  if (tx.type == tx::Type::kAccessList && no_access_list) tx.type = tx::Type::kLegacy;
  tx.chain_id = tx.type == tx::Type::kLegacy ? 0 : tmpl.chain_id;
  if (!fits_uint64(tmpl.nonce)) return fail(Errc::kDecode, "nonce above 2^64-1");
  tx.nonce = static_cast<std::uint64_t>(tmpl.nonce);
  if (!tmpl.gas_limits[c.gas] || !tmpl.values[c.value])
    return fail(Errc::kDecode, "number out of range");
  const uint256& gas = *tmpl.gas_limits[c.gas];
  if (!fits_uint64(gas)) return fail(Errc::kDecode, "gas limit above 2^64-1");
  tx.gas_limit = static_cast<std::uint64_t>(gas);
  tx.gas_price = tmpl.gas_price;
  tx.max_fee_per_gas = tmpl.max_fee_per_gas;
  tx.max_priority_fee_per_gas = tmpl.max_priority_fee_per_gas;
  tx.to = tmpl.to;
  tx.value = *tmpl.values[c.value];
  tx.data = tmpl.data[c.data];
  if (c.data < tmpl.access_lists.size() && tmpl.access_lists[c.data])
    tx.access_list = *tmpl.access_lists[c.data];
  tx.max_fee_per_blob_gas = tmpl.max_fee_per_blob_gas;
  tx.blob_versioned_hashes = tmpl.blob_versioned_hashes;
  tx.authorization_list = tmpl.authorization_list;
  return tx;
}

Result<tx::Transaction> case_transaction(const StateTest& test, const ExpectedCase& c,
                                         evm::Revision rev) {
  PLEXUS_TRY(tx::Transaction built, make_transaction(test.tx, c));
  if (!c.txbytes) return built;
  PLEXUS_TRY(tx::Transaction signed_tx, tx::decode(*c.txbytes));
  PLEXUS_TRY(const Address sender, tx::recover_sender(signed_tx, transition::revision_fork(rev)));
  if (sender != test.tx.sender)
    return fail(Errc::kValidation, "txbytes signed by " + to_hex(sender) + ", the test names " +
                                       to_hex(test.tx.sender));
  const bool same = signed_tx.type == built.type && signed_tx.nonce == built.nonce &&
                    signed_tx.gas_limit == built.gas_limit && signed_tx.to == built.to &&
                    signed_tx.value == built.value && signed_tx.data == built.data &&
                    signed_tx.authorization_list.size() == built.authorization_list.size();
  if (!same) return fail(Errc::kValidation, "txbytes differ from the transaction's fields");
  return signed_tx;
}

transition::BlockInfo case_block(const StateTest& test, const std::string& fork) {
  transition::BlockInfo block = test.block;
  if (const auto it = test.blob_schedules.find(fork); it != test.blob_schedules.end())
    block.blob_schedule = it->second;
  return block;
}

}  // namespace plexus::statetest
