// eth_* methods over committed blocks: blocks, transactions, receipts and fees.
#include <algorithm>

#include "chain/base_fee.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "rpc/block_tag.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/params.hpp"
#include "rpc/reply_budget.hpp"

namespace plexus::rpc {
namespace {

// What wallets add on top of the base fee; a dev chain has no competition for space.
constexpr std::uint64_t kSuggestedTip = 1'000'000'000;
constexpr std::uint64_t kMaxFeeHistoryBlocks = 1024;

uint256 effective_tip(const tx::Transaction& tx, const uint256& base_fee) {
  return std::min(tx.tip_cap(), tx.fee_cap() - base_fee);
}

json block_object(const chain::BlockRecord& record, bool full) {
  json transactions = json::array();
  for (std::size_t i = 0; i < record.block.transactions.size(); ++i) {
    const Bytes& raw = record.block.transactions[i];
    const Hash256& hash = record.tx_hashes[i];
    if (!full) {
      transactions.push_back(to_hex(hash));
      continue;
    }
    const auto tx = tx::decode(raw);
    if (!tx) continue;  // stored blocks hold only transactions that decoded on admission
    transactions.push_back(transaction_json(
        *tx, hash, record.meta[i].from,
        TxPosition{record.hash, record.block.header.number, i,
                   record.meta[i].effective_gas_price}));
  }
  const auto encoded = chain::encode_block(record.block);
  return block_json(record.block, record.hash, encoded ? encoded->size() : 0,
                    std::move(transactions));
}

// Receipts are the replies a client can make large at will (a transaction with tens of
// thousands of logs): their size is charged before anything is rendered.
Result<void> charge_receipt(const chain::Receipt& receipt) {
  constexpr std::size_t kReceiptFields = 600;
  std::size_t bytes = kReceiptFields;
  for (const chain::Log& log : receipt.logs) bytes += log_json_min_bytes(log);
  return ReplyBudget::charge(bytes);
}

Result<json> receipt_object(const chain::BlockRecord& record, std::size_t index) {
  PLEXUS_CHECK(charge_receipt(record.receipts[index]));
  std::uint64_t first_log = 0;
  for (std::size_t i = 0; i < index; ++i) first_log += record.receipts[i].logs.size();
  const Bytes& raw = record.block.transactions[index];
  const auto tx = tx::decode(raw);
  const chain::TxMeta& meta = record.meta[index];
  const std::uint64_t previous = index == 0 ? 0 : record.receipts[index - 1].cumulative_gas_used;
  return receipt_json(record.receipts[index],
                      ReceiptContext{.transaction_hash = record.tx_hashes[index],
                                     .transaction_index = index,
                                     .block_hash = record.hash,
                                     .block_number = record.block.header.number,
                                     .from = meta.from,
                                     .to = tx ? tx->to : std::nullopt,
                                     .contract_address = meta.contract_address,
                                     .gas_used = record.receipts[index].cumulative_gas_used -
                                                 previous,
                                     .effective_gas_price = meta.effective_gas_price,
                                     .first_log_index = first_log});
}

Result<std::optional<chain::BlockRecord>> block_param(const json& params,
                                                      const chain::SubnetChain& chain,
                                                      bool by_hash) {
  PLEXUS_TRY(const json* which, param_at(params, 0));
  if (by_hash) {
    PLEXUS_TRY(const Hash256 hash, hash_value(*which, 0));
    return chain.blocks().by_hash(hash);
  }
  const auto number = resolve_block(which, chain, 0);
  if (!number) {
    if (number.error().code == Errc::kNotFound) return std::optional<chain::BlockRecord>{};
    return std::unexpected(number.error());
  }
  return chain.blocks().by_number(*number);
}

// The located transaction's block, or nullopt if the hash is unknown.
Result<std::optional<std::pair<chain::BlockRecord, std::size_t>>> find_mined(
    const chain::SubnetChain& chain, const Hash256& hash) {
  using Found = std::optional<std::pair<chain::BlockRecord, std::size_t>>;
  PLEXUS_TRY(const auto location, chain.blocks().locate(hash));
  if (!location) return Found{};
  PLEXUS_TRY(auto record, chain.blocks().by_number(location->block_number));
  if (!record || location->index >= record->block.transactions.size())
    return fail(Errc::kCorruption, "transaction index points to a missing block");
  return Found{std::pair{std::move(*record), std::size_t{location->index}}};
}

json fee_history(const chain::SubnetChain& chain, std::uint64_t count, std::uint64_t newest,
                 const std::vector<double>& percentiles) {
  const std::uint64_t oldest = newest + 1 >= count ? newest + 1 - count : 0;
  json base_fees = json::array();
  json ratios = json::array();
  json rewards = json::array();
  uint256 next_base_fee = 0;
  for (std::uint64_t n = oldest; n <= newest; ++n) {
    const auto record = chain.blocks().by_number(n);
    if (!record || !*record) break;
    const chain::BlockHeader& h = (*record)->block.header;
    const uint256 base_fee = h.base_fee_per_gas.value_or(0);
    base_fees.push_back(quantity(base_fee));
    ratios.push_back(h.gas_limit ? static_cast<double>(h.gas_used) / h.gas_limit : 0.0);
    next_base_fee = chain::next_base_fee(base_fee, h.gas_used, h.gas_limit);
    if (percentiles.empty()) continue;
    // Tips weighted by gas used, as go-ethereum computes them.
    std::vector<std::pair<uint256, std::uint64_t>> tips;
    for (std::size_t i = 0; i < (*record)->block.transactions.size(); ++i) {
      const auto tx = tx::decode((*record)->block.transactions[i]);
      if (tx) tips.emplace_back(effective_tip(*tx, base_fee), (*record)->meta[i].gas_used);
    }
    std::sort(tips.begin(), tips.end());
    json reward = json::array();
    for (const double p : percentiles) {
      if (tips.empty()) {
        reward.push_back(quantity(std::uint64_t{0}));
        continue;
      }
      const double threshold = static_cast<double>(h.gas_used) * p / 100.0;
      std::uint64_t sum = 0;
      std::size_t i = 0;
      for (; i + 1 < tips.size(); ++i) {
        sum += tips[i].second;
        if (static_cast<double>(sum) >= threshold) break;
      }
      reward.push_back(quantity(tips[i].first));
    }
    rewards.push_back(std::move(reward));
  }
  base_fees.push_back(quantity(next_base_fee));
  json out = {{"oldestBlock", quantity(oldest)},
              {"baseFeePerGas", std::move(base_fees)},
              {"gasUsedRatio", std::move(ratios)}};
  if (!percentiles.empty()) out["reward"] = std::move(rewards);
  return out;
}

}  // namespace

void add_eth_block_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  chain::SubnetChain& chain = endpoint->chain;
  d.add("eth_blockNumber", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    return quantity(chain.head().number);
  });
  for (const bool by_hash : {false, true}) {
    d.add(by_hash ? "eth_getBlockByHash" : "eth_getBlockByNumber",
          [&chain, by_hash](const json& params) -> Result<json> {
            PLEXUS_CHECK(expect_at_most(params, 2));
            PLEXUS_TRY(const json* full, param_at(params, 1, false));
            if (full && !full->is_boolean())
              return fail(Errc::kInvalidArgument, "invalid argument 1: expected a boolean");
            PLEXUS_TRY(const auto record, block_param(params, chain, by_hash));
            if (!record) return json(nullptr);
            return block_object(*record, full && full->get<bool>());
          });
    d.add(by_hash ? "eth_getBlockTransactionCountByHash"
                  : "eth_getBlockTransactionCountByNumber",
          [&chain, by_hash](const json& params) -> Result<json> {
            PLEXUS_CHECK(expect_at_most(params, 1));
            PLEXUS_TRY(const auto record, block_param(params, chain, by_hash));
            if (!record) return json(nullptr);
            return quantity(std::uint64_t{record->block.transactions.size()});
          });
    d.add(by_hash ? "eth_getTransactionByBlockHashAndIndex"
                  : "eth_getTransactionByBlockNumberAndIndex",
          [&chain, by_hash](const json& params) -> Result<json> {
            PLEXUS_CHECK(expect_at_most(params, 2));
            PLEXUS_TRY(const json* i, param_at(params, 1));
            PLEXUS_TRY(const std::uint64_t index, quantity_u64(*i, 1));
            PLEXUS_TRY(const auto record, block_param(params, chain, by_hash));
            if (!record || index >= record->block.transactions.size()) return json(nullptr);
            const Bytes& raw = record->block.transactions[index];
            PLEXUS_TRY(const tx::Transaction tx, tx::decode(raw));
            return transaction_json(tx, record->tx_hashes[index], record->meta[index].from,
                                    TxPosition{record->hash, record->block.header.number, index,
                                               record->meta[index].effective_gas_price});
          });
    d.add(by_hash ? "eth_getUncleCountByBlockHash" : "eth_getUncleCountByBlockNumber",
          [&chain, by_hash](const json& params) -> Result<json> {
            PLEXUS_TRY(const auto record, block_param(params, chain, by_hash));
            if (!record) return json(nullptr);
            return quantity(std::uint64_t{0});
          });
  }
  d.add("eth_getTransactionByHash", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(const json* h, param_at(params, 0));
    PLEXUS_TRY(const Hash256 hash, hash_value(*h, 0));
    PLEXUS_TRY(const auto mined, find_mined(chain, hash));
    if (mined) {
      const auto& [record, index] = *mined;
      PLEXUS_TRY(const tx::Transaction tx, tx::decode(record.block.transactions[index]));
      return transaction_json(tx, hash, record.meta[index].from,
                              TxPosition{record.hash, record.block.header.number, index,
                                         record.meta[index].effective_gas_price});
    }
    const auto pooled = chain.pending_transaction(hash);
    if (!pooled) return json(nullptr);
    PLEXUS_TRY(const tx::Transaction tx, tx::decode(pooled->raw));
    return transaction_json(tx, hash, pooled->sender, std::nullopt);
  });
  d.add("eth_getTransactionReceipt", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(const json* h, param_at(params, 0));
    PLEXUS_TRY(const Hash256 hash, hash_value(*h, 0));
    PLEXUS_TRY(const auto mined, find_mined(chain, hash));
    if (!mined) return json(nullptr);
    return receipt_object(mined->first, mined->second);
  });
  d.add("eth_getBlockReceipts", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(const json* which, param_at(params, 0));
    const bool by_hash = which->is_string() && which->get_ref<const std::string&>().size() == 66;
    PLEXUS_TRY(const auto record, block_param(params, chain, by_hash));
    if (!record) return json(nullptr);
    json out = json::array();
    for (std::size_t i = 0; i < record->receipts.size(); ++i) {
      PLEXUS_TRY(json receipt, receipt_object(*record, i));
      out.push_back(std::move(receipt));
    }
    return out;
  });
  d.add("eth_gasPrice", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    return quantity(chain.next_base_fee() + uint256(kSuggestedTip));
  });
  d.add("eth_maxPriorityFeePerGas", [](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    return quantity(std::uint64_t{kSuggestedTip});
  });
  d.add("eth_blobBaseFee", [](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    return quantity(std::uint64_t{1});  // no blobs on a subnet: the EIP-4844 minimum
  });
  d.add("eth_feeHistory", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 3));
    PLEXUS_TRY(const json* c, param_at(params, 0));
    // Clients send the count as a QUANTITY or, like web3.js, as a plain number.
    std::uint64_t count = 0;
    if (c->is_number_unsigned()) {
      count = c->get<std::uint64_t>();
    } else {
      PLEXUS_TRY(count, quantity_u64(*c, 0));
    }
    count = std::min(count, kMaxFeeHistoryBlocks);
    PLEXUS_TRY(const json* newest_tag, param_at(params, 1));
    PLEXUS_TRY(const std::uint64_t newest, resolve_block(newest_tag, chain, 1));
    PLEXUS_TRY(const json* p, param_at(params, 2, false));
    std::vector<double> percentiles;
    if (p) {
      if (!p->is_array()) return fail(Errc::kInvalidArgument, "invalid argument 2: expected array");
      for (const json& value : *p) {
        if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 100 ||
            (!percentiles.empty() && value.get<double>() < percentiles.back()))
          return fail(Errc::kInvalidArgument, "invalid reward percentile");
        percentiles.push_back(value.get<double>());
      }
    }
    if (count == 0)
      return json{{"oldestBlock", quantity(std::uint64_t{0})},
                  {"baseFeePerGas", json::array()},
                  {"gasUsedRatio", json::array()}};
    return fee_history(chain, count, newest, percentiles);
  });
}

}  // namespace plexus::rpc
