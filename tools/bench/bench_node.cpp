// `plexus-bench node`: a load generator for any Ethereum JSON-RPC node (plexus dev, Hardhat,
// ganache, anvil, ...). It funds fresh senders from a funded account, pre-signs plain value
// transfers, sends them with eth_sendRawTransaction over keep-alive connections with a fixed
// number in flight until every receipt exists (sending again what a node lost, and asking for a
// block when its automine stopped: see wait_for_receipts), then measures eth_blockNumber alone,
// and reports throughput, send latency and the node's memory.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "bench_cli.hpp"
#include "bench_node_http.hpp"
#include "bench_node_proc.hpp"
#include "bench_node_workload.hpp"
#include "bench_registry.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"

namespace plexus::bench::node {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kReceiptTimeout = std::chrono::seconds(600);

struct Options {
  std::string url = "http://127.0.0.1:8545/";
  std::size_t txs = 20000;
  std::size_t senders = 200;
  std::size_t in_flight = 50;
  std::size_t block_number_calls = 20000;
  std::optional<std::uint64_t> chain_id;
  std::string funder_key;
  std::optional<int> pid;
  bool legacy = false;
  bool json = false;
};

struct Report {
  std::string url;
  std::uint64_t chain_id = 0;
  bool legacy = false;
  std::size_t txs = 0;
  std::size_t senders = 0;
  std::size_t in_flight = 0;
  double transfer_seconds = 0;  // from the first send to the last receipt
  double send_seconds = 0;      // from the first send to the last eth_sendRawTransaction answer
  double send_p50_ms = 0;
  double send_p99_ms = 0;
  double send_max_ms = 0;
  double send_client_cpu_seconds = 0;
  // Rebroadcasts and blocks the generator asked for because sent transactions were not mined.
  std::size_t mining_nudges = 0;
  std::size_t block_number_calls = 0;
  double block_number_seconds = 0;
  double block_number_client_cpu_seconds = 0;
  std::optional<int> pid;
  std::optional<MemoryUse> memory;
};

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

void progress(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "::1";
}

Result<secp256k1::PrivateKey> funder_key(const Options& options) {
  if (options.funder_key.empty()) {
    PLEXUS_TRY(auto keys, hd::dev_account_keys(hd::kDevMnemonic, 1));
    return keys.front();
  }
  PLEXUS_TRY(const auto secret, fixed_from_hex<32>(options.funder_key));
  return secp256k1::PrivateKey::from_secret(secret);
}

// Fresh, reproducible sender keys: the same on every run, so a rerun against the same node
// reuses the accounts (with their current nonces).
std::vector<secp256k1::PrivateKey> sender_keys(std::size_t count) {
  std::vector<secp256k1::PrivateKey> keys;
  for (std::size_t i = 0; i < count; ++i)
    keys.push_back(secp256k1::PrivateKey::from_seed(
        as_bytes("plexus-bench node sender " + std::to_string(i))));
  return keys;
}

Result<void> check_hash_response(const Workload& w, std::size_t stream, std::size_t index,
                                 std::string_view body) {
  PLEXUS_TRY(const json result, response_result(body));
  const std::string expected = to_hex(w.stream_hashes[stream][index]);
  if (result != expected)
    return fail(Errc::kValidation,
                "eth_sendRawTransaction returned " + result.dump() + ", expected " + expected);
  return {};
}

// Funds the senders, sends every transfer and waits for all receipts.
Result<void> measure_transfers(const Options& options, const Endpoint& endpoint, RpcClient& rpc,
                               Report& report) {
  PLEXUS_TRY(const auto funder, funder_key(options));
  PLEXUS_TRY(const FeePlan fees, plan_fees(rpc, report.chain_id, options.legacy));
  const std::vector<secp256k1::PrivateKey> senders = sender_keys(options.senders);
  std::vector<std::uint64_t> nonces;
  std::vector<Address> funded;
  for (std::size_t s = 0; s < senders.size() && s < options.txs; ++s) {
    PLEXUS_TRY(const std::uint64_t nonce, next_nonce(rpc, senders[s].address()));
    nonces.push_back(nonce);
    funded.push_back(senders[s].address());
  }
  const uint256 value = 1;
  // Every sender gets what its share of the transfers can cost; shares differ by at most one.
  const std::size_t share = (options.txs + funded.size() - 1) / funded.size();
  const uint256 amount = uint256(share) * (fees.max_fee_per_transfer() + value);
  progress("funding " + std::to_string(funded.size()) + " senders from " +
           to_hex(funder.address()));
  PLEXUS_CHECK(fund(rpc, funder, funded, amount, fees));

  progress("signing " + std::to_string(options.txs) + " transfers");
  const std::vector<secp256k1::PrivateKey> active(senders.begin(), senders.begin() + funded.size());
  const Workload w = presign(active, nonces, options.txs, options.in_flight, value, fees);
  report.in_flight = w.streams.size();

  progress("sending " + std::to_string(options.txs) + " transfers over " +
           std::to_string(w.streams.size()) + " connections");
  Phase phase{"eth_sendRawTransaction", w.streams,
              [&w](std::size_t stream, std::size_t index, std::string_view body) {
                return check_hash_response(w, stream, index, body);
              }};
  const auto start = Clock::now();
  PLEXUS_TRY(const PhaseTiming sent, run_phase(endpoint, phase));
  progress("waiting for the last receipt of every sender");
  PLEXUS_TRY(report.mining_nudges,
             wait_for_receipts(rpc, w.last_per_sender, kReceiptTimeout, rebroadcast_nudge(rpc, w)));
  report.transfer_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  report.send_seconds = sent.seconds;
  report.send_p50_ms = percentile(sent.latencies_ms, 0.50);
  report.send_p99_ms = percentile(sent.latencies_ms, 0.99);
  report.send_max_ms = percentile(sent.latencies_ms, 1.0);
  report.send_client_cpu_seconds = sent.client_cpu_seconds;
  return {};
}

Result<void> measure_block_number(const Options& options, const Endpoint& endpoint,
                                  Report& report) {
  Phase phase;
  phase.label = "eth_blockNumber";
  phase.streams.resize(std::min(options.in_flight, options.block_number_calls));
  const std::string body = request_body(1, "eth_blockNumber", json::array());
  for (std::size_t i = 0; i < options.block_number_calls; ++i)
    phase.streams[i % phase.streams.size()].push_back(body);
  phase.check = [](std::size_t, std::size_t, std::string_view response) -> Result<void> {
    PLEXUS_TRY(const json result, response_result(response));
    if (!result.is_string()) return fail(Errc::kDecode, "eth_blockNumber: " + result.dump());
    return {};
  };
  progress("calling eth_blockNumber " + std::to_string(options.block_number_calls) + " times");
  PLEXUS_TRY(const PhaseTiming timing, run_phase(endpoint, phase));
  report.block_number_calls = options.block_number_calls;
  report.block_number_seconds = timing.seconds;
  report.block_number_client_cpu_seconds = timing.client_cpu_seconds;
  return {};
}

Result<Report> measure(const Options& options) {
  if (options.txs == 0 || options.senders == 0 || options.in_flight == 0)
    return fail(Errc::kInvalidArgument, "--txs, --senders and --in-flight must be positive");
  PLEXUS_TRY(const Endpoint endpoint, parse_url(options.url));
  PLEXUS_TRY(RpcClient rpc, RpcClient::connect(endpoint));
  Report report;
  report.url = options.url;
  report.legacy = options.legacy;
  report.txs = options.txs;
  report.senders = std::min(options.senders, options.txs);
  if (options.chain_id) {
    report.chain_id = *options.chain_id;
  } else {
    PLEXUS_TRY(const json id, rpc.call("eth_chainId", json::array()));
    const Result<uint256> parsed = id.is_string() ? parse_uint256(id.get<std::string>())
                                                  : fail(Errc::kDecode, "not a quantity");
    if (!parsed || *parsed > uint256(UINT64_MAX))
      return fail(Errc::kDecode, "eth_chainId returned " + id.dump());
    report.chain_id = static_cast<std::uint64_t>(*parsed);
  }
  PLEXUS_CHECK(measure_transfers(options, endpoint, rpc, report));
  if (options.block_number_calls > 0) PLEXUS_CHECK(measure_block_number(options, endpoint, report));

  report.pid = options.pid;
  if (!report.pid && is_loopback(endpoint.host))
    report.pid = find_listening_pid(static_cast<std::uint16_t>(std::stoul(endpoint.port)));
  if (report.pid) {
    Result<MemoryUse> memory = read_memory(*report.pid);
    if (memory) report.memory = *memory;
  }
  return report;
}

double per_second(std::size_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

// The share of one core the load generator used while a phase ran.
double client_load(double cpu_seconds, double seconds) {
  return seconds > 0 ? cpu_seconds / seconds : 0;
}

void print_table(const Report& r) {
  std::printf("plexus-bench node: %s (chain %llu, %s transfers)\n", r.url.c_str(),
              static_cast<unsigned long long>(r.chain_id), r.legacy ? "legacy" : "EIP-1559");
  std::printf("  %-24s %zu from %zu senders, %zu in flight\n", "transfers", r.txs, r.senders,
              r.in_flight);
  std::printf("  %-24s %.2f s, %.1f transfers/s\n", "end to end", r.transfer_seconds,
              per_second(r.txs, r.transfer_seconds));
  std::printf("  %-24s %.1f requests/s, p50 %.2f ms, p99 %.2f ms, max %.0f ms\n",
              "eth_sendRawTransaction", per_second(r.txs, r.send_seconds), r.send_p50_ms,
              r.send_p99_ms, r.send_max_ms);
  if (r.mining_nudges > 0)
    std::printf("  %-24s %zu: transactions not mined until sent again and evm_mine called\n",
                "mining nudges", r.mining_nudges);
  if (r.block_number_calls > 0)
    std::printf("  %-24s %zu calls, %.0f requests/s\n", "eth_blockNumber", r.block_number_calls,
                per_second(r.block_number_calls, r.block_number_seconds));
  std::printf("  %-24s %.0f%% of a core sending, %.0f%% calling eth_blockNumber\n",
              "load generator CPU", 100 * client_load(r.send_client_cpu_seconds, r.send_seconds),
              100 * client_load(r.block_number_client_cpu_seconds, r.block_number_seconds));
  if (r.memory)
    std::printf("  %-24s pid %d: RSS %.1f MiB, peak %.1f MiB\n", "node memory", *r.pid,
                static_cast<double>(r.memory->rss_kib) / 1024,
                static_cast<double>(r.memory->peak_kib) / 1024);
  else
    std::printf("  %-24s unknown (not a local node, or pass --pid)\n", "node memory");
}

void print_json(const Report& r) {
  nlohmann::ordered_json out{
      {"url", r.url},
      {"chain_id", r.chain_id},
      {"transaction_type", r.legacy ? "legacy" : "eip1559"},
      {"transfers", r.txs},
      {"senders", r.senders},
      {"in_flight", r.in_flight},
      {"transfer_seconds", r.transfer_seconds},
      {"transfers_per_second", per_second(r.txs, r.transfer_seconds)},
      {"send_requests_per_second", per_second(r.txs, r.send_seconds)},
      {"send_latency_ms", {{"p50", r.send_p50_ms}, {"p99", r.send_p99_ms}, {"max", r.send_max_ms}}},
      {"send_client_cpu_load", client_load(r.send_client_cpu_seconds, r.send_seconds)},
      {"mining_nudges", r.mining_nudges},
      {"block_number_calls", r.block_number_calls},
      {"block_number_per_second", per_second(r.block_number_calls, r.block_number_seconds)},
      {"block_number_client_cpu_load",
       client_load(r.block_number_client_cpu_seconds, r.block_number_seconds)}};
  if (r.memory)
    out["node"] = {
        {"pid", *r.pid}, {"rss_kib", r.memory->rss_kib}, {"peak_rss_kib", r.memory->peak_kib}};
  std::printf("%s\n", out.dump(2).c_str());
}

int run(const std::vector<std::string>& args) {
  Options options;
  CLI::App app{"Load generator for an Ethereum JSON-RPC node: value transfers, eth_blockNumber"};
  app.name("plexus-bench node");
  app.add_option("--url", options.url, "the node's JSON-RPC endpoint")->capture_default_str();
  app.add_option("--txs", options.txs, "transfers to send")->capture_default_str();
  app.add_option("--senders", options.senders, "distinct sending accounts")->capture_default_str();
  app.add_option("--in-flight", options.in_flight, "requests in flight (one per connection)")
      ->capture_default_str();
  app.add_option("--block-number-calls", options.block_number_calls,
                 "eth_blockNumber requests of the read phase (0: skip it)")
      ->capture_default_str();
  app.add_option("--chain-id", options.chain_id, "chain id to sign for (default: eth_chainId)");
  app.add_option("--funder-key", options.funder_key,
                 "hex private key of the funded account (default: dev account 0 of the "
                 "\"test ... junk\" mnemonic)");
  app.add_option("--pid", options.pid,
                 "the node's process id, for its memory use (default: the "
                 "process listening on the url's port)");
  app.add_flag("--legacy", options.legacy, "send legacy (EIP-155) instead of EIP-1559 transfers");
  app.add_flag("--json", options.json, "print the results as JSON");
  if (const auto exit = parse_options(app, args)) return *exit;
  Result<Report> report = measure(options);
  if (!report) {
    std::fprintf(stderr, "plexus-bench node: %s\n", report.error().to_string().c_str());
    return 1;
  }
  options.json ? print_json(*report) : print_table(*report);
  return 0;
}

}  // namespace
}  // namespace plexus::bench::node

PLEXUS_BENCH_SUITE(node, "load generator for a JSON-RPC node (transfers/s, latency, RSS)",
                   plexus::bench::node::run);
