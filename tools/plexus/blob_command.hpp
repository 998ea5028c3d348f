#pragma once
// `plexus blob submit|get|proof`: blobs on the primary network over a node's JSON-RPC (docs/DA.md,
// Blob API), and `plexus light`: a light client that samples every platform block's square.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_blob_commands(CLI::App& app);
void add_light_command(CLI::App& app);

}  // namespace plexus::cli
