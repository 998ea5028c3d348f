// `plexus-bench history_call`: eth_call at a block 1,000 back against eth_call at the latest
// block, on a chain written to RocksDB. The chain gets many funded accounts at genesis and a
// contract whose storage grows by a few slots per block, so the historical call walks real
// account and storage tries from the store while the latest one reads the in-memory state.
// Each goes over HTTP on loopback (a keep-alive connection to the node's server: what a client
// sees), through the JSON-RPC dispatcher alone (parsing, execution, reply) and directly through
// SubnetChain::call. Rounds alternate which side runs first; medians over rounds are reported
// with the ratio historical / latest. Historical reads share caches (trie nodes, decoded accounts
// and slots by root, code, headers; trie_node_cache.hpp, WorldStore, FinalHeaders): the first
// call, with them empty, and one call per round at a block not read before are reported apart.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "bench_cli.hpp"
#include "bench_node_http.hpp"
#include "bench_registry.hpp"
#include "chain/subnet_chain.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "rpc/basic_methods.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"
#include "rpc/server.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::bench {
namespace {

struct Options {
  std::uint64_t blocks = 1'100;
  std::uint64_t back = 1'000;
  std::size_t senders = 16;       // one storing transaction each per block
  std::size_t accounts = 50'000;  // funded at genesis: the account trie's size
  int rounds = 15;
  int calls = 2'000;  // per side and round
};

// 64 bytes of calldata store word 1 at slot word 0; anything else returns slot word 0:
//   CALLDATASIZE PUSH1 64 EQ PUSH1 19 JUMPI
//   PUSH1 0 CALLDATALOAD SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
//   19: JUMPDEST PUSH1 32 CALLDATALOAD PUSH1 0 CALLDATALOAD SSTORE STOP
constexpr std::string_view kSlotsCode =
    "36604014601357600035546000526020"
    "6000f35b602035600035"
    "5500";

Bytes32 slot_key(std::uint64_t block, std::size_t sender) {
  const std::string seed = std::to_string(block) + "/" + std::to_string(sender);
  return keccak256(BytesView(reinterpret_cast<const Byte*>(seed.data()), seed.size()));
}

Bytes store_tx(const secp256k1::PrivateKey& key, std::uint64_t nonce, const Address& contract,
               const Bytes32& slot) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = 31337;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(10'000'000'000'000ULL);
  t.max_priority_fee_per_gas = uint256(1'000'000'000ULL);
  t.gas_limit = 60'000;
  t.to = contract;
  t.data = Bytes(64, 0);  // the slot, then its value: the key again
  std::copy(slot.bytes.begin(), slot.bytes.end(), t.data.begin());
  std::copy(slot.bytes.begin(), slot.bytes.end(), t.data.begin() + 32);
  tx::sign(t, key);
  return tx::encode(t);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string first_line(const char* path, std::string_view prefix) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return {};
}

// Mean microseconds per call of `call` over `n` calls; -1 if one failed.
template <typename Call>
double time_calls(int n, Call&& call) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    if (!call()) return -1;
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
         n;
}

