// `plexus-bench bft`: validators (4 by default) under the bft engine (or, with --engine snowman,
// the subnets under snowman and the primary chain under bft) in one process (node::LocalCluster:
// full nodes, RocksDB, real TLS on loopback), fed pre-signed transfers round robin.
//   latency     submit -> final on the submitting node, at a fixed rate; median, p99
//   throughput  as fast as the network finalizes, for a duration; transfers/s, and that every
//               transfer sent is in a final block at the end (none lost)
//   delay       latency again with a one-way delay on every message (the kernel has no netem)
//   kill        one validator stopped; the largest gap between final blocks on another node
//   sync        a new full node fetches and imports the final chain of --sync-transfers N
//               (20,000) transfers from one validator; transfers/s
// Options: --rate N (500) --seconds S (10) --throughput-seconds S (60) --delay-ms D (50)
//          --leader-timeout-ms T (1000) --epoch-length L (64) --only
//          latency|throughput|delay|kill|sync
//          --engine bft|snowman (bft) --validators N (4)
//          --clients one|per-node (one: a single submitting thread taking the nodes in turn,
//          the method of every figure in docs/performance/bft.md; per-node: a thread per node)
//          --gas-limit G (30,000,000: the subnets' block gas limit, their maximum block size;
//          a plain transfer is 21,000 gas, so 1,428 of them fill a 30M block)
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "consensus/snowman/snowman_engine.hpp"
#include "core/hd_wallet.hpp"
#include "core/transaction.hpp"
#include "node/local_cluster.hpp"

namespace plexus::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t kSenders = 64;

struct Options {
  double rate = 500;
  int seconds = 10;
  int throughput_seconds = 60;
  int delay_ms = 50;
  int leader_timeout_ms = 1000;
  std::uint64_t epoch_length = 64;
  std::string only;
  std::string engine = "bft";
  std::size_t validators = 4;
  std::size_t sync_transfers = 20'000;
  std::uint64_t gas_limit = 30'000'000;
  bool one_client = true;
};

// Pre-signed transfers from kSenders dev accounts, interleaved so that consecutive ones come
// from different senders.
std::vector<Bytes> transfers(std::size_t count) {
  const auto keys = hd::dev_account_keys(hd::kDevMnemonic, kSenders).value();
  std::vector<Bytes> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = 31337;
    t.nonce = i / kSenders;
    t.max_fee_per_gas = uint256(100'000'000'000ULL);
    t.max_priority_fee_per_gas = uint256(1);
    t.gas_limit = 21000;
    t.to = Address{};
    t.value = 1;
    tx::sign(t, keys[i % kSenders]);
    out.push_back(tx::encode(t));
  }
  return out;
}

std::unique_ptr<node::LocalCluster> cluster(const Options& o, std::chrono::nanoseconds delay,
                                            const char* name, bool sync_writes = false) {
  node::ClusterConfig config;
  config.validators = o.validators;
  config.leader_timeout = std::chrono::milliseconds(o.leader_timeout_ms);
  config.dir = std::filesystem::temp_directory_path() /
               ("plexus-bench-bft-" + std::string(name) + "-" + std::to_string(::getpid()));
  config.rocksdb = true;
  config.sync_writes = sync_writes;
  config.delay = delay;
  config.accounts = kSenders;
  config.epoch_length = o.epoch_length;
  config.block_gas_limit = o.gas_limit;
  config.consensus =
      o.engine == "snowman" ? platform::ConsensusKind::kSnowman : platform::ConsensusKind::kBft;
  auto started = node::LocalCluster::start(std::move(config));
  if (!started) {
    std::fprintf(stderr, "cluster: %s\n", started.error().message.c_str());
    return nullptr;
  }
  std::this_thread::sleep_for(1s);  // connections and the first rounds
  return std::move(*started);
}

// Watches node `watch`'s final blocks; for each transaction hash submitted, the time it became
// final there.
class FinalityWatch {
 public:
  FinalityWatch(node::LocalCluster& c, std::size_t watch) : cluster_(c), watch_(watch) {
    next_ = c.evm(watch).chain->heads().finalized.number + 1;
    thread_ = std::thread([this] { run(); });
  }
  ~FinalityWatch() { stop(); }
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  void submitted(const Hash256& hash) {
    std::lock_guard lock(mutex_);
    sent_[hash] = Clock::now();
  }
  std::vector<double> latencies_ms() {
    std::lock_guard lock(mutex_);
    return latencies_;
  }
  std::size_t unfinished() {
    std::lock_guard lock(mutex_);
    return sent_.size();
  }
  double max_gap_ms() const { return max_gap_ms_; }

