#pragma once
// `plexus validator equivocate`: a slashing drill for test networks (docs/PLATFORM.md, Slashing).
#include <CLI/CLI.hpp>

namespace plexus::cli {

// Adds the drill under `validator` (the command group platform_command.cpp makes).
void add_drill_commands(CLI::App& validator);

}  // namespace plexus::cli
