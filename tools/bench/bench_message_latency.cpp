// `plexus-bench message-latency [messages] [leader-timeout-ms]`: four validators under the bft
// engine in one process (node::LocalCluster: full nodes, real TLS on loopback, no added delay),
// their relayers delivering cross-subnet messages from the evm subnet into a contract on the wasm
// subnet (docs/MESSAGING.md, Relaying). One message at a time; for each, as node 0 sees it:
//   submit -> final on the source        one bft finality: the same-run reference
//   final on the source -> delivered     signing, gossip, aggregation, the delivery transaction
//                                        and its finality on the destination (target p50 200 ms)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/local_cluster.hpp"
#include "node/message_receiving.hpp"
#include "transition/state_host.hpp"

namespace plexus::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

Bytes signed_tx(const secp256k1::PrivateKey& key, std::uint64_t chain_id, std::uint64_t nonce,
                std::optional<Address> to, Bytes data) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = chain_id;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(100'000'000'000ULL);
  t.max_priority_fee_per_gas = uint256(1);
  t.gas_limit = 300'000;
  t.to = to;
  t.data = std::move(data);
  tx::sign(t, key);
  return tx::encode(t);
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void report(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return;
  std::printf("  %-36s median %7.1f ms  p99 %7.1f ms  max %7.1f ms\n", what, v[v.size() / 2],
              v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back());
}

int run(const std::vector<std::string>& args) {
  std::size_t messages = 30;
  int leader_timeout_ms = 300;
  CLI::App app{"Cross-subnet delivery latency on four bft validators in one process"};
  app.name("plexus-bench message_latency");
  app.add_option("messages", messages, "messages sent")->capture_default_str();
  app.add_option("leader-timeout-ms", leader_timeout_ms, "the network's leader timeout")
      ->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  auto started = node::LocalCluster::start(
      node::ClusterConfig{.validators = 4,
                          .leader_timeout = std::chrono::milliseconds(leader_timeout_ms),
                          .dir = std::filesystem::temp_directory_path() /
                                 ("plexus-bench-messages-" + std::to_string(::getpid())),
                          .rocksdb = true,
                          .sync_writes = false,
                          .delay = {},
                          .accounts = 10,
                          .epoch_length = 64});
  if (!started) {
    std::fprintf(stderr, "cluster: %s\n", started.error().message.c_str());
    return 1;
  }
  node::LocalCluster& c = **started;
  std::this_thread::sleep_for(1s);
  const auto keys = hd::dev_account_keys(hd::kDevMnemonic, 3).value();
  const node::RunningSubnet& wasm = *c.node(0).subnet("wasm");
  // The receiver: EVM code on the wasm subnet that stores its caller (the messenger).
  const Bytes receiver_code = from_hex("0x600580600b6000396000f33360005500").value();
  if (!wasm.chain->submit(signed_tx(keys[2], 31338, 0, std::nullopt, receiver_code))) return 1;
  wasm.engine->on_transaction();
  const Address receiver = transition::create_address(keys[2].address(), 0);

  std::vector<double> to_final, to_delivered;
  for (std::size_t i = 0; i < messages; ++i) {
    Bytes data = messaging::abi::selector_bytes(messaging::send_message_selector());
    messaging::abi::append_word(data, node::subnet_key("wasm").view());
    messaging::abi::append_word(data, receiver.view());
    messaging::abi::append_word(data, 96);
    messaging::abi::append_bytes_tail(data, Bytes{static_cast<Byte>(i)});
    const Bytes raw = signed_tx(keys[0], 31337, i, exec::kMessenger, std::move(data));
    const auto t0 = Clock::now();
    const auto hash = c.submit(0, raw);
    if (!hash) {
      std::fprintf(stderr, "submit: %s\n", hash.error().message.c_str());
      return 1;
    }
    // Final on the source, as node 0 sees it; the message id from its receipt.
    const chain::SubnetChain& evm = *c.evm(0).chain;
    std::optional<Hash256> id;
    Clock::time_point final_at;
    while (!id && Clock::now() - t0 < 30s) {
      const auto location = evm.blocks().locate(*hash);
      if (location && *location && (*location)->block_number <= evm.heads().finalized.number) {
        const auto record = evm.blocks().by_number((*location)->block_number);
        final_at = Clock::now();
        for (const chain::Receipt& r : (*record)->receipts)
          for (const chain::Log& log : r.logs)
            if (const auto sent = node::sent_message(log)) id = sent->first;
      }
      if (!id) std::this_thread::sleep_for(200us);
    }
    if (!id) {
      std::fprintf(stderr, "message %zu not final after 30 s\n", i);
      return 1;
    }
    bool delivered = false;
    while (!delivered && Clock::now() - final_at < 30s) {
      const auto status = node::delivery_status(*wasm.chain, *id);
      delivered = status && *status != messaging::DeliveryStatus::kNone;
      if (!delivered) std::this_thread::sleep_for(500us);
    }
    if (!delivered) {
      std::fprintf(stderr, "message %zu not delivered 30 s after it was final\n", i);
      return 1;
    }
    to_final.push_back(ms(final_at - t0));
    to_delivered.push_back(ms(Clock::now() - final_at));
  }
  std::printf(
      "message-latency: %zu messages evm -> wasm, 4 validators, bft, leader timeout %d ms, "
      "loopback\n",
      messages, leader_timeout_ms);
  report("submit -> final on the source", to_final);
  report("final on the source -> delivered", to_delivered);
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(message_latency,
                   "cross-subnet delivery latency on 4 bft validators (target p50 200 ms)", run);

}  // namespace plexus::bench
