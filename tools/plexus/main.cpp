// The plexus command: entry point for users (dev network, benchmarks, utilities).
#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"Plexus: a node for modular multi-VM subnets"};
  app.require_subcommand(1);
  app.add_subcommand("version", "print the version")->callback([] { std::puts("plexus 0.1.0"); });
  auto* dev = app.add_subcommand("dev", "run a local development network");
  dev->callback([] {
    std::fputs("error: not supported: plexus dev (see the README status table)\n", stderr);
    std::exit(1);
  });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
