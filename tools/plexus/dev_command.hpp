#pragma once
// `plexus dev`: flags, banner, signal handling around node::DevNetwork.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_dev_command(CLI::App& app);

}  // namespace plexus::cli
