#include "bench_node_workload.hpp"

#include <algorithm>
#include <thread>

#include "core/hex.hpp"
#include "core/transaction.hpp"

namespace plexus::bench::node {
namespace {

using nlohmann::json;

constexpr std::uint64_t kGwei = 1'000'000'000;
// Fee caps are this many times today's price: a node that packs the measured transfers into full
// blocks raises the base fee by 12.5% a block, and a transfer whose cap falls below it would wait
// forever.
constexpr std::uint64_t kFeeHeadroom = 10;
constexpr auto kReceiptPoll = std::chrono::milliseconds(20);
// No new receipt for this long while some are missing: ask the node for a block (see
// wait_for_receipts). Far above a block's time on any of the measured nodes.
constexpr auto kNudgeAfter = std::chrono::milliseconds(100);
constexpr auto kFundingTimeout = std::chrono::seconds(120);

Result<uint256> quantity(const json& value, std::string_view what) {
  if (!value.is_string())
    return fail(Errc::kDecode,
                std::string(what) + ": expected a hex quantity, got " + value.dump());
  Result<uint256> parsed = parse_uint256(value.get<std::string>());
  if (!parsed) return fail(Errc::kDecode, std::string(what) + ": " + parsed.error().message);
  return parsed;
}

Result<void> send(RpcClient& rpc, const SignedTransfer& transfer) {
  PLEXUS_TRY(const json result,
             rpc.call("eth_sendRawTransaction", json::array({transfer.raw_hex})));
  if (result != to_hex(transfer.hash))
    return fail(Errc::kValidation, "eth_sendRawTransaction returned " + result.dump() +
                                       ", expected " + to_hex(transfer.hash));
  return {};
}

}  // namespace

Result<FeePlan> plan_fees(RpcClient& rpc, const uint256& chain_id, bool legacy) {
  PLEXUS_TRY(const json price_json, rpc.call("eth_gasPrice", json::array()));
  PLEXUS_TRY(const uint256 price, quantity(price_json, "eth_gasPrice"));
  FeePlan plan;
  plan.legacy = legacy;
  plan.chain_id = chain_id;
  if (legacy) {
    plan.gas_price = price * uint256(kFeeHeadroom);
    return plan;
  }
  PLEXUS_TRY(const json block, rpc.call("eth_getBlockByNumber", json::array({"latest", false})));
  if (!block.is_object() || !block.contains("baseFeePerGas"))
    return fail(Errc::kValidation,
                "the latest block has no baseFeePerGas (no EIP-1559 on this chain?): use --legacy");
  PLEXUS_TRY(const uint256 base_fee, quantity(block["baseFeePerGas"], "baseFeePerGas"));
  plan.priority_fee = price > base_fee ? price - base_fee : uint256(kGwei);
  plan.max_fee = std::max(base_fee, price) * uint256(kFeeHeadroom) + plan.priority_fee;
  return plan;
}

SignedTransfer sign_transfer(const secp256k1::PrivateKey& from, const Address& to,
                             std::uint64_t nonce, const uint256& value, const FeePlan& fees) {
  tx::Transaction t;
  t.type = fees.legacy ? tx::Type::kLegacy : tx::Type::kDynamicFee;
  t.chain_id = fees.chain_id;
  t.nonce = nonce;
  t.gas_price = fees.gas_price;
  t.max_fee_per_gas = fees.max_fee;
  t.max_priority_fee_per_gas = fees.priority_fee;
  t.gas_limit = kTransferGas;
  t.to = to;
  t.value = value;
  tx::sign(t, from);
  return SignedTransfer{to_hex(tx::encode(t)), tx::hash(t)};
}

Result<std::uint64_t> next_nonce(RpcClient& rpc, const Address& account) {
  PLEXUS_TRY(const json count,
             rpc.call("eth_getTransactionCount", json::array({to_hex(account), "pending"})));
  PLEXUS_TRY(const uint256 nonce, quantity(count, "eth_getTransactionCount"));
  if (nonce > uint256(UINT64_MAX)) return fail(Errc::kDecode, "nonce above 2^64");
  return static_cast<std::uint64_t>(nonce);
}

Result<std::size_t> wait_for_receipts(RpcClient& rpc, std::vector<Hash256> hashes,
                                      std::chrono::seconds timeout,
                                      const std::function<Result<void>()>& nudge) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto last_progress = std::chrono::steady_clock::now();
  std::size_t nudges = 0;
  while (!hashes.empty()) {
    std::vector<Hash256> missing;
    for (const Hash256& hash : hashes) {
      PLEXUS_TRY(const json receipt,
                 rpc.call("eth_getTransactionReceipt", json::array({to_hex(hash)})));
      if (receipt.is_null()) {
        missing.push_back(hash);
        continue;
      }
      if (!receipt.is_object() || receipt.value("status", "") != "0x1")
        return fail(Errc::kValidation,
                    "transaction " + to_hex(hash) + " failed: " + receipt.dump().substr(0, 300));
    }
    const auto now = std::chrono::steady_clock::now();
    if (missing.size() < hashes.size()) last_progress = now;
    hashes = std::move(missing);
    if (hashes.empty()) break;
    if (now > deadline)
      return fail(Errc::kLimitExceeded, std::to_string(hashes.size()) +
                                            " transactions still have no receipt after " +
                                            std::to_string(timeout.count()) + " s");
    if (nudge && now - last_progress >= kNudgeAfter) {
      PLEXUS_CHECK(nudge());
      ++nudges;
      last_progress = now;
    }
    std::this_thread::sleep_for(kReceiptPoll);
  }
  return nudges;
}

