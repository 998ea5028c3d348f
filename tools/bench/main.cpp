// plexus-bench: performance measurements, one suite per subsystem (see bench_*.cpp).
#include <cstdio>
#include <string>
#include <vector>

#include "bench_registry.hpp"

namespace plexus::bench {
std::map<std::string, Suite>& suites() {
  static std::map<std::string, Suite> registry;
  return registry;
}
}  // namespace plexus::bench

int main(int argc, char** argv) {
  const auto& suites = plexus::bench::suites();
  if (argc < 2 || !suites.contains(argv[1])) {
    std::fprintf(stderr, "usage: plexus-bench <suite> [options]\nsuites:\n");
    for (const auto& [name, suite] : suites)
      std::fprintf(stderr, "  %-8s %s\n", name.c_str(), suite.description.c_str());
    return 2;
  }
  return suites.at(argv[1]).run(std::vector<std::string>(argv + 2, argv + argc));
}
