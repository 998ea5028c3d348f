// eth_* methods that read or simulate account state, and eth_sendRawTransaction.
#include "core/hex.hpp"
#include "rpc/block_tag.hpp"
#include "rpc/call_request.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/params.hpp"
#include "rpc/reply_gate.hpp"

namespace plexus::rpc {
namespace {

RpcError call_failure(const chain::CallOutcome& outcome) {
  if (outcome.status == evm::StatusCode::kRevert) return execution_reverted(outcome.output);
  std::string message = failure_message(outcome.status);
  if (!outcome.failure_reason.empty()) message += ": " + outcome.failure_reason;
  return RpcError{code::kServerError, std::move(message), std::nullopt};
}

// The block a call runs after: nullopt for the latest, else a retained block by number, tag or
// EIP-1898 object.
Result<std::optional<std::uint64_t>> call_block(const json& params, std::size_t index,
                                                const chain::SubnetChain& chain) {
  PLEXUS_TRY(const json* tag, param_at(params, index, false));
  return state_block(tag, chain, index);
}

// The call object (argument 0) with the state overrides of argument 2, if any.
Result<chain::CallRequest> call_with_overrides(const json& params) {
  PLEXUS_TRY(const json* c, param_at(params, 0));
  PLEXUS_TRY(chain::CallRequest request, parse_call_request(*c, 0));
  if (params.size() > 2 && !params[2].is_null()) {
    PLEXUS_TRY(request.overrides, parse_state_overrides(params[2], 2));
  }
  return request;
}

}  // namespace

Result<Hash256> submit_transaction(EthEndpoint& endpoint, SubscriptionHub& hub, BytesView raw) {
  PLEXUS_TRY(const Hash256 hash, endpoint.chain.submit(raw));
  endpoint.filters.on_pending_transaction(hash);
  if (hub.count("newPendingTransactions") > 0) hub.publish("newPendingTransactions", to_hex(hash));
  if (endpoint.on_transaction) endpoint.on_transaction(raw);
  return hash;
}

// Instant mining answers a send once its block is committed: from the server without holding
// the thread (the reply waits at the gate), elsewhere by waiting here.
void wait_for_block(const EthEndpoint& endpoint, const Hash256& hash) {
  if (endpoint.wait_for_mining.count() == 0) return;
  if (ReplyGate* gate = ReplyGate::current()) {
    const chain::SubnetChain& chain = endpoint.chain;
    gate->defer([&chain, hash](ReplyGate::Open open) { chain.when_mined(hash, std::move(open)); },
                endpoint.wait_for_mining);
    return;
  }
  (void)endpoint.chain.wait_until_mined(hash, endpoint.wait_for_mining);
}

void add_eth_state_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  chain::SubnetChain& chain = endpoint->chain;
  d.add("eth_getBalance", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 2));
    PLEXUS_TRY(const json* a, param_at(params, 0));
    PLEXUS_TRY(const Address addr, address_value(*a, 0));
    PLEXUS_TRY(const json* tag, param_at(params, 1, false));
    PLEXUS_TRY(const auto block, state_block(tag, chain, 1));
    PLEXUS_TRY(const chain::AccountRecord account, chain.account(addr, block));
    return quantity(account.balance);
  });
  d.add("eth_getTransactionCount", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 2));
    PLEXUS_TRY(const json* a, param_at(params, 0));
    PLEXUS_TRY(const Address addr, address_value(*a, 0));
    PLEXUS_TRY(const json* tag, param_at(params, 1, false));
    if (tag && tag->is_string() && *tag == "pending") return quantity(chain.pending_nonce(addr));
    PLEXUS_TRY(const auto block, state_block(tag, chain, 1));
    PLEXUS_TRY(const chain::AccountRecord account, chain.account(addr, block));
    return quantity(account.nonce);
  });
  d.add("eth_getCode", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 2));
    PLEXUS_TRY(const json* a, param_at(params, 0));
    PLEXUS_TRY(const Address addr, address_value(*a, 0));
    PLEXUS_TRY(const json* tag, param_at(params, 1, false));
    PLEXUS_TRY(const auto block, state_block(tag, chain, 1));
    PLEXUS_TRY(const Bytes code, chain.code(addr, block));
    return to_hex(code);
  });
  d.add("eth_getStorageAt", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 3));
    PLEXUS_TRY(const json* a, param_at(params, 0));
    PLEXUS_TRY(const Address addr, address_value(*a, 0));
    PLEXUS_TRY(const json* k, param_at(params, 1));
    PLEXUS_TRY(const uint256 key, word_value(*k, 1));  // geth accepts any hex up to 32 bytes
    PLEXUS_TRY(const json* tag, param_at(params, 2, false));
    PLEXUS_TRY(const auto block, state_block(tag, chain, 2));
    PLEXUS_TRY(const Bytes32 value, chain.storage(addr, to_bytes32(key), block));
    return to_hex(value);
  });
  d.add("eth_getProof", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 3));
    PLEXUS_TRY(const json* a, param_at(params, 0));
    PLEXUS_TRY(const Address addr, address_value(*a, 0));
    PLEXUS_TRY(const json* k, param_at(params, 1));
    if (!k->is_array()) return fail(Errc::kInvalidArgument, "invalid argument 1: expected array");
    std::vector<Bytes32> keys;
    for (const json& key : *k) {
      PLEXUS_TRY(const uint256 value, word_value(key, 1));
      keys.push_back(to_bytes32(value));
    }
    PLEXUS_TRY(const json* tag, param_at(params, 2, false));
    PLEXUS_TRY(const std::uint64_t number, resolve_block(tag, chain, 2));
    PLEXUS_TRY(const chain::AccountProof proof, chain.prove(addr, keys, number));
    const auto nodes = [](const std::vector<Bytes>& proof_nodes) {
      json out = json::array();
      for (const Bytes& node : proof_nodes) out.push_back(to_hex(node));
      return out;
    };
    json storage = json::array();
    for (const chain::StorageProof& slot : proof.storage)
      storage.push_back({{"key", to_hex(slot.key)},
                         {"value", quantity(load_be(slot.value.view()))},
                         {"proof", nodes(slot.proof)}});
    return json{{"address", to_hex(addr)},
                {"accountProof", nodes(proof.account_proof)},
                {"balance", quantity(proof.account.balance)},
                {"codeHash", to_hex(proof.account.code_hash)},
                {"nonce", quantity(proof.account.nonce)},
                {"storageHash", to_hex(proof.account.storage_root)},
                {"storageProof", std::move(storage)}};
  });
  d.add_rpc("eth_call", [&chain](const json& params) -> RpcResult {
    auto run = [&]() -> Result<chain::CallOutcome> {
      PLEXUS_CHECK(expect_at_most(params, 4));  // call, block, state overrides, block overrides
      PLEXUS_TRY(chain::CallRequest request, call_with_overrides(params));
      PLEXUS_TRY(const auto block, call_block(params, 1, chain));
      if (params.size() > 3 && !params[3].is_null()) {
        PLEXUS_TRY(request.block, parse_block_overrides(params[3], 3));
      }
      return chain.call(request, block);
    };
    const auto outcome = run();
    if (!outcome) return std::unexpected(to_rpc_error(outcome.error()));
    if (outcome->status != evm::StatusCode::kSuccess) return std::unexpected(call_failure(*outcome));
    return to_hex(outcome->output);
  });
  d.add_rpc("eth_estimateGas", [&chain](const json& params) -> RpcResult {
    auto run = [&]() -> Result<chain::SubnetChain::Estimate> {
      PLEXUS_CHECK(expect_at_most(params, 3));  // call, block, state overrides
      PLEXUS_TRY(chain::CallRequest request, call_with_overrides(params));
      PLEXUS_TRY(const auto block, call_block(params, 1, chain));
      return chain.estimate_gas(request, block);
    };
    const auto estimate = run();
    if (!estimate) return std::unexpected(to_rpc_error(estimate.error()));
    if (estimate->failure) {
      if (estimate->failure->status == evm::StatusCode::kOutOfGas)
        return rpc_fail(code::kServerError,
                        "gas required exceeds allowance (" + std::to_string(estimate->gas) + ")");
      return std::unexpected(call_failure(*estimate->failure));
    }
    return quantity(estimate->gas);
  });
  SubscriptionHub* hub = &d.subscriptions();  // owned by the dispatcher, as this method is
  d.add("eth_sendRawTransaction", [endpoint, hub](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, param_at(params, 0));
    PLEXUS_TRY(const Bytes bytes, data_bytes(*raw, 0));
    PLEXUS_TRY(const Hash256 hash, submit_transaction(*endpoint, *hub, bytes));
    wait_for_block(*endpoint, hash);
    return to_hex(hash);
  });
}

}  // namespace plexus::rpc
