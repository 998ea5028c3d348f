#pragma once
// `plexus da`: the data square from the command line — the data root of a square file, its
// extension, and share proofs (make one, check one against a data root). A square file is k^2
// concatenated 512-byte shares in row-major order, k a power of two up to 512.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_da_command(CLI::App& app);
// `plexus da rebuild` (da_rebuild_command.cpp).
void add_da_rebuild_command(CLI::App& da);

}  // namespace plexus::cli
