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
  const std::string first = argc < 2 ? "" : argv[1];
  if (!suites.contains(first)) {
    const bool help = first == "--help" || first == "-h";
    std::FILE* out = help ? stdout : stderr;
    if (!help && !first.empty()) std::fprintf(out, "plexus-bench: no suite named '%s'\n", argv[1]);
    std::fprintf(out,
                 "usage: plexus-bench <suite> [options]   (plexus-bench <suite> --help: the "
                 "suite's options)\nsuites:\n");
    for (const auto& [name, suite] : suites)
      std::fprintf(out, "  %-15s %s\n", name.c_str(), suite.description.c_str());
    return help ? 0 : 2;
  }
  return suites.at(argv[1]).run(std::vector<std::string>(argv + 2, argv + argc));
}