int run(const std::vector<std::string>& args) {
  Options o;
  CLI::App app{
      "eth_call at a block --back blocks below the head against one at the latest "
      "block, on RocksDB, in interleaved rounds"};
  app.name("plexus-bench history_call");
  app.add_option("--blocks", o.blocks, "blocks in the chain")->capture_default_str();
  app.add_option("--back", o.back, "how far below the head the historical calls read")
      ->capture_default_str();
  app.add_option("--accounts", o.accounts, "accounts funded at genesis (the account trie's size)")
      ->capture_default_str();
  app.add_option("--rounds", o.rounds, "interleaved rounds")->capture_default_str();
  app.add_option("--calls", o.calls, "calls per side and round")->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  if (o.rounds < 1 || o.calls < 1 || o.back + static_cast<std::uint64_t>(o.rounds) + 3 > o.blocks) {
    std::fprintf(stderr,
                 "error: rounds and calls at least 1; --blocks at least --back + rounds + 3 (each "
                 "round also calls at a block below the one --back names)\n");
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / "plexus-bench-history-call";
  std::filesystem::remove_all(dir);
  auto store = kv::RocksDbStore::open(dir);
  if (!store) {
    std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
    return 1;
  }
  std::vector<secp256k1::PrivateKey> keys;
  chain::ChainConfig config;
  config.block_durability = kv::Durability::kBuffered;
  config.genesis_timestamp = 1'700'000'000;
  for (std::size_t i = 0; i < o.senders; ++i) {
    const std::string seed = "history sender " + std::to_string(i);
    keys.push_back(secp256k1::PrivateKey::from_seed(
        BytesView(reinterpret_cast<const Byte*>(seed.data()), seed.size())));
    config.alloc.push_back({keys.back().address(), uint256(1'000'000'000'000'000'000ULL)});
  }
  for (std::size_t i = 0; i < o.accounts; ++i) {
    const Hash256 h = keccak256(to_bytes32(uint256(i)).view());
    Address addr;
    std::copy(h.bytes.begin(), h.bytes.begin() + 20, addr.bytes.begin());
    config.alloc.push_back({addr, uint256(i + 1)});
  }
  Address contract;
  contract[19] = 0x5e;
  exec::Account code_account;
  code_account.code = from_hex(kSlotsCode).value();
  code_account.code_hash = keccak256(code_account.code);
  code_account.code_kind = exec::CodeKind::kEvm;
  config.genesis_accounts.emplace_back(contract, std::move(code_account));
  auto opened = chain::SubnetChain::open(**store, config);
  if (!opened) {
    std::fprintf(stderr, "error: %s\n", opened.error().message.c_str());
    return 1;
  }
  chain::SubnetChain& chain = **opened;

  std::printf("building %llu blocks of %zu storing transactions over %zu genesis accounts...\n",
              static_cast<unsigned long long>(o.blocks), o.senders, o.accounts);
  for (std::uint64_t b = 1; b <= o.blocks; ++b) {
    for (std::size_t s = 0; s < o.senders; ++s) {
      if (auto r = chain.submit(store_tx(keys[s], b - 1, contract, slot_key(b, s))); !r) {
        std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
        return 1;
      }
    }
    const auto made = chain.produce_block(false);
    if (!made || !*made || (*made)->block.transactions.size() != o.senders) {
      std::fprintf(stderr, "error: block %llu not made as expected\n",
                   static_cast<unsigned long long>(b));
      return 1;
    }
  }

  // The call reads a slot written in block 1, set in both states.
  const Bytes32 slot = slot_key(1, 0);
  const std::uint64_t old_block = chain.head().number - o.back;
  const chain::CallRequest request{.from = {},  // as the RPC calls: no sender
                                   .to = contract,
                                   .gas = {},
                                   .gas_price = 0,
                                   .value = 0,
                                   .data = Bytes(slot.bytes.begin(), slot.bytes.end()),
                                   .access_list = {}};
  auto endpoint = std::make_shared<rpc::EthEndpoint>(chain);
  auto dispatcher = std::make_shared<rpc::Dispatcher>();
  rpc::add_eth_methods(*dispatcher, endpoint);
  rpc::add_basic_methods(*dispatcher, {.chain_id = 31337, .client_version = "plexus-bench"});
  rpc::Server server(rpc::ServerConfig{.port = 0});
  const auto served = server.add_endpoint("/", dispatcher);
  const auto started = served ? server.start() : served;
  const auto url = node::parse_url("http://127.0.0.1:" + std::to_string(server.port()) + "/");
  auto client = started && url ? node::RpcClient::connect(*url)
                               : Result<node::RpcClient>(std::unexpected(Error{}));
  if (!client) {
    std::fprintf(stderr, "error: the RPC server did not start: %s\n",
                 client.error().message.c_str());
    return 1;
  }
  const auto rpc_body = [&](const std::string& block) {
    return rpc::json{{"jsonrpc", "2.0"},
                     {"id", 1},
                     {"method", "eth_call"},
                     {"params", {{{"to", to_hex(contract)}, {"data", to_hex(slot)}}, block}}}
        .dump();
  };
  const std::string latest_body = rpc_body("latest");
  const std::string old_body = rpc_body(rpc::quantity(old_block));
  const std::string expected = "\"result\":\"" + to_hex(slot) + "\"";
  const auto via_http = [&](const std::string& block) {
    const auto reply =
        client->call("eth_call", {{{"to", to_hex(contract)}, {"data", to_hex(slot)}}, block});
    return reply && *reply == to_hex(slot);
  };
  const std::string old_tag = rpc::quantity(old_block);
  const auto via_rpc = [&](const std::string& body) {
    const auto reply = dispatcher->handle(body);
    return reply && reply->find(expected) != std::string::npos;
  };
  const auto direct = [&](std::optional<std::uint64_t> block) {
    const auto outcome = chain.call(request, block);
    return outcome && outcome->output == Bytes(slot.bytes.begin(), slot.bytes.end());
  };
  // The first historical call finds the node cache of committed reads empty: every trie node on
  // its paths is loaded from RocksDB (whose own caches are warm: the chain was just written), hash
  // checked and decoded. The next, at the block below, shares most upper nodes with it.
  const auto timed_once = [&](std::optional<std::uint64_t> block) {
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok = direct(block);
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    return ok ? us : -1;
  };
  const double cold_first = timed_once(old_block);
  const auto cold_nodes = chain.committed_node_cache();
  const double first_below = timed_once(old_block - 1);
  if (cold_first < 0 || first_below < 0 || !via_http("latest") || !via_http(old_tag) ||
      !via_rpc(latest_body) || !via_rpc(old_body) || !direct(std::nullopt) || !direct(old_block)) {
    std::fprintf(stderr, "error: a call did not return the slot's value\n");
    return 1;
  }

  std::printf("%s\n%s, load average at start: %s\n",
              first_line("/proc/cpuinfo", "model name").c_str(),
              (std::to_string(std::thread::hardware_concurrency()) + " hardware threads").c_str(),
              first_line("/proc/loadavg", "").c_str());
  std::vector<double> http_latest, http_old, rpc_latest, rpc_old, chain_latest, chain_old, ratios,
      rpc_ratios, chain_ratios, fresh_block;
  for (int r = 0; r < o.rounds; ++r) {
    double h_latest = 0, h_old = 0, latest = 0, old = 0, c_latest = 0, c_old = 0;
    const auto latest_side = [&] {
      h_latest = time_calls(o.calls, [&] { return via_http("latest"); });
      latest = time_calls(o.calls, [&] { return via_rpc(latest_body); });
      c_latest = time_calls(o.calls, [&] { return direct(std::nullopt); });
    };
    const auto old_side = [&] {
      h_old = time_calls(o.calls, [&] { return via_http(old_tag); });
      old = time_calls(o.calls, [&] { return via_rpc(old_body); });
      c_old = time_calls(o.calls, [&] { return direct(old_block); });
    };
    if (r % 2 == 0) {
      latest_side();
      old_side();
    } else {
      old_side();
      latest_side();
    }
    // One call at a block no call read before: its new nodes are loaded, the shared ones cached.
    const double fresh = timed_once(old_block - 2 - static_cast<std::uint64_t>(r));
    if (h_latest < 0 || h_old < 0 || latest < 0 || old < 0 || c_latest < 0 || c_old < 0 ||
        fresh < 0) {
      std::fprintf(stderr, "error: a call failed during round %d\n", r);
      return 1;
    }
    http_latest.push_back(h_latest);
    http_old.push_back(h_old);
    rpc_latest.push_back(latest);
    rpc_old.push_back(old);
    chain_latest.push_back(c_latest);
    chain_old.push_back(c_old);
    fresh_block.push_back(fresh);
    ratios.push_back(h_old / h_latest);
    rpc_ratios.push_back(old / latest);
    chain_ratios.push_back(c_old / c_latest);
  }
  std::printf("load average at end: %s\n", first_line("/proc/loadavg", "").c_str());
  std::printf(
      "\neth_call reading one storage slot, head %llu, %d rounds x %d calls, medians (us "
      "per call)\n",
      static_cast<unsigned long long>(chain.head().number), o.rounds, o.calls);
  std::printf("  HTTP on loopback, latest              %8.1f\n", median(http_latest));
  std::printf(
      "  HTTP on loopback, %4llu blocks back    %8.1f   ratio of medians %.2f, median of "
      "per-round ratios %.2f\n",
      static_cast<unsigned long long>(o.back), median(http_old),
      median(http_old) / median(http_latest), median(ratios));
  std::printf("  JSON-RPC dispatcher, latest           %8.1f\n", median(rpc_latest));
  std::printf(
      "  JSON-RPC dispatcher, %4llu blocks back %8.1f   ratio of medians %.2f, median of per-round "
      "ratios %.2f\n",
      static_cast<unsigned long long>(o.back), median(rpc_old),
      median(rpc_old) / median(rpc_latest), median(rpc_ratios));
  std::printf("  SubnetChain::call, latest             %8.1f\n", median(chain_latest));
  std::printf(
      "  SubnetChain::call, %4llu blocks back   %8.1f   ratio of medians %.2f, median of per-round "
      "ratios %.2f\n",
      static_cast<unsigned long long>(o.back), median(chain_old),
      median(chain_old) / median(chain_latest), median(chain_ratios));
  const auto nodes = chain.committed_node_cache();
  std::printf(
      "\nReads at older blocks share a cache of hash-checked, decoded trie nodes (64 MiB bound), "
      "the\n"
      "decoded accounts and slots found at each root (8 MiB each), the contract code by hash\n"
      "(16 MiB) and the final blocks' headers with their hashes (1,024); every timed call above\n"
      "ran with them warm for its block. RocksDB's own caches are warm throughout (the chain was\n"
      "just written).\n");
  std::printf("  first historical call, node cache empty   %8.1f us (%zu nodes loaded)\n",
              cold_first, cold_nodes.nodes);
  std::printf("  first call at the block below it          %8.1f us\n", first_below);
  std::printf("  first call at a block not read before     %8.1f us (median, one per round)\n",
              median(fresh_block));
  std::printf("  node cache at end: %zu nodes, %.1f KiB, %llu hits, %llu misses\n", nodes.nodes,
              static_cast<double>(nodes.bytes) / 1024, static_cast<unsigned long long>(nodes.hits),
              static_cast<unsigned long long>(nodes.misses));
  for (const auto& [name, cache] : {std::pair{"account", chain.committed_account_cache()},
                                    std::pair{"slot", chain.committed_slot_cache()}})
    std::printf("  %s cache at end: %zu entries, %.1f KiB, %llu hits, %llu misses\n", name,
                cache.entries, static_cast<double>(cache.bytes) / 1024,
                static_cast<unsigned long long>(cache.hits),
                static_cast<unsigned long long>(cache.misses));
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(history_call, "eth_call 1,000 blocks back vs at the latest block, on RocksDB",
                   run);

}  // namespace plexus::bench
