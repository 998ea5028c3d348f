// Node-side signing, for dev networks whose keys are public anyway: eth_accounts lists the keys
// the endpoint holds; eth_sendTransaction fills in what the client left out (nonce, gas, fees),
// signs and submits; eth_sign and personal_sign sign EIP-191 messages; evm_mine makes a block. This is what Hardhat
// scripts with remote accounts and `provider.getSigner()` expect. Without keys, eth_accounts is
// [] and the others answer "unknown account".
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "rpc/call_request.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {
namespace {

constexpr std::uint64_t kDefaultTip = 1'000'000'000;  // 1 gwei, as eth_maxPriorityFeePerGas

const secp256k1::PrivateKey* key_for(const EthEndpoint& endpoint, const Address& addr) {
  for (const auto& key : endpoint.signing_keys)
    if (key.address() == addr) return &key;
  return nullptr;
}

// EIP-191 version 0x45: keccak256("\x19Ethereum Signed Message:\n" + len(message) + message).
Hash256 personal_message_hash(BytesView message) {
  const std::string prefix = "\x19" "Ethereum Signed Message:\n" + std::to_string(message.size());
  Bytes data(prefix.begin(), prefix.end());
  data.insert(data.end(), message.begin(), message.end());
  return keccak256(data);
}

Result<json> sign_message(const EthEndpoint& endpoint, const json& address, const json& message,
                          std::size_t address_index, std::size_t message_index) {
  PLEXUS_TRY(const Address addr, address_value(address, address_index));
  PLEXUS_TRY(const Bytes bytes, data_bytes(message, message_index));
  const secp256k1::PrivateKey* key = key_for(endpoint, addr);
  if (key == nullptr) return fail(Errc::kValidation, "unknown account");
  const auto sig = secp256k1::sign(personal_message_hash(bytes), *key);
  Bytes out(sig.r.view().begin(), sig.r.view().end());
  out.insert(out.end(), sig.s.view().begin(), sig.s.view().end());
  out.push_back(static_cast<Byte>(27 + sig.recovery_id));
  return to_hex(out);
}

// The signed transaction for an eth_sendTransaction object, or the RPC error to answer.
std::expected<Bytes, RpcError> build_transaction(EthEndpoint& endpoint, const json& object) {
  const auto request = parse_call_request(object, 0);
  if (!request) return std::unexpected(to_rpc_error(request.error()));
  if (!request->from) return rpc_fail(code::kInvalidParams, "missing value for required argument from");
  const secp256k1::PrivateKey* key = key_for(endpoint, *request->from);
  if (key == nullptr) return rpc_fail(code::kServerError, "unknown account");
  chain::SubnetChain& chain = endpoint.chain;

  tx::Transaction t;
  t.chain_id = chain.config().chain_id;
  t.nonce = chain.pending_nonce(*request->from);
  if (const auto it = object.find("nonce"); it != object.end() && !it->is_null()) {
    const auto nonce = quantity_u64(*it, 0);
    if (!nonce) return std::unexpected(to_rpc_error(nonce.error()));
    t.nonce = *nonce;
  }
  t.to = request->to;
  t.value = request->value;
  t.data = request->data;
  t.access_list = request->access_list;
  const auto fee = [&](const char* name) -> std::optional<uint256> {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return std::nullopt;
    const auto value = quantity_u256(*it, 0);
    return value ? std::optional(*value) : std::nullopt;
  };
  if (const auto price = fee("gasPrice")) {
    t.type = t.access_list.empty() ? tx::Type::kLegacy : tx::Type::kAccessList;
    t.gas_price = *price;
  } else {
    t.type = tx::Type::kDynamicFee;
    t.max_priority_fee_per_gas = fee("maxPriorityFeePerGas").value_or(uint256(kDefaultTip));
    t.max_fee_per_gas = fee("maxFeePerGas")
                            .value_or(chain.next_base_fee() * uint256(2) +
                                      t.max_priority_fee_per_gas);
  }
  if (!request->authorization_list.empty()) {  // EIP-7702: a set-code transaction
    if (t.type != tx::Type::kDynamicFee)
      return rpc_fail(code::kInvalidParams, "authorizationList needs EIP-1559 fees, not gasPrice");
    t.type = tx::Type::kSetCode;
    t.authorization_list = request->authorization_list;
  }
  if (request->gas) {
    t.gas_limit = *request->gas;
  } else {
    const auto estimate = chain.estimate_gas(*request);
    if (!estimate) return std::unexpected(to_rpc_error(estimate.error()));
    if (estimate->failure && estimate->failure->status == evm::StatusCode::kRevert)
      return std::unexpected(execution_reverted(estimate->failure->output));
    if (estimate->failure) return rpc_fail(code::kServerError, "gas required exceeds allowance");
    t.gas_limit = estimate->gas;
  }
  tx::sign(t, *key);
  return tx::encode(t);
}

}  // namespace

void add_eth_account_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  d.add("eth_accounts", [endpoint](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    json out = json::array();
    for (const auto& key : endpoint->signing_keys) out.push_back(to_hex(key.address()));
    return out;
  });
  d.add("eth_sign", [endpoint](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 2));
    PLEXUS_TRY(const json* addr, param_at(params, 0));
    PLEXUS_TRY(const json* message, param_at(params, 1));
    return sign_message(*endpoint, *addr, *message, 0, 1);
  });
  d.add("personal_sign", [endpoint](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 3));
    PLEXUS_TRY(const json* message, param_at(params, 0));
    PLEXUS_TRY(const json* addr, param_at(params, 1));
    return sign_message(*endpoint, *addr, *message, 1, 0);
  });
  d.add("evm_mine", [endpoint](const json&) -> Result<json> {
    if (!endpoint->mine_block) return not_supported("evm_mine on this node");
    PLEXUS_CHECK(endpoint->mine_block());
    return "0x0";  // Hardhat's answer
  });
  SubscriptionHub* hub = &d.subscriptions();
  d.add_rpc("eth_sendTransaction", [endpoint, hub](const json& params) -> RpcResult {
    if (!params.is_array() || params.size() != 1 || !params[0].is_object())
      return rpc_fail(code::kInvalidParams, "invalid argument 0: expected a transaction object");
    Result<Hash256> hash = fail(Errc::kInternal, "not submitted");
    {
      // One signer at a time, so two requests from one account never take the same nonce.
      std::lock_guard lock(endpoint->signing_mutex);
      auto raw = build_transaction(*endpoint, params[0]);
      if (!raw) return std::unexpected(raw.error());
      hash = submit_transaction(*endpoint, *hub, *raw);
    }
    if (!hash) return std::unexpected(to_rpc_error(hash.error()));
    wait_for_block(*endpoint, *hash);
    return to_hex(*hash);
  });
}

}  // namespace plexus::rpc
