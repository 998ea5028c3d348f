#pragma once
// `plexus node --config node.toml`: one node of a network (docs/NODE.md): its staking identity,
// the TLS transport, the subnets it tracks (producing or following), JSON-RPC.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_node_command(CLI::App& app);

}  // namespace plexus::cli
