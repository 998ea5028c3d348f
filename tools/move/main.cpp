// plexus-move: inspect, verify and run Move bytecode.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "ir_commands.hpp"

int main(int argc, char** argv) {
  using namespace plexus::move::cli;
  CLI::App app{"plexus-move: Move bytecode tools"};
  app.require_subcommand(1);
  Options opts;
  app.add_option("--address-length", opts.address_length, "address width in bytes (16 or 32)")
      ->check(CLI::IsMember({16, 32}));
  std::string file;
  int rc = 0;
  auto* des = app.add_subcommand("deserialize", "parse a module or script and summarise it");
  des->add_option("file", file)->required();
  des->callback([&] { rc = cmd_deserialize(file, opts, false); });
  auto* dis = app.add_subcommand("disasm", "print a module or script as readable bytecode");
  dis->add_option("file", file)->required();
  dis->callback([&] { rc = cmd_deserialize(file, opts, true); });
  add_ir_commands(app, opts, rc);
  CLI11_PARSE(app, argc, argv);
  return rc;
}
