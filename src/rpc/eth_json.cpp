#include "rpc/eth_json.hpp"

#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {
namespace {

// A topic or address given in a filter: the same hex rules as positional params, reported
// against the filter argument.
constexpr std::size_t kFilterArgument = 0;

// null, one value, or an array of alternatives. go-ethereum reads a null inside a topic's
// alternatives as "any topic" for that position, hence `null_means_any`.
template <typename T>
Result<std::vector<T>> parse_alternatives(const json& value, bool null_means_any,
                                          Result<T> (*parse_one)(const json&, std::size_t)) {
  std::vector<T> out;
  if (value.is_null()) return out;
  if (value.is_string()) {
    PLEXUS_TRY(T one, parse_one(value, kFilterArgument));
    out.push_back(one);
    return out;
  }
  if (!value.is_array()) return fail(Errc::kInvalidArgument, "filter: bad address or topic");
  for (const json& entry : value) {
    if (entry.is_null() && null_means_any) return std::vector<T>{};
    PLEXUS_TRY(T one, parse_one(entry, kFilterArgument));
    out.push_back(one);
  }
  return out;
}

}  // namespace

json header_json(const chain::BlockHeader& h, const Hash256& hash) {
  json out = {
      {"hash", to_hex(hash)},
      {"parentHash", to_hex(h.parent_hash)},
      {"sha3Uncles", to_hex(h.ommers_hash)},
      {"miner", to_hex(h.coinbase)},
      {"stateRoot", to_hex(h.state_root)},
      {"transactionsRoot", to_hex(h.transactions_root)},
      {"receiptsRoot", to_hex(h.receipts_root)},
      {"logsBloom", to_hex(h.logs_bloom)},
      {"difficulty", quantity(h.difficulty)},
      {"number", quantity(h.number)},
      {"gasLimit", quantity(h.gas_limit)},
      {"gasUsed", quantity(h.gas_used)},
      {"timestamp", quantity(h.timestamp)},
      {"extraData", to_hex(h.extra_data)},
      {"mixHash", to_hex(h.mix_hash)},
      {"nonce", to_hex(h.nonce)},
  };
  if (h.base_fee_per_gas) out["baseFeePerGas"] = quantity(*h.base_fee_per_gas);
  if (h.withdrawals_root) out["withdrawalsRoot"] = to_hex(*h.withdrawals_root);
  if (h.blob_gas_used) out["blobGasUsed"] = quantity(*h.blob_gas_used);
  if (h.excess_blob_gas) out["excessBlobGas"] = quantity(*h.excess_blob_gas);
  if (h.parent_beacon_block_root)
    out["parentBeaconBlockRoot"] = to_hex(*h.parent_beacon_block_root);
  if (h.requests_hash) out["requestsHash"] = to_hex(*h.requests_hash);
  return out;
}

json block_json(const chain::Block& block, const Hash256& hash, std::uint64_t size,
                json transactions) {
  json out = header_json(block.header, hash);
  out["size"] = quantity(size);
  out["uncles"] = json::array();
  out["transactions"] = std::move(transactions);
  if (block.withdrawals) {
    json ws = json::array();
    for (const chain::Withdrawal& w : *block.withdrawals)
      ws.push_back({{"index", quantity(w.index)},
                    {"validatorIndex", quantity(w.validator_index)},
                    {"address", to_hex(w.address)},
                    {"amount", quantity(w.amount_gwei)}});
    out["withdrawals"] = std::move(ws);
  }
  return out;
}

std::size_t log_json_min_bytes(const chain::Log& log) noexcept {
  // Keys, address, block and transaction hashes and the smallest quantities take over 300
  // characters; every data byte two hex digits; every topic 66 characters and its quotes.
  constexpr std::size_t kFixed = 300;
  constexpr std::size_t kPerTopic = 69;
  return kFixed + 2 * log.data.size() + kPerTopic * log.topics.size();
}

json log_json(const chain::Log& log, const LogPosition& p) {
  json topics = json::array();
  for (const Hash256& t : log.topics) topics.push_back(to_hex(t));
  return {
      {"address", to_hex(log.address)},
      {"topics", std::move(topics)},
      {"data", to_hex(log.data)},
      {"blockNumber", quantity(p.block_number)},
      {"blockHash", to_hex(p.block_hash)},
      {"transactionHash", to_hex(p.transaction_hash)},
      {"transactionIndex", quantity(p.transaction_index)},
      {"logIndex", quantity(p.log_index)},
      {"removed", false},
  };
}

json receipt_json(const chain::Receipt& r, const ReceiptContext& c) {
  json logs = json::array();
  for (std::size_t i = 0; i < r.logs.size(); ++i)
    logs.push_back(log_json(r.logs[i], LogPosition{c.block_hash, c.block_number, c.transaction_hash,
                                                   c.transaction_index, c.first_log_index + i}));
  return {
      {"type", quantity(std::uint64_t{r.type})},
      {"status", quantity(std::uint64_t{r.success ? 1u : 0u})},
      {"cumulativeGasUsed", quantity(r.cumulative_gas_used)},
      {"logsBloom", to_hex(r.bloom)},
      {"logs", std::move(logs)},
      {"transactionHash", to_hex(c.transaction_hash)},
      {"transactionIndex", quantity(c.transaction_index)},
      {"blockHash", to_hex(c.block_hash)},
      {"blockNumber", quantity(c.block_number)},
      {"from", to_hex(c.from)},
      {"to", c.to ? json(to_hex(*c.to)) : json(nullptr)},
      {"contractAddress", c.contract_address ? json(to_hex(*c.contract_address)) : json(nullptr)},
      {"gasUsed", quantity(c.gas_used)},
      {"effectiveGasPrice", quantity(c.effective_gas_price)},
  };
}

Result<chain::LogFilter> parse_log_filter(const json& filter) {
  if (!filter.is_object()) return fail(Errc::kInvalidArgument, "filter: expected an object");
  chain::LogFilter out;
  if (const auto it = filter.find("address"); it != filter.end()) {
    PLEXUS_TRY(out.addresses, parse_alternatives<Address>(*it, false, &address_value));
  }
  if (const auto it = filter.find("topics"); it != filter.end() && !it->is_null()) {
    if (!it->is_array()) return fail(Errc::kInvalidArgument, "filter: topics must be an array");
    if (it->size() > 4) return fail(Errc::kInvalidArgument, "filter: at most 4 topic positions");
    for (const json& position : *it) {
      PLEXUS_TRY(auto alternatives, parse_alternatives<Hash256>(position, true, &hash_value));
      out.topics.push_back(std::move(alternatives));
    }
  }
  return out;
}

}  // namespace plexus::rpc
