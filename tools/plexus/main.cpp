// The plexus command: entry point for users (dev network, utilities).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "blob_command.hpp"
#include "certificate_command.hpp"
#include "da_command.hpp"
#include "dev_command.hpp"
#include "localnet_command.hpp"
#include "message_command.hpp"
#include "node_command.hpp"
#include "platform_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Plexus: a node for modular multi-VM subnets"};
  app.require_subcommand(1);
  app.add_subcommand("version", "print the version")->callback([] { std::puts("plexus 0.1.0"); });
  plexus::cli::add_dev_command(app);
  plexus::cli::add_node_command(app);
  plexus::cli::add_localnet_command(app);
  plexus::cli::add_certificate_command(app);
  plexus::cli::add_da_command(app);
  plexus::cli::add_blob_commands(app);
  plexus::cli::add_light_command(app);
  plexus::cli::add_platform_commands(app);
  plexus::cli::add_message_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
