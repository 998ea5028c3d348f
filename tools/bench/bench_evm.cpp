// plexus-bench evm [dir] [--benchmark_* flags]: times the interpreter on the evm-benchmarks
// contracts (filled state tests: runtime code in `pre`, inputs in transaction.data[]). Each case
// runs the contract's code with one input against an in-memory host, with the code analysed once
// outside the timed loop, as evmone's own benchmark does. The default directory is
// $PLEXUS_TESTDATA/ethereum/benchmarks/evm-benchmarks/benchmarks.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "core/hex.hpp"
#include "core/uint256.hpp"
#include "evm/interpreter.hpp"
#include "evm_bench_host.hpp"
#include "gbench_runner.hpp"

namespace plexus::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr evm::Revision kRevision = evm::Revision::kLondon;  // the suite is filled for London
constexpr std::int64_t kGasLimit = std::numeric_limits<std::int64_t>::max();

struct EvmCase {
  std::string name;  // main/sha1_divs/5311
  evm::AnalyzedCode code;
  Bytes input;
  evm::TxContext tx;
};

[[nodiscard]] Result<uint256> parse_json_uint(const json& j) {
  return parse_uint256(j.get<std::string>());
}

Result<evm::TxContext> parse_env(const json& test) {
  const json& env = test.at("env");
  evm::TxContext tx;
  PLEXUS_TRY(tx.coinbase, fixed_from_hex<20>(env.at("currentCoinbase").get<std::string>()));
  PLEXUS_TRY(tx.origin, fixed_from_hex<20>(test.at("transaction").at("sender").get<std::string>()));
  PLEXUS_TRY(const uint256 number, parse_json_uint(env.at("currentNumber")));
  PLEXUS_TRY(const uint256 timestamp, parse_json_uint(env.at("currentTimestamp")));
  PLEXUS_TRY(const uint256 gas_limit, parse_json_uint(env.at("currentGasLimit")));
  PLEXUS_TRY(const uint256 base_fee, parse_json_uint(env.at("currentBaseFee")));
  PLEXUS_TRY(const uint256 gas_price, parse_json_uint(test.at("transaction").at("gasPrice")));
  tx.block_number = static_cast<std::int64_t>(static_cast<std::uint64_t>(number));
  tx.block_timestamp = static_cast<std::int64_t>(static_cast<std::uint64_t>(timestamp));
  tx.block_gas_limit = static_cast<std::int64_t>(static_cast<std::uint64_t>(gas_limit));
  tx.base_fee = to_bytes32(base_fee);
  tx.gas_price = to_bytes32(gas_price);
  tx.chain_id = to_bytes32(1);
  if (env.contains("currentRandom")) {
    PLEXUS_TRY(tx.prev_randao, fixed_from_hex<32>(env.at("currentRandom").get<std::string>()));
  }
  return tx;
}

// One case per transaction.data entry, named by the file's path and the input's label.
Result<std::vector<EvmCase>> load_file(const fs::path& file, const std::string& prefix) {
  std::ifstream in(file);
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    return fail(Errc::kDecode, file.string() + ": " + e.what());
  }
  std::vector<EvmCase> cases;
  for (const auto& [test_name, test] : doc.items()) {
    const std::string to = test.at("transaction").at("to").get<std::string>();
    PLEXUS_TRY(const Bytes code, from_hex(test.at("pre").at(to).at("code").get<std::string>()));
    PLEXUS_TRY(const evm::TxContext tx, parse_env(test));
    const json& data = test.at("transaction").at("data");
    const json labels =
        test.contains("_info") ? test["_info"].value("labels", json::object()) : json::object();
    for (std::size_t i = 0; i < data.size(); ++i) {
      PLEXUS_TRY(Bytes input, from_hex(data[i].get<std::string>()));
      const std::string index = std::to_string(i);
      const std::string label = labels.contains(index) ? labels[index].get<std::string>() : index;
      cases.push_back({prefix + file.stem().string() +
                           (data.size() > 1 || labels.contains(index) ? "/" + label : ""),
                       evm::analyze(code), std::move(input), tx});
    }
  }
  return cases;
}

Result<std::vector<EvmCase>> load_cases(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<EvmCase> all;
  for (const fs::path& file : files) {
    const std::string rel_dir = fs::relative(file.parent_path(), root).string();
    PLEXUS_TRY(auto cases, load_file(file, rel_dir == "." ? "" : rel_dir + "/"));
    for (auto& c : cases) all.push_back(std::move(c));
  }
  return all;
}

void bench_case(benchmark::State& state, const EvmCase& c) {
  EvmBenchHost host(c.tx);
  evm::Message msg;
  msg.gas = kGasLimit;
  msg.input = c.input;
  const evm::ExecResult check = evm::execute(host, kRevision, msg, c.code);
  if (check.status != evm::StatusCode::kSuccess) {
    state.SkipWithError(("status " + std::to_string(static_cast<int>(check.status))).c_str());
    return;
  }
  std::int64_t gas_used = 0;
  for (auto _ : state) {
    const evm::ExecResult r = evm::execute(host, kRevision, msg, c.code);
    gas_used = kGasLimit - r.gas_left;
    benchmark::DoNotOptimize(r);
  }
  state.counters["gas_used"] = static_cast<double>(gas_used);
  state.counters["gas_rate"] =
      benchmark::Counter(static_cast<double>(gas_used) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

int run(const std::vector<std::string>& args) {
  std::vector<std::string> gbench_args;
  fs::path dir;
  for (const std::string& a : args) {
    if (a.starts_with("--"))
      gbench_args.push_back(a);
    else
      dir = a;
  }
  if (dir.empty()) {
    const char* env = std::getenv("PLEXUS_TESTDATA");
    dir = fs::path(env ? env : "../shared/testdata") /
          "ethereum/benchmarks/evm-benchmarks/benchmarks";
  }
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "plexus-bench evm: no benchmark directory %s\n", dir.c_str());
    return 2;
  }
  auto cases = load_cases(dir);
  if (!cases) {
    std::fprintf(stderr, "plexus-bench evm: %s\n", cases.error().to_string().c_str());
    return 1;
  }
  for (const EvmCase& c : *cases)
    benchmark::RegisterBenchmark(c.name.c_str(), [&c](benchmark::State& s) {
      bench_case(s, c);
    })->Unit(benchmark::kMicrosecond);
  // The analysis each contract's code gets before it runs (once per transaction in a node), by
  // contract: analyse/main/snailtracer, as evmone-bench's baseline/analyse/*.
  std::set<std::string> analysed;
  for (const EvmCase& c : *cases) {
    const std::string contract = c.name.substr(0, c.name.find('/', c.name.find('/') + 1));
    if (!analysed.insert(contract).second) continue;
    benchmark::RegisterBenchmark(("analyse/" + contract).c_str(), [&c](benchmark::State& s) {
      for (auto _ : s) benchmark::DoNotOptimize(evm::analyze(c.code.code()));
      s.counters["code_size"] = static_cast<double>(c.code.size);
    })->Unit(benchmark::kMicrosecond);
  }
  return run_google_benchmarks("plexus-bench evm", gbench_args);
}

}  // namespace

PLEXUS_BENCH_SUITE(evm, "EVM interpreter on the evm-benchmarks contracts", run);

}  // namespace plexus::bench
