#pragma once
// The primary network from the command line, against any node's JSON-RPC (docs/PLATFORM.md,
// Commands): `plexus validator add|status`, `plexus subnet create|add-validator|
// remove-validator|list`, `plexus platform transfer|balance`, `plexus keystore new|address`.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_platform_commands(CLI::App& app);

}  // namespace plexus::cli
