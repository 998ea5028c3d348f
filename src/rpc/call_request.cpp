#include "rpc/call_request.hpp"

#include "rpc/params.hpp"

namespace plexus::rpc {
namespace {

// EIP-7702 tuples as ethers and viem send them: chainId, address, nonce, yParity (or v), r, s.
Result<std::vector<tx::Authorization>> authorization_list(const json& list, std::size_t index) {
  const auto bad = [index](const std::string& why) {
    return fail(Errc::kInvalidArgument,
                "invalid argument " + std::to_string(index) + ": authorizationList " + why);
  };
  if (!list.is_array()) return bad("must be an array");
  std::vector<tx::Authorization> out;
  for (const json& entry : list) {
    if (!entry.is_object() || !entry.contains("address") || !entry.contains("chainId") ||
        !entry.contains("nonce") || !entry.contains("r") || !entry.contains("s"))
      return bad("entries need chainId, address, nonce, yParity, r and s");
    tx::Authorization a;
    PLEXUS_TRY(a.chain_id, quantity_u256(entry["chainId"], index));
    PLEXUS_TRY(a.address, address_value(entry["address"], index));
    PLEXUS_TRY(a.nonce, quantity_u64(entry["nonce"], index));
    const auto parity = entry.find(entry.contains("yParity") ? "yParity" : "v");
    if (parity == entry.end()) return bad("entries need yParity");
    PLEXUS_TRY(a.y_parity, quantity_u256(*parity, index));
    PLEXUS_TRY(a.r, word_value(entry["r"], index));
    PLEXUS_TRY(a.s, word_value(entry["s"], index));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<chain::CallRequest> parse_call_request(const json& object, std::size_t index) {
  if (!object.is_object())
    return fail(Errc::kInvalidArgument,
                "invalid argument " + std::to_string(index) + ": expected a call object");
  chain::CallRequest request;
  const auto field = [&](const char* name) -> const json* {
    const auto it = object.find(name);
    return (it == object.end() || it->is_null()) ? nullptr : &*it;
  };
  if (const json* v = field("from")) {
    PLEXUS_TRY(request.from, address_value(*v, index));
  }
  if (const json* v = field("to")) {
    PLEXUS_TRY(request.to, address_value(*v, index));
  }
  if (const json* v = field("gas")) {
    PLEXUS_TRY(request.gas, quantity_u64(*v, index));
  }
  if (const json* v = field("gasPrice")) {
    PLEXUS_TRY(request.gas_price, quantity_u256(*v, index));
  } else if (const json* fee = field("maxFeePerGas")) {
    PLEXUS_TRY(request.gas_price, quantity_u256(*fee, index));
  }
  if (const json* v = field("value")) {
    PLEXUS_TRY(request.value, quantity_u256(*v, index));
  }
  if (const json* list = field("accessList")) {
    if (!list->is_array())
      return fail(Errc::kInvalidArgument,
                  "invalid argument " + std::to_string(index) + ": accessList must be an array");
    for (const json& entry : *list) {
      if (!entry.is_object() || !entry.contains("address"))
        return fail(Errc::kInvalidArgument,
                    "invalid argument " + std::to_string(index) + ": bad accessList entry");
      tx::AccessListEntry parsed;
      PLEXUS_TRY(parsed.address, address_value(entry["address"], index));
      if (const auto keys = entry.find("storageKeys"); keys != entry.end() && keys->is_array()) {
        for (const json& key : *keys) {
          PLEXUS_TRY(const Hash256 k, hash_value(key, index));
          parsed.storage_keys.push_back(k);
        }
      }
      request.access_list.push_back(std::move(parsed));
    }
  }
  if (const json* list = field("authorizationList")) {
    PLEXUS_TRY(request.authorization_list, authorization_list(*list, index));
  }
  const json* input = field("input");
  const json* data = field("data");
  if (input && data && *input != *data)
    return fail(Errc::kInvalidArgument,
                "both \"data\" and \"input\" are set and not equal. Please use \"input\" to "
                "pass transaction call data");
  if (const json* v = input ? input : data) {
    PLEXUS_TRY(request.data, data_bytes(*v, index));
  }
  return request;
}

Result<chain::BlockOverrides> parse_block_overrides(const json& object, std::size_t index) {
  if (!object.is_object())
    return fail(Errc::kInvalidArgument, "invalid argument " + std::to_string(index) +
                                            ": block overrides must be an object");
  chain::BlockOverrides out;
  for (auto field = object.begin(); field != object.end(); ++field) {
    const std::string& name = field.key();
    const json& value = field.value();
    if (value.is_null()) continue;
    if (name == "number") {
      PLEXUS_TRY(out.number, quantity_u64(value, index));
    } else if (name == "time") {
      PLEXUS_TRY(out.time, quantity_u64(value, index));
    } else if (name == "gasLimit") {
      PLEXUS_TRY(out.gas_limit, quantity_u64(value, index));
    } else if (name == "feeRecipient" || name == "coinbase") {
      PLEXUS_TRY(out.fee_recipient, address_value(value, index));
    } else if (name == "prevRandao" || name == "random") {
      PLEXUS_TRY(const uint256 randao, word_value(value, index));
      out.prev_randao = to_bytes32(randao);
    } else if (name == "baseFeePerGas" || name == "baseFee") {
      PLEXUS_TRY(out.base_fee, quantity_u256(value, index));
    } else if (name == "blobBaseFee" || name == "beaconRoot" || name == "withdrawals") {
      return fail(Errc::kNotSupported, "not supported: block override " + name);
    } else {
      return fail(Errc::kInvalidArgument, "invalid argument " + std::to_string(index) +
                                              ": unknown block override field \"" + name + "\"");
    }
  }
  return out;
}

Result<chain::StateOverrides> parse_state_overrides(const json& object, std::size_t index) {
  const auto bad = [index](const std::string& why) {
    return fail(Errc::kInvalidArgument,
                "invalid argument " + std::to_string(index) + ": state override " + why);
  };
  if (!object.is_object()) return bad("must be an object of accounts");
  chain::StateOverrides out;
  for (auto account = object.begin(); account != object.end(); ++account) {
    PLEXUS_TRY(const Address addr, address_value(json(account.key()), index));
    const json& fields = account.value();
    if (!fields.is_object()) return bad("for " + account.key() + " must be an object");
    chain::AccountOverride change;
    const auto slots = [&](const json& map) -> Result<std::map<Bytes32, Bytes32>> {
      if (!map.is_object()) return bad("storage for " + account.key() + " must be an object");
      std::map<Bytes32, Bytes32> parsed;
      for (auto slot = map.begin(); slot != map.end(); ++slot) {
        PLEXUS_TRY(const uint256 key, word_value(json(slot.key()), index));
        PLEXUS_TRY(const uint256 value, word_value(slot.value(), index));
        parsed[to_bytes32(key)] = to_bytes32(value);
      }
      return parsed;
    };
    for (auto field = fields.begin(); field != fields.end(); ++field) {
      const std::string& name = field.key();
      const json& value = field.value();
      if (value.is_null()) continue;
      if (name == "balance") {
        PLEXUS_TRY(change.balance, quantity_u256(value, index));
      } else if (name == "nonce") {
        PLEXUS_TRY(change.nonce, quantity_u64(value, index));
      } else if (name == "code") {
        PLEXUS_TRY(change.code, data_bytes(value, index));
      } else if (name == "state") {
        PLEXUS_TRY(change.state, slots(value));
      } else if (name == "stateDiff") {
        PLEXUS_TRY(change.state_diff, slots(value));
      } else if (name == "movePrecompileToAddress") {
        return fail(Errc::kNotSupported, "not supported: movePrecompileToAddress");
      } else {
        return bad("for " + account.key() + " has unknown field \"" + name + "\"");
      }
    }
    if (change.state && !change.state_diff.empty())
      return bad("for " + account.key() + " has both state and stateDiff");
    out[addr] = std::move(change);
  }
  return out;
}

}  // namespace plexus::rpc
