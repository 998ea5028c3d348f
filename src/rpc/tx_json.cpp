#include "core/hex.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {

json transaction_json(const tx::Transaction& tx, const Hash256& hash, const Address& from,
                      const std::optional<TxPosition>& at) {
  json out = {
      {"hash", to_hex(hash)},
      {"type", quantity(std::uint64_t{static_cast<std::uint8_t>(tx.type)})},
      {"nonce", quantity(tx.nonce)},
      {"from", to_hex(from)},
      {"to", tx.to ? json(to_hex(*tx.to)) : json(nullptr)},
      {"value", quantity(tx.value)},
      {"gas", quantity(tx.gas_limit)},
      {"input", to_hex(tx.data)},
      {"v", quantity(tx.v)},
      {"r", quantity(tx.r)},
      {"s", quantity(tx.s)},
      {"blockHash", at ? json(to_hex(at->block_hash)) : json(nullptr)},
      {"blockNumber", at ? json(quantity(at->block_number)) : json(nullptr)},
      {"transactionIndex", at ? json(quantity(at->index)) : json(nullptr)},
  };
  if (tx.type != tx::Type::kLegacy || tx.chain_id != 0) out["chainId"] = quantity(tx.chain_id);
  if (tx.type == tx::Type::kLegacy || tx.type == tx::Type::kAccessList) {
    out["gasPrice"] = quantity(tx.gas_price);
  } else {
    out["maxFeePerGas"] = quantity(tx.max_fee_per_gas);
    out["maxPriorityFeePerGas"] = quantity(tx.max_priority_fee_per_gas);
    // go-ethereum reports the price actually paid once mined, the fee cap while pending.
    out["gasPrice"] = quantity(at ? at->effective_gas_price : tx.max_fee_per_gas);
  }
  if (tx.type != tx::Type::kLegacy) {
    out["yParity"] = quantity(tx.v);
    json list = json::array();
    for (const tx::AccessListEntry& entry : tx.access_list) {
      json keys = json::array();
      for (const Hash256& key : entry.storage_keys) keys.push_back(to_hex(key));
      list.push_back({{"address", to_hex(entry.address)}, {"storageKeys", std::move(keys)}});
    }
    out["accessList"] = std::move(list);
  }
  if (tx.type == tx::Type::kSetCode) {
    json list = json::array();
    for (const tx::Authorization& a : tx.authorization_list)
      list.push_back({{"chainId", quantity(a.chain_id)},
                      {"address", to_hex(a.address)},
                      {"nonce", quantity(a.nonce)},
                      {"yParity", quantity(a.y_parity)},
                      {"r", quantity(a.r)},
                      {"s", quantity(a.s)}});
    out["authorizationList"] = std::move(list);
  }
  return out;
}

}  // namespace plexus::rpc
