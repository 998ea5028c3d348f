// plexus-bench storage: the Merkle Patricia trie and the KV backends. Trie workloads use 32-byte
// random keys (the shape of secure state keys) and 32..100-byte values. Google Benchmark
// arguments pass through (e.g. --benchmark_filter=trie_root).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "storage/memory_store.hpp"
#include "storage/rocksdb_store.hpp"
#include "storage/trie.hpp"
#include "storage/trie_root.hpp"

namespace plexus::bench {
namespace {

std::vector<std::pair<Bytes, Bytes>> random_entries(std::size_t n) {
  std::mt19937_64 rng(1);
  std::vector<std::pair<Bytes, Bytes>> out(n);
  for (auto& [key, value] : out) {
    key.resize(32);
    for (Byte& b : key) b = static_cast<Byte>(rng());
    value.assign(32 + rng() % 69, static_cast<Byte>(rng()));
  }
  return out;
}

void bm_trie_root(benchmark::State& state) {
  const auto entries = random_entries(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(trie_root(entries));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Inserting n keys into a fresh trie and hashing it.
void bm_trie_insert_root(benchmark::State& state) {
  const auto entries = random_entries(static_cast<std::size_t>(state.range(0)));
  kv::MemoryStore store;
  for (auto _ : state) {
    Trie trie(store);
    for (const auto& [k, v] : entries) (void)trie.put(k, v);
    benchmark::DoNotOptimize(trie.root_hash());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Committing n fresh keys to RocksDB (one synced batch per commit).
void bm_trie_commit_rocksdb(benchmark::State& state) {
  const auto entries = random_entries(static_cast<std::size_t>(state.range(0)));
  const auto dir = std::filesystem::temp_directory_path() / "plexus-bench-storage";
  std::filesystem::remove_all(dir);
  auto store = kv::RocksDbStore::open(dir);
  if (!store) return state.SkipWithError(store.error().to_string().c_str());
  for (auto _ : state) {
    Trie trie(**store);
    for (const auto& [k, v] : entries) (void)trie.put(k, v);
    benchmark::DoNotOptimize(trie.commit(**store));
  }
  store->reset();
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Point reads through a reopened trie: every node on the path is loaded from the store.
void bm_trie_get_cold(benchmark::State& state) {
  const auto entries = random_entries(10000);
  kv::MemoryStore store;
  Trie trie(store);
  for (const auto& [k, v] : entries) (void)trie.put(k, v);
  const Hash256 root = trie.commit(store).value();
  const Trie reopened = Trie::open(store, root).value();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(reopened.get(entries[i++ % entries.size()].first));
  state.SetItemsProcessed(state.iterations());
}

void bm_proof_verify(benchmark::State& state) {
  const auto entries = random_entries(10000);
  kv::MemoryStore store;
  Trie trie(store);
  for (const auto& [k, v] : entries) (void)trie.put(k, v);
  const Hash256 root = trie.root_hash();
  const auto proof = trie.prove(entries[0].first).value();
  for (auto _ : state) benchmark::DoNotOptimize(verify_proof(root, entries[0].first, proof));
  state.SetItemsProcessed(state.iterations());
}

int run(const std::vector<std::string>& args) {
  std::vector<std::string> storage{"plexus-bench storage"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  benchmark::RegisterBenchmark("trie_root", bm_trie_root)->Arg(1000)->Arg(10000);
  benchmark::RegisterBenchmark("trie_insert_root", bm_trie_insert_root)->Arg(1000)->Arg(10000);
  benchmark::RegisterBenchmark("trie_commit_rocksdb", bm_trie_commit_rocksdb)->Arg(1000);
  benchmark::RegisterBenchmark("trie_get_cold", bm_trie_get_cold);
  benchmark::RegisterBenchmark("proof_verify", bm_proof_verify);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(storage, "Merkle Patricia trie and KV backends (memory, RocksDB)", run);

}  // namespace plexus::bench
