#pragma once
// `plexus-bench <suite>`: each suite lives in its own bench_<suite>.cpp and registers itself here
// with a static PLEXUS_BENCH_SUITE(...) so suites can be added without touching main.cpp.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plexus::bench {

// Receives the arguments after the suite name; returns the process exit code.
using SuiteFn = std::function<int(const std::vector<std::string>& args)>;

struct Suite {
  std::string description;
  SuiteFn run;
};

std::map<std::string, Suite>& suites();

struct Registration {
  Registration(const std::string& name, std::string description, SuiteFn fn) {
    suites()[name] = Suite{std::move(description), std::move(fn)};
  }
};

}  // namespace plexus::bench

#define PLEXUS_BENCH_SUITE(name, description, fn) \
  static const ::plexus::bench::Registration plexus_bench_registration_##name(#name, description, fn)