 private:
  void run() {
    auto last_block = Clock::now();
    while (running_) {
      const auto& chain = *cluster_.evm(watch_).chain;
      const std::uint64_t final = chain.heads().finalized.number;
      const auto now = Clock::now();
      if (final >= next_) {
        max_gap_ms_ = std::max(max_gap_ms_,
                               std::chrono::duration<double, std::milli>(now - last_block).count());
        last_block = now;
      }
      for (; next_ <= final; ++next_) {
        auto record = chain.blocks().by_number(next_);
        if (!record || !*record) break;
        std::lock_guard lock(mutex_);
        for (const Hash256& h : (*record)->tx_hashes) {
          const auto it = sent_.find(h);
          if (it == sent_.end()) continue;
          latencies_.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
          sent_.erase(it);
        }
      }
      std::this_thread::sleep_for(500us);
    }
  }

  node::LocalCluster& cluster_;
  std::size_t watch_;
  std::uint64_t next_ = 1;
  std::atomic<bool> running_ = true;
  std::mutex mutex_;
  std::map<Hash256, Clock::time_point> sent_;
  std::vector<double> latencies_;
  double max_gap_ms_ = 0;
  std::thread thread_;
};

void report(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) {
    std::printf("%s: nothing final\n", what);
    return;
  }
  std::printf("%s: %zu transfers, submit->final median %.1f ms, p99 %.1f ms, max %.1f ms\n", what,
              v.size(), v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back());
}

// Sends `txs` at `rate` per second in all (0: as fast as the pools take them), transfer i to
// node i mod n, from one thread taking the nodes in turn (`one_client`) or from a thread per
// node, as users submitting over each node's RPC would: each node's admission work (sender
// recovery, pool checks, gossip) then runs alongside the others'. With 64 senders and n dividing
// 64, each sender's transfers reach one node, in nonce order. A stopped node's share goes to
// the next.
std::size_t drive(node::LocalCluster& c, FinalityWatch& watch, const std::vector<Bytes>& txs,
                  double rate, Clock::duration limit, bool one_client = false) {
  const auto t0 = Clock::now();
  std::atomic<std::size_t> sent = 0;
  // Sends transfers first, first + stride, ...; false once the time is up.
  const auto client = [&](std::size_t first, std::size_t stride) {
    for (std::size_t i = first; i < txs.size() && Clock::now() - t0 < limit; i += stride) {
      if (rate > 0) {
        const auto due = t0 + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(static_cast<double>(i) / rate));
        std::this_thread::sleep_until(due);
      }
      std::size_t node = i % c.size();
      while (!c.running(node)) node = (node + 1) % c.size();
      while (true) {
        auto hash = c.submit(node, txs[i]);
        if (hash) {
          watch.submitted(*hash);
          ++sent;
          break;
        }
        if (Clock::now() - t0 > limit) return;
        std::this_thread::sleep_for(1ms);  // the pool is full: the network is the limit
      }
    }
  };
  if (one_client) {
    client(0, 1);
    return sent;
  }
  std::vector<std::thread> clients;
  for (std::size_t k = 0; k < c.size(); ++k) clients.emplace_back(client, k, c.size());
  for (auto& t : clients) t.join();
  return sent;
}

int latency(const Options& o, const char* name, std::chrono::nanoseconds delay) {
  auto c = cluster(o, delay, name);
  if (!c) return 1;
  const auto txs = transfers(static_cast<std::size_t>(o.rate * o.seconds));
  FinalityWatch watch(*c, 0);
  const std::uint64_t first = c->evm(0).chain->heads().finalized.number;
  const auto t0 = Clock::now();
  drive(*c, watch, txs, o.rate, std::chrono::seconds(o.seconds + 5), o.one_client);
  std::this_thread::sleep_for(3s + 6 * delay);
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  const std::uint64_t blocks = c->evm(0).chain->heads().finalized.number - first;
  watch.stop();
  std::printf("  %s, %zu validators: %llu blocks final in %.1f s (%.1f ms per block)",
              o.engine.c_str(), c->size(), static_cast<unsigned long long>(blocks), elapsed,
              1000 * elapsed / static_cast<double>(blocks));
  if (const auto* bft = c->evm(0).bft) {
    std::printf(", %llu rounds skipped\n",
                static_cast<unsigned long long>(bft->status().skipped_rounds));
  } else if (const auto* snowman =
                 dynamic_cast<const consensus::snowman::SnowmanEngine*>(c->evm(0).engine.get())) {
    const auto status = snowman->status();
    std::printf(", %llu polls of which %llu failed\n",
                static_cast<unsigned long long>(status.polls),
                static_cast<unsigned long long>(status.failed_polls));
  }
  char what[160];
  std::snprintf(
      what, sizeof what, "%s (%.0f transfers/s for %d s, one-way delay %lld ms)", name, o.rate,
      o.seconds,
      static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()));
  report(what, watch.latencies_ms());
  if (watch.unfinished() > 0) std::printf("  %zu transfers not final\n", watch.unfinished());
  return 0;
}

