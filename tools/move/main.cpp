// plexus-move: inspect, verify and run Move bytecode.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace plexus::move::cli;
  CLI::App app{"plexus-move: Move bytecode tools"};
  app.require_subcommand(1);
  Options opts;
  std::string file;
  int rc = 0;
  app.add_option("--address-length", opts.address_length,
                 "address width in bytes (16 or 32; default: detect)")
      ->check(CLI::IsMember({16, 32}));
  std::string dir;
  auto* ver = app.add_subcommand("verify", "verify and link every module below a folder");
  ver->add_option("dir", dir)->required();
  ver->callback([&] { rc = cmd_verify(dir, opts); });
  auto* des = app.add_subcommand("deserialize", "parse a module or script and summarise it");
  des->add_option("file", file)->required();
  des->callback([&] { rc = cmd_deserialize(file, opts, false); });
  auto* dis = app.add_subcommand("disasm", "print a module or script as readable bytecode");
  dis->add_option("file", file)->required();
  dis->callback([&] { rc = cmd_deserialize(file, opts, true); });
  std::string function;
  std::vector<std::string> type_args, args;
  auto* run = app.add_subcommand("run", "publish the modules below a folder and run a function");
  run->add_option("dir", dir)->required();
  run->add_option("function", function, "address::module::function")->required();
  run->add_option("--type-arg,-t", type_args, "type argument, e.g. u64 or 0x1::string::String")
      ->allow_extra_args(false);
  run->add_option("--arg,-a", args,
                  "argument: 42, true, 0x1, 0x0a0b or 'text' (vector<u8>), [1, 2]")
      ->allow_extra_args(false);  // keep "[1, 2]" as one value (CLI11 would split it)
  run->callback([&] { rc = cmd_run(dir, function, type_args, args, opts); });
  CLI11_PARSE(app, argc, argv);
  return rc;
}
