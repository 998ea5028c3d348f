#pragma once
// `plexus message send|status`: cross-subnet messages from the command line
// (docs/MESSAGING.md, Command line).
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_message_commands(CLI::App& app);

}  // namespace plexus::cli