int throughput(const Options& o) {
  auto c = cluster(o, {}, "throughput");
  if (!c) return 1;
  const auto txs = transfers(static_cast<std::size_t>(6'000) * o.throughput_seconds);
  FinalityWatch watch(*c, 0);
  const std::uint64_t first = c->evm(0).chain->heads().finalized.number;
  const auto t0 = Clock::now();
  const std::size_t sent =
      drive(*c, watch, txs, 0, std::chrono::seconds(o.throughput_seconds), o.one_client);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto drain_deadline = Clock::now() + 30s;
  auto next_report = Clock::now() + 5s;
  while (watch.unfinished() > 0 && Clock::now() < drain_deadline) {
    std::this_thread::sleep_for(50ms);
    if (Clock::now() < next_report) continue;
    next_report += 5s;  // slow to drain: say where each node is
    std::printf("  %zu not final yet on node 0;", watch.unfinished());
    for (std::size_t i = 0; i < c->size(); ++i) {
      if (!c->running(i)) continue;
      const auto& evm = c->evm(i);
      std::printf(" node %zu: final %llu, pool %zu", i,
                  static_cast<unsigned long long>(evm.chain->heads().finalized.number),
                  evm.chain->pending_count());
      if (evm.bft)
        std::printf(" (round %llu, %llu skipped)",
                    static_cast<unsigned long long>(evm.bft->status().round),
                    static_cast<unsigned long long>(evm.bft->status().skipped_rounds));
      std::printf(";");
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  watch.stop();
  std::printf(
      "throughput: %zu transfers sent in %.1f s, all final after %.1f s: %.0f final "
      "transfers/s; %zu lost\n",
      sent, seconds, total, static_cast<double>(sent - watch.unfinished()) / total,
      watch.unfinished());
  const std::uint64_t blocks = c->evm(0).chain->heads().finalized.number - first;
  std::printf("  %llu blocks, %.0f transfers a block on average\n",
              static_cast<unsigned long long>(blocks),
              static_cast<double>(sent) / static_cast<double>(std::max<std::uint64_t>(blocks, 1)));
  return watch.unfinished() == 0 ? 0 : 1;
}

int kill(const Options& o) {
  auto c = cluster(o, {}, "kill");
  if (!c) return 1;
  c->stop(3);
  const auto txs = transfers(static_cast<std::size_t>(200) * o.seconds);
  FinalityWatch watch(*c, 0);
  drive(*c, watch, txs, 200, std::chrono::seconds(o.seconds), o.one_client);
  std::this_thread::sleep_for(2s);
  watch.stop();
  std::printf(
      "one of %zu stopped (%s, leader timeout %d ms): largest gap between final blocks "
      "%.0f ms over %d s at 200 transfers/s\n",
      c->size(), o.engine.c_str(), o.leader_timeout_ms, watch.max_gap_ms(), o.seconds);
  report("  with one stopped", watch.latencies_ms());
  return 0;
}

// A chain of plain transfers finalized by the validators, then a new full node that fetches it
// from one of them (the others stopped) and imports it: certificates checked, every block executed,
// its roots compared and committed with an fsync, the senders taken from the peer and checked
// against each header's senders digest instead of recovered (chain/header_rules.hpp).
int sync(const Options& o) {
  auto c = cluster(o, {}, "sync", true);
  if (!c) return 1;
  const auto txs = transfers(o.sync_transfers);
  std::printf("finalizing %zu transfers on %zu validators...\n", txs.size(), c->size());
  FinalityWatch watch(*c, 0);
  const std::size_t sent = drive(*c, watch, txs, 0, 300s, o.one_client);
  const auto drain_deadline = Clock::now() + 60s;
  while (watch.unfinished() > 0 && Clock::now() < drain_deadline) std::this_thread::sleep_for(20ms);
  watch.stop();
  if (sent != txs.size() || watch.unfinished() > 0) {
    std::fprintf(stderr, "sync: %zu of %zu transfers final\n", sent - watch.unfinished(),
                 txs.size());
    return 1;
  }
  // From one peer: the other validators stop (the chain halts with them, so nothing else runs).
  for (std::size_t i = 1; i < c->size(); ++i) c->stop(i);
  const chain::ChainHead target = c->evm(0).chain->heads().finalized;
  const auto t0 = Clock::now();
  const auto observer = c->add_observer();
  if (!observer) {
    std::fprintf(stderr, "sync: %s\n", observer.error().message.c_str());
    return 1;
  }
  const auto& chain = *c->evm(*observer).chain;
  const auto deadline = Clock::now() + 300s;
  // From the first block written on: the node runs, has synced the platform chain and knows
  // how far the subnet's goes.
  std::optional<Clock::time_point> first_block;
  std::uint64_t first_height = 0;
  while (chain.heads().finalized.number < target.number && Clock::now() < deadline) {
    if (!first_block && chain.heads().finalized.number > 0) {
      first_block = Clock::now();
      first_height = chain.heads().finalized.number;
    }
    std::this_thread::sleep_for(200us);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const double after_first =
      first_block ? std::chrono::duration<double>(Clock::now() - *first_block).count() : seconds;
  std::size_t after_first_transfers = 0;
  for (std::uint64_t n = first_height + 1; n <= target.number; ++n)
    if (auto record = chain.blocks().by_number(n); record && *record)
      after_first_transfers += (*record)->block.transactions.size();
  const auto hash = chain.blocks().hash_of(target.number);
  if (!hash || *hash != target.hash) {
    std::fprintf(stderr, "sync: the new node has not reached block %llu\n",
                 static_cast<unsigned long long>(target.number));
    return 1;
  }
  std::printf(
      "sync of certified blocks: %zu transfers in %llu blocks, %.3f s from the node's start: "
      "%.0f transfers/s (fetch, certificates, senders checked against the digest, execution, "
      "roots, synced RocksDB commit); after its first block (%llu): %zu transfers in %.3f s, "
      "%.0f transfers/s\n",
      txs.size(), static_cast<unsigned long long>(target.number), seconds,
      static_cast<double>(txs.size()) / seconds, static_cast<unsigned long long>(first_height),
      after_first_transfers, after_first, static_cast<double>(after_first_transfers) / after_first);
  return 0;
}

int run(const std::vector<std::string>& args) {
  Options o;
  std::string clients = "one";
  CLI::App app{
      "Validators in one process (node::LocalCluster: full nodes, RocksDB, TLS on "
      "loopback) under bft, or with the subnets under snowman; each measure prints one "
      "line. Without --only, all five run in turn."};
  app.name("plexus-bench bft");
  app.add_option("--only", o.only, "one measure: latency, delay, kill, throughput or sync")
      ->check(CLI::IsMember({"latency", "delay", "kill", "throughput", "sync"}));
  app.add_option("--rate", o.rate, "transfers/s sent in latency and delay")->capture_default_str();
  app.add_option("--seconds", o.seconds, "duration of latency, delay and kill")
      ->capture_default_str();
  app.add_option("--throughput-seconds", o.throughput_seconds, "duration of throughput")
      ->capture_default_str();
  app.add_option("--delay-ms", o.delay_ms, "one-way delay on every message in delay")
      ->capture_default_str();
  app.add_option("--leader-timeout-ms", o.leader_timeout_ms, "the network's leader timeout")
      ->capture_default_str();
  app.add_option("--epoch-length", o.epoch_length, "blocks per epoch")->capture_default_str();
  app.add_option("--engine", o.engine, "the subnets' engine (the primary chain is always bft)")
      ->check(CLI::IsMember({"bft", "snowman"}))
      ->capture_default_str();
  app.add_option("--validators", o.validators, "validators in the cluster")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--sync-transfers", o.sync_transfers, "transfers in the chain sync fetches")
      ->capture_default_str();
  app.add_option("--gas-limit", o.gas_limit,
                 "the subnets' block gas limit (a transfer is 21,000 gas)")
      ->capture_default_str();
  app.add_option("--clients", clients,
                 "one: a single submitting thread taking the nodes in turn (every figure in "
                 "docs/performance/bft.md); per-node: a thread per node")
      ->check(CLI::IsMember({"one", "per-node"}))
      ->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  o.one_client = clients == "one";
  const auto want = [&](const char* what) { return o.only.empty() || o.only == what; };
  int status = 0;
  if (want("latency")) status |= latency(o, "latency", {});
  if (want("delay")) status |= latency(o, "delay", std::chrono::milliseconds(o.delay_ms));
  if (want("kill")) status |= kill(o);
  if (want("throughput")) status |= throughput(o);
  if (want("sync")) status |= sync(o);
  return status;
}

}  // namespace

PLEXUS_BENCH_SUITE(bft,
                   "four validators (bft, or snowman subnets) in one process: latency, "
                   "throughput, delay, kill, sync",
                   run);

}  // namespace plexus::bench
