// Logs and change notifications: eth_getLogs, polling filters (eth_newFilter & co.) and the
// eth_subscribe topics, plus publish_block() which feeds the last two after every block.
#include <algorithm>
#include <limits>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "rpc/block_tag.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/params.hpp"
#include "rpc/reply_budget.hpp"

namespace plexus::rpc {
namespace {

// Every log of a block with its position, in block order.
std::vector<BlockLog> block_logs(const chain::BlockRecord& record) {
  std::vector<BlockLog> out;
  std::uint64_t log_index = 0;
  for (std::size_t i = 0; i < record.receipts.size(); ++i) {
    const Hash256& tx_hash = record.tx_hashes[i];
    for (const chain::Log& log : record.receipts[i].logs)
      out.push_back(BlockLog{log, LogPosition{record.hash, record.block.header.number, tx_hash,
                                              i, log_index++}});
  }
  return out;
}

Result<json> logs_in_range(const EthEndpoint& endpoint, const chain::LogFilter& filter,
                           std::uint64_t from, std::uint64_t to) {
  if (from > to) return fail(Errc::kInvalidArgument, "invalid block range params");
  if (to - from >= endpoint.max_log_blocks)
    return fail(Errc::kLimitExceeded, "block range greater than " +
                                          std::to_string(endpoint.max_log_blocks) + " max");
  json out = json::array();
  for (std::uint64_t n = from; n <= to; ++n) {
    PLEXUS_TRY(const auto header, endpoint.chain.blocks().header_of(n));
    if (!header) break;
    if (!chain::bloom_may_match(filter, header->logs_bloom)) continue;
    PLEXUS_TRY(const auto record, endpoint.chain.blocks().by_number(n));
    if (!record) break;
    for (const BlockLog& entry : block_logs(*record)) {
      if (!chain::log_matches(filter, entry.log)) continue;
      if (out.size() >= endpoint.max_logs)
        return fail(Errc::kLimitExceeded, "query returned more than " +
                                              std::to_string(endpoint.max_logs) + " results");
      PLEXUS_CHECK(ReplyBudget::charge(log_json_min_bytes(entry.log)));
      out.push_back(log_json(entry.log, entry.position));
    }
  }
  return out;
}

Result<json> get_logs(const EthEndpoint& endpoint, const json& object) {
  PLEXUS_TRY(const chain::LogFilter filter, parse_log_filter(object));
  const chain::SubnetChain& chain = endpoint.chain;
  if (const auto hash = object.find("blockHash"); hash != object.end() && !hash->is_null()) {
    if (object.contains("fromBlock") || object.contains("toBlock"))
      return fail(Errc::kInvalidArgument,
                  "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
    PLEXUS_TRY(const Hash256 h, hash_value(*hash, 0));
    PLEXUS_TRY(const auto record, chain.blocks().by_hash(h));
    if (!record) return fail(Errc::kNotFound, "unknown block");
    return logs_in_range(endpoint, filter, record->block.header.number,
                         record->block.header.number);
  }
  const std::uint64_t head = chain.head().number;
  const auto bound = [&](const char* name) -> Result<std::uint64_t> {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return head;
    // A number past the head is kept: a range starting there holds no logs yet.
    if (const auto number = quantity_u64(*it, 0)) return *number;
    return resolve_block(&*it, chain, 0);
  };
  PLEXUS_TRY(const std::uint64_t from, bound("fromBlock"));
  PLEXUS_TRY(const std::uint64_t to, bound("toBlock"));
  if (from > head) return json::array();
  return logs_in_range(endpoint, filter, from, std::min(to, head));
}

Result<const json*> filter_object(const json& params) {
  PLEXUS_CHECK(expect_at_most(params, 1));
  PLEXUS_TRY(const json* object, param_at(params, 0));
  if (!object->is_object())
    return fail(Errc::kInvalidArgument, "invalid argument 0: expected a filter object");
  return object;
}

Result<std::string> filter_id(const json& params) {
  PLEXUS_CHECK(expect_at_most(params, 1));
  PLEXUS_TRY(const json* id, param_at(params, 0));
  if (!id->is_string()) return fail(Errc::kInvalidArgument, "invalid argument 0: expected an id");
  return id->get<std::string>();
}

}  // namespace

void add_eth_log_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  d.add("eth_getLogs", [endpoint](const json& params) -> Result<json> {
    PLEXUS_TRY(const json* object, filter_object(params));
    return get_logs(*endpoint, *object);
  });
  d.add("eth_newFilter", [endpoint](const json& params) -> Result<json> {
    PLEXUS_TRY(const json* object, filter_object(params));
    PLEXUS_TRY(chain::LogFilter filter, parse_log_filter(*object));
    const std::uint64_t head = endpoint->chain.head().number;
    // Tags resolve now ("latest" = the head at install), as go-ethereum resolves them.
    const auto bound = [&](const char* name, std::uint64_t absent) -> Result<std::uint64_t> {
      const auto it = object->find(name);
      if (it == object->end() || it->is_null()) return absent;
      if (it->is_string() && (*it == "latest" || *it == "pending")) return absent;
      const auto number = quantity_u64(*it, 0);
      if (!number && it->is_string() && *it == "earliest") return std::uint64_t{0};
      return number;
    };
    PLEXUS_TRY(const std::uint64_t from, bound("fromBlock", head + 1));
    PLEXUS_TRY(const std::uint64_t to,
               bound("toBlock", std::numeric_limits<std::uint64_t>::max()));
    PLEXUS_TRY(std::string id,
               endpoint->filters.new_log_filter(std::move(filter), head, from, to));
    return id;
  });
  d.add("eth_newBlockFilter", [endpoint](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    PLEXUS_TRY(std::string id, endpoint->filters.new_block_filter(endpoint->chain.head().number));
    return id;
  });
  d.add("eth_newPendingTransactionFilter", [endpoint](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(std::string id, endpoint->filters.new_pending_transaction_filter());
    return id;
  });
  d.add("eth_getFilterChanges", [endpoint](const json& params) -> Result<json> {
    PLEXUS_TRY(const std::string id, filter_id(params));
    return endpoint->filters.take_changes(id);
  });
  d.add("eth_getFilterLogs", [endpoint](const json& params) -> Result<json> {
    PLEXUS_TRY(const std::string id, filter_id(params));
    const auto installed = endpoint->filters.log_filter(id);
    if (!installed) return fail(Errc::kNotFound, "filter not found");
    const std::uint64_t head = endpoint->chain.head().number;
    const std::uint64_t to = std::min(installed->to, head);
    if (installed->from > to) return json::array();
    return logs_in_range(*endpoint, installed->filter, installed->from, to);
  });
  d.add("eth_uninstallFilter", [endpoint](const json& params) -> Result<json> {
    PLEXUS_TRY(const std::string id, filter_id(params));
    return endpoint->filters.uninstall(id);
  });

