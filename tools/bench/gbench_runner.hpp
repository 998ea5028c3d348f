#pragma once
// Runs the Google Benchmark cases a suite registered, passing the suite's --benchmark_* arguments.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace plexus::bench {

inline int run_google_benchmarks(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> storage{program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace plexus::bench
