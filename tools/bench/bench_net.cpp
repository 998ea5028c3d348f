// `plexus-bench net`: the peer-to-peer layer over real TLS 1.3 sockets on loopback, in one process.
//   handshake    connect -> both handshakes verified -> on_connect, repeated; median, p99, max
//   gossip       four nodes in a full mesh; a transfer admitted on node 0 until it is in the pool
//                of all four, one at a time; median, p99
//   sync         a node with a chain of plain-transfer blocks, and a fresh node that fetches and
//                imports all of it (verify + synced commit) through the follower engine
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "chain/commit_thread.hpp"
#include "consensus/follower_engine.hpp"
#include "core/transaction.hpp"
#include "net/router.hpp"
#include "net/subnet_relay.hpp"
#include "net/tls_transport.hpp"
#include "storage/memory_store.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Percentiles {
  double median = 0;
  double p99 = 0;
  double max = 0;
};
Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

std::unique_ptr<net::TlsTransport> transport() {
  net::TlsConfig config;
  config.network_id = 7;
  config.log = [](std::string_view) {};
  return net::TlsTransport::start(net::Identity::generate().value(), config).value();
}

// Waits (bounded) until `done` holds, polling.
template <typename Done>
bool wait_for(Done done, Clock::duration limit = 10s) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(20us);
  }
  return true;
}

int handshakes(int count) {
  auto a = transport();
  auto b = transport();
  std::atomic<int> connects = 0;
  std::atomic<int> disconnects = 0;
  a->set_handlers({.on_message = [](const net::NodeId&, net::Message) {},
                   .on_connect = [&](const net::NodeId&) { ++connects; },
                   .on_disconnect = [&](const net::NodeId&, const Error&) { ++disconnects; }});
  b->set_handlers({.on_message = [](const net::NodeId&, net::Message) {},
                   .on_connect = [](const net::NodeId&) {},
                   .on_disconnect = {}});
  std::vector<double> times;
  for (int i = 0; i < count; ++i) {
    const auto t0 = Clock::now();
    a->connect(b->local_endpoint());
    if (!wait_for([&] { return connects.load() > i; })) {
      std::fprintf(stderr, "handshake %d did not complete\n", i);
      return 1;
    }
    times.push_back(ms(Clock::now() - t0));
    a->disconnect(b->self());
    if (!wait_for([&] { return disconnects.load() > i && b->peers().empty(); })) return 1;
  }
  const Percentiles p = percentiles(times);
  std::printf(
      "handshake (TCP + TLS 1.3 + both handshakes), %d connections: median %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n",
      count, p.median, p.p99, p.max);
  return 0;
}

const secp256k1::PrivateKey& funded(std::size_t i) {
  static const std::vector<secp256k1::PrivateKey> keys = [] {
    std::vector<secp256k1::PrivateKey> out;
    for (int k = 0; k < 64; ++k)
      out.push_back(secp256k1::PrivateKey::from_seed(Bytes{0x42, static_cast<Byte>(k)}));
    return out;
  }();
  return keys[i % keys.size()];
}

chain::ChainConfig chain_config(std::size_t pool) {
  chain::ChainConfig config;
  for (std::size_t i = 0; i < 64; ++i)
    config.alloc.push_back({funded(i).address(), uint256(1'000'000'000'000'000'000ULL) * 1000});
  config.genesis_timestamp = 1'700'000'000;
  config.mempool.max_transactions = pool + 1;
  config.mempool.max_per_sender = pool;
  return config;
}

Bytes transfer(std::size_t sender, std::uint64_t nonce) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = 31337;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(100'000'000'000ULL);
  t.max_priority_fee_per_gas = uint256(1);
  t.gas_limit = 21000;
  t.to = Address::right_aligned(Bytes{0xee, static_cast<Byte>(nonce)});
  t.value = 1;
  tx::sign(t, funded(sender));
  return tx::encode(t);
}

// One node of the in-process network: a chain on memory or RocksDB, its relay and router.
struct Peer {
  explicit Peer(std::size_t pool, const std::filesystem::path& dir = {}) : net(transport()) {
    if (dir.empty()) {
      store = std::make_unique<kv::MemoryStore>();
    } else {
      store = std::move(kv::RocksDbStore::open(dir).value());
    }
    chain = chain::SubnetChain::open(*store, chain_config(pool)).value();
    relay =
        std::make_unique<net::SubnetRelay>(*net, net::subnet_id("evm"), *chain, 2 * 1024 * 1024);
    router = std::make_unique<net::Router>(*net);
    router->add(*relay);
  }
  std::unique_ptr<net::TlsTransport> net;
  std::unique_ptr<kv::KvStore> store;
  std::unique_ptr<chain::SubnetChain> chain;
  std::unique_ptr<net::SubnetRelay> relay;
  std::unique_ptr<net::Router> router;
};