  SubscriptionHub& hub = d.subscriptions();
  hub.add_topic("newHeads");
  hub.add_topic("newPendingTransactions");
  hub.add_topic("logs", [](const json& extra) -> RpcResult {
    if (extra.empty()) return json::object();
    if (extra.size() > 1 || !extra[0].is_object())
      return rpc_fail(code::kInvalidParams, "logs: expected one filter object");
    const auto filter = parse_log_filter(extra[0]);
    if (!filter) return std::unexpected(to_rpc_error(filter.error()));
    return extra[0];
  });
}

void add_eth_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  add_eth_state_methods(d, endpoint);
  add_eth_block_methods(d, endpoint);
  add_eth_log_methods(d, endpoint);
  add_eth_account_methods(d, endpoint);
  add_debug_methods(d, endpoint);
  add_eth_config_method(d, endpoint);
  // Execution, trie walks and block-sized reads run on the execution threads (docs/RPC.md).
  d.set_offloaded({"eth_call", "eth_estimateGas", "debug_traceCall", "debug_traceTransaction",
                   "eth_getLogs", "eth_getFilterLogs",
                   "eth_getFilterChanges", "eth_getProof", "eth_getBlockReceipts",
                   "eth_getTransactionReceipt", "eth_getBlockByNumber", "eth_getBlockByHash",
                   "eth_feeHistory"});
}

void publish_block(Dispatcher& d, EthEndpoint& endpoint, const chain::BlockRecord& record) {
  SubscriptionHub& hub = d.subscriptions();
  const std::vector<BlockLog> logs = block_logs(record);
  endpoint.filters.on_block(record.hash, record.block.header.number, logs);
  if (hub.count("newHeads") > 0) hub.publish("newHeads", header_json(record.block.header, record.hash));
  if (hub.count("logs") == 0) return;
  for (const BlockLog& entry : logs) {
    hub.publish("logs", [&](const json& filter_json) -> std::optional<json> {
      const auto filter = parse_log_filter(filter_json);
      if (!filter || !chain::log_matches(*filter, entry.log)) return std::nullopt;
      return log_json(entry.log, entry.position);
    });
  }
}

}  // namespace plexus::rpc