std::function<Result<void>()> rebroadcast_nudge(RpcClient& rpc, const Workload& w) {
  return [&rpc, &w]() -> Result<void> {
    for (std::size_t s = 0; s < w.senders.size(); ++s) {
      PLEXUS_TRY(const json count, rpc.call("eth_getTransactionCount",
                                            json::array({to_hex(w.senders[s]), "latest"})));
      PLEXUS_TRY(const uint256 nonce, quantity(count, "eth_getTransactionCount"));
      const std::vector<std::string>& raws = w.raw_per_sender[s];
      if (nonce < uint256(w.first_nonces[s]) ||
          nonce >= uint256(w.first_nonces[s] + raws.size()))
        continue;
      const auto first_missing = static_cast<std::size_t>(nonce) - w.first_nonces[s];
      PLEXUS_TRY(const json known,
                 rpc.call("eth_getTransactionByHash",
                          json::array({to_hex(w.hashes_per_sender[s][first_missing])})));
      if (!known.is_null()) continue;  // still pooled: a block will take it
      for (std::size_t i = first_missing; i < raws.size(); ++i)
        (void)rpc.call("eth_sendRawTransaction", json::array({raws[i]}));
    }
    (void)rpc.call("evm_mine", json::array());
    return {};
  };
}

Result<void> fund(RpcClient& rpc, const secp256k1::PrivateKey& funder,
                  const std::vector<Address>& recipients, const uint256& amount,
                  const FeePlan& fees) {
  PLEXUS_TRY(std::uint64_t nonce, next_nonce(rpc, funder.address()));
  std::vector<Hash256> hashes;
  for (const Address& recipient : recipients) {
    const SignedTransfer transfer = sign_transfer(funder, recipient, nonce++, amount, fees);
    if (Result<void> sent = send(rpc, transfer); !sent)
      return fail(sent.error().code, "funding " + to_hex(recipient) + " from " +
                                         to_hex(funder.address()) + ": " + sent.error().message);
    hashes.push_back(transfer.hash);
  }
  PLEXUS_TRY(const std::size_t nudges, wait_for_receipts(rpc, std::move(hashes), kFundingTimeout));
  (void)nudges;  // funding is not measured
  return {};
}

Workload presign(const std::vector<secp256k1::PrivateKey>& senders,
                 const std::vector<std::uint64_t>& first_nonces, std::size_t transfers,
                 std::size_t connections, const uint256& value, const FeePlan& fees) {
  const std::size_t s_count = senders.size();
  const std::size_t c_count = std::min(connections, s_count);
  std::vector<Address> addresses;
  for (const auto& key : senders) addresses.push_back(key.address());
  Workload w;
  w.streams.resize(c_count);
  w.stream_hashes.resize(c_count);
  w.transfers_per_sender.assign(s_count, 0);
  std::vector<Hash256> last(s_count);
  w.senders = addresses;
  w.first_nonces = first_nonces;
  w.raw_per_sender.resize(s_count);
  w.hashes_per_sender.resize(s_count);
  for (std::size_t i = 0; i < transfers; ++i) {
    const std::size_t s = i % s_count;
    const SignedTransfer t = sign_transfer(senders[s], addresses[(s + 1) % s_count],
                                           first_nonces[s] + i / s_count, value, fees);
    const std::size_t c = s % c_count;
    w.streams[c].push_back(request_body(i + 1, "eth_sendRawTransaction", json::array({t.raw_hex})));
    w.stream_hashes[c].push_back(t.hash);
    last[s] = t.hash;
    w.raw_per_sender[s].push_back(t.raw_hex);
    w.hashes_per_sender[s].push_back(t.hash);
    ++w.transfers_per_sender[s];
  }
  for (std::size_t s = 0; s < s_count; ++s)
    if (w.transfers_per_sender[s] > 0) w.last_per_sender.push_back(last[s]);
  return w;
}

}  // namespace plexus::bench::node
