#pragma once
// `plexus verify-certificate`: checks a finality certificate (plexus_getFinalityCertificate's
// answer, from a file or fetched from a node) against the validator set of a network's genesis,
// so that anyone can tell a final block from a claim without trusting the node that served it.
#include <CLI/CLI.hpp>

namespace plexus::cli {

void add_certificate_command(CLI::App& app);

}  // namespace plexus::cli