int gossip(int count) {
  std::vector<std::unique_ptr<Peer>> peers;
  for (int i = 0; i < 4; ++i) peers.push_back(std::make_unique<Peer>(count));
  for (auto& peer : peers) peer->router->start();
  for (std::size_t i = 0; i < peers.size(); ++i)
    for (std::size_t j = i + 1; j < peers.size(); ++j)
      peers[i]->net->connect(peers[j]->net->local_endpoint());
  if (!wait_for([&] {
        return std::all_of(peers.begin(), peers.end(),
                           [](const auto& p) { return p->net->peers().size() == 3; });
      }))
    return 1;
  std::vector<double> times;
  for (int i = 0; i < count; ++i) {
    const Bytes raw =
        transfer(static_cast<std::size_t>(i) % 64, static_cast<std::uint64_t>(i / 64));
    const Hash256 hash = keccak256(raw);
    const auto t0 = Clock::now();
    if (!peers[0]->chain->submit(raw)) return 1;
    peers[0]->relay->gossip_transaction(raw);
    if (!wait_for([&] {
          return std::all_of(peers.begin() + 1, peers.end(), [&](const auto& p) {
            return p->chain->pending_transaction(hash).has_value();
          });
        })) {
      std::fprintf(stderr, "transaction %d did not reach every node\n", i);
      return 1;
    }
    times.push_back(ms(Clock::now() - t0));
    std::this_thread::sleep_for(1ms);
  }
  const Percentiles p = percentiles(times);
  std::printf(
      "gossip, a transfer admitted on node 0 until it is pooled on all 4 nodes, %d "
      "transfers: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
      count, p.median, p.p99, p.max);
  return 0;
}

int sync(std::size_t transfers) {
  const auto dir = std::filesystem::temp_directory_path() / "plexus-bench-net-sync";
  std::filesystem::remove_all(dir);
  Peer source(transfers);
  std::printf("building %zu transfers on the serving node...\n", transfers);
  for (std::size_t i = 0; i < transfers; ++i)
    if (auto submitted = source.chain->submit(transfer(i % 64, i / 64)); !submitted) {
      std::fprintf(stderr, "transfer %zu refused: %s\n", i, submitted.error().message.c_str());
      return 1;
    }
  while (source.chain->pending_count() > 0)
    if (auto produced = source.chain->produce_block(false); !produced) {
      std::fprintf(stderr, "block refused: %s\n", produced.error().message.c_str());
      return 1;
    }
  const chain::ChainHead head = source.chain->head();

  Peer fresh(transfers, dir);
  SystemClock clock;
  consensus::SubnetBlockSource blocks(*fresh.chain);
  consensus::FollowerEngine follower(consensus::EngineContext{.blocks = blocks,
                                                              .clock = clock,
                                                              .on_accepted = {},
                                                              .on_finalized = {},
                                                              .on_fatal = {},
                                                              .outbox = fresh.relay.get()},
                                     consensus::FollowerConfig{});
  fresh.relay->set_engine(&follower);
  source.router->start();
  fresh.router->start();
  follower.start();
  const auto t0 = Clock::now();
  fresh.net->connect(source.net->local_endpoint());
  if (!wait_for([&] { return fresh.chain->head().hash == head.hash; }, 300s)) {
    std::fprintf(stderr, "the fresh node stopped at block %llu of %llu\n",
                 static_cast<unsigned long long>(fresh.chain->head().number),
                 static_cast<unsigned long long>(head.number));
    return 1;
  }
  const double seconds = ms(Clock::now() - t0) / 1000;
  follower.stop();
  std::printf(
      "sync from one peer over TLS: %zu transfers in %llu blocks, %.3f s: %.0f "
      "transfers/s (fetch, signature recovery, verification, synced RocksDB commit)\n",
      transfers, static_cast<unsigned long long>(head.number), seconds, transfers / seconds);
  std::filesystem::remove_all(dir);
  return 0;
}

int run(const std::vector<std::string>& args) {
  int handshake_count = 50;
  int gossip_count = 500;
  std::size_t sync_transfers = 20'000;
  CLI::App app{"Peer-to-peer over TLS 1.3 on loopback: handshakes, transaction gossip, sync"};
  app.name("plexus-bench net");
  app.add_option("--handshakes", handshake_count, "connections opened")->capture_default_str();
  app.add_option("--gossip", gossip_count, "transactions gossiped")->capture_default_str();
  app.add_option("--sync-transfers", sync_transfers, "transfers in the chain a new node syncs")
      ->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  if (handshakes(handshake_count) != 0) return 1;
  if (gossip(gossip_count) != 0) return 1;
  return sync(sync_transfers);
}

}  // namespace

PLEXUS_BENCH_SUITE(net, "peer-to-peer over TLS on loopback: handshake, gossip, sync", run);

}  // namespace plexus::bench
