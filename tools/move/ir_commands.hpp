#pragma once
// Registers the Move IR subcommands of plexus-move: `asm` (assemble a .mvir file) and `irtest`
// (run the IR transactional tests). `rc` receives the exit code of the subcommand that ran.
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace plexus::move::cli {

void add_ir_commands(CLI::App& app, const Options& opts, int& rc);

}  // namespace plexus::move::cli
