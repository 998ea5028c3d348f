// `plexus-bench blocks`: block production alone, without RPC: plain transfers from many senders
// are pooled, then blocks are made until the pool is empty. Reports transfers per second
// including execution, state and trie updates, and the synced RocksDB commit of every block.
// With --import, a second chain on its own RocksDB store then imports those blocks as a node
// does that received them (sender recovery, header rules, re-execution, every root compared,
// commit), and the two are compared.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "chain/commit_thread.hpp"
#include "chain/subnet_chain.hpp"
#include "core/transaction.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::bench {
namespace {

struct Options {
  std::size_t transfers = 50'000;
  std::size_t senders = 1'000;
  std::uint64_t block_gas = 30'000'000;  // smaller blocks show the fixed cost per block
  bool buffered = false;                 // commit without an fsync per block
  bool serial = false;  // write each block before executing the next (no commit thread)
  bool import = false;  // then import the blocks into a second chain (verify + commit)
};

chain::ChainConfig bench_config(const Options& options,
                                const std::vector<secp256k1::PrivateKey>& keys) {
  chain::ChainConfig config;
  config.mempool.max_transactions = options.transfers + 1;
  config.mempool.max_per_sender = options.transfers;
  config.params.genesis().gas_limit = options.block_gas;
  config.genesis_timestamp = 1'700'000'000;  // both chains must have the same genesis
  if (options.buffered) config.block_durability = kv::Durability::kBuffered;
  for (const auto& key : keys)
    config.alloc.push_back({key.address(), uint256(1'000'000'000'000'000'000ULL)});
  return config;
}

// Imports `blocks` into a new chain at `dir`, pipelined as block production is (each block is
// written while the next one is verified). With `gossiped`, those transactions are admitted into
// the importer's pool first, untimed, as a validator has them from gossip before the block comes:
// their senders are then known. Returns the seconds the import took, or -1 on an error.
double import_blocks(const std::filesystem::path& dir, const chain::ChainConfig& config,
                     const std::vector<chain::Block>& blocks, const Hash256& expected_head,
                     const std::vector<Bytes>* gossiped) {
  std::filesystem::remove_all(dir);
  auto store = kv::RocksDbStore::open(dir);
  if (!store) {
    std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
    return -1;
  }
  auto chain = chain::SubnetChain::open(**store, config);
  if (!chain) {
    std::fprintf(stderr, "error: %s\n", chain.error().message.c_str());
    return -1;
  }
  if (gossiped != nullptr) {
    for (const Bytes& tx : *gossiped) {
      if (auto r = (*chain)->submit(tx); !r) {
        std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
        return -1;
      }
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  {
    chain::CommitThread committer(**chain, [](const chain::BlockRecord&) {});
    for (const chain::Block& block : blocks) {
      auto verified = (*chain)->verify_block(
          block, {.allow_empty = false, .final_on_commit = true, .proposer = {}});
      if (!verified) {
        std::fprintf(stderr, "error: import: %s\n", verified.error().message.c_str());
        return -1;
      }
      if (auto pushed = committer.push(std::move(*verified)); !pushed) return -1;
    }
    if (auto drained = committer.drain(); !drained) return -1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if ((*chain)->head().hash != expected_head) {
    std::fprintf(stderr, "error: the imported chain ends at another head\n");
    return -1;
  }
  std::filesystem::remove_all(dir);
  return seconds;
}

Bytes signed_transfer(const secp256k1::PrivateKey& key, std::uint64_t nonce, const Address& to) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = 31337;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(10'000'000'000'000ULL);  // 10,000 gwei: above a rising base fee
  t.max_priority_fee_per_gas = uint256(1'000'000'000ULL);
  t.gas_limit = 21000;
  t.to = to;
  t.value = 1;
  tx::sign(t, key);
  return tx::encode(t);
}

int run(const std::vector<std::string>& args) {
  Options options;
  CLI::App app{
      "EVM subnet block production: pre-signed transfers built into blocks and "
      "committed to RocksDB; transfers/s"};
  app.name("plexus-bench blocks");
  app.add_option("--transfers", options.transfers, "transfers to build into blocks")
      ->capture_default_str();
  app.add_option("--senders", options.senders, "distinct sending accounts")->capture_default_str();
  app.add_option("--block-gas", options.block_gas,
                 "block gas limit (smaller blocks show the fixed cost per block)")
      ->capture_default_str();
  app.add_flag("--buffered", options.buffered, "commit without an fsync per block");
  app.add_flag("--serial", options.serial,
               "write each block before executing the next (no commit thread)");
  app.add_flag("--import", options.import,
               "then import the blocks into a second chain (verify and commit)");
  if (const auto exit = parse_options(app, args)) return *exit;
  const auto dir = std::filesystem::temp_directory_path() / "plexus-bench-blocks";
  std::filesystem::remove_all(dir);
  auto store = kv::RocksDbStore::open(dir);
  if (!store) {
    std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
    return 1;
  }
  std::vector<secp256k1::PrivateKey> keys;
  for (std::size_t i = 0; i < options.senders; ++i) {
    const std::string seed = "sender " + std::to_string(i);
    keys.push_back(secp256k1::PrivateKey::from_seed(
        BytesView(reinterpret_cast<const Byte*>(seed.data()), seed.size())));
  }
  const chain::ChainConfig config = bench_config(options, keys);
  auto chain = chain::SubnetChain::open(**store, config);
  if (!chain) {
    std::fprintf(stderr, "error: %s\n", chain.error().message.c_str());
    return 1;
  }
  std::printf("signing %zu transfers from %zu senders...\n", options.transfers, options.senders);
  std::vector<Bytes> raw;
  for (std::size_t i = 0; i < options.transfers; ++i) {
    Address to;
    to[0] = 0xee;
    to[19] = static_cast<Byte>(i);
    to[18] = static_cast<Byte>(i >> 8);
    raw.push_back(signed_transfer(keys[i % options.senders], i / options.senders, to));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (const Bytes& tx : raw) {
    if (auto r = (*chain)->submit(tx); !r) {
      std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
      return 1;
    }
  }
  const auto t1 = std::chrono::steady_clock::now();
  std::size_t blocks = 0;
  std::size_t included = 0;
  if (options.serial) {
    while ((*chain)->pending_count() > 0) {
      auto block = (*chain)->produce_block(false);
      if (!block || !*block) break;
      ++blocks;
      included += (*block)->block.transactions.size();
    }
  } else {
    // As the node does: each block is written on another thread while the next one executes.
    chain::CommitThread committer(**chain, [&](const chain::BlockRecord& block) {
      ++blocks;
      included += block.block.transactions.size();
    });
    while ((*chain)->pending_count() > 0) {
      auto block = (*chain)->prepare_block(false);
      if (!block || !*block || !committer.push(std::move(**block))) break;
    }
    if (auto drained = committer.drain(); !drained)
      std::fprintf(stderr, "error: %s\n", drained.error().message.c_str());
  }
  const auto t2 = std::chrono::steady_clock::now();
  const double admit = std::chrono::duration<double>(t1 - t0).count();
  const double exec = std::chrono::duration<double>(t2 - t1).count();
  std::printf("admission (decode, signature recovery, pool): %.0f tx/s\n",
              options.transfers / admit);
  std::printf(
      "block production: %zu transfers in %zu blocks, %.3f s: %.0f transfers/s "
      "(execution, state root, %s RocksDB commit)\n",
      included, blocks, exec, included / exec, options.buffered ? "buffered" : "synced");
  int status = included == options.transfers ? 0 : 1;
  if (options.import) {
    std::vector<chain::Block> built;
    for (std::uint64_t n = 1; n <= (*chain)->head().number; ++n)
      built.push_back((*chain)->blocks().by_number(n).value().value().block);
    const std::string import_dir = dir.string() + "-import";
    const Hash256 head = (*chain)->head().hash;
    const double cold = import_blocks(import_dir, config, built, head, nullptr);
    const double warm = import_blocks(import_dir, config, built, head, &raw);
    if (cold < 0 || warm < 0) {
      status = 1;
    } else {
      const char* commit = options.buffered ? "buffered" : "synced";
      std::printf(
          "block import, senders recovered (sync from a peer): %.3f s: %.0f transfers/s "
          "(recovery on 2 threads, header rules, re-execution, roots compared, %s "
          "commit)\n",
          cold, included / cold, commit);
      std::printf(
          "block import, transactions gossiped first (a validator): %.3f s: %.0f "
          "transfers/s\n",
          warm, included / warm);
      std::printf(
          "import / production: %.2fx with the transactions gossiped, %.2fx without; "
          "import / (admission + production): %.2fx\n",
          warm / exec, cold / exec, cold / (admit + exec));
    }
  }
  std::filesystem::remove_all(dir);
  return status;
}

}  // namespace

PLEXUS_BENCH_SUITE(blocks, "EVM subnet block production: transfers/s incl. RocksDB commit", run);

}  // namespace plexus::bench
