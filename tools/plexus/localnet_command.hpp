#pragma once
// `plexus localnet up|status|down`: N `plexus node` processes on loopback from one generated
// genesis (the subnets and funded accounts of `plexus dev`), described in DIR/network.json.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_localnet_command(CLI::App& app);

}  // namespace plexus::cli
