// `plexus-move asm <file.mvir>` and `plexus-move irtest <dir>`.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "ir_commands.hpp"
#include "irtest_runner.hpp"
#include "move/adapter/address.hpp"
#include "move/adapter/envelope.hpp"
#include "move/adapter/stdlib.hpp"
#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"
#include "move/ir/printer.hpp"

namespace plexus::move::cli {
namespace {

struct AsmArgs {
  std::filesystem::path file;
  std::filesystem::path output;
  std::vector<std::filesystem::path> deps;
  bool print = false;
  bool subnet_stdlib = false;
  bool payload = false;
};

int cmd_asm(const AsmArgs& args, const Options& cli_opts) {
  // Without --address-length, assemble with the 16-byte addresses of the IR test corpus.
  Options opts = cli_opts;
  if (opts.address_length == 0) opts.address_length = 16;
  auto text = read_file(args.file);
  if (!text) {
    std::fprintf(stderr, "error: %s\n", text.error().to_string().c_str());
    return 1;
  }
  std::vector<CompiledModule> dep_modules;
  if (args.subnet_stdlib) {
    // The Move subnet's 0x1 library is 32-byte-address IR.
    opts.address_length = kMoveAddressLength;
    auto stdlib = build_subnet_stdlib();
    if (!stdlib) {
      std::fprintf(stderr, "error: %s\n", stdlib.error().to_string().c_str());
      return 1;
    }
    dep_modules = std::move(*stdlib);
  } else if (opts.address_length == 16) {
    // The tests' standard library is 16-byte-address IR; offer it to 16-byte assembly too.
    auto stdlib = irtest::build_stdlib();
    if (stdlib) dep_modules = std::move(*stdlib);
  }
  for (const auto& path : args.deps) {
    auto bytes = read_file(path);
    if (!bytes) {
      std::fprintf(stderr, "error: %s\n", bytes.error().to_string().c_str());
      return 1;
    }
    auto m = deserialize_module(*bytes, BinaryConfig{opts.address_length, kMaxVersion});
    if (!m) {
      std::fprintf(stderr, "error: %s: %s\n", path.string().c_str(), m.error().to_string().c_str());
      return 1;
    }
    dep_modules.push_back(std::move(*m));
  }
  std::vector<const CompiledModule*> deps;
  for (const auto& m : dep_modules) deps.push_back(&m);
  const std::string source(text->begin(), text->end());
  auto unit = ir::assemble(source, deps, ir::CompileOptions{opts.address_length, 6});
  if (!unit) {
    std::fprintf(stderr, "%s:%s\n", args.file.string().c_str(), unit.error().to_string().c_str());
    return 1;
  }
  const auto* module = std::get_if<CompiledModule>(&*unit);
  Bytes bytes = module ? serialize_module(*module)
                       : serialize_script(std::get<CompiledScript>(*unit));
  // A transaction's data that publishes the module on the Move subnet (contract creation).
  if (args.payload && module) bytes = encode_creation_payload({bytes});
  if (args.print)
    std::puts((module ? ir::print_bytecode(*module)
                      : ir::print_bytecode(std::get<CompiledScript>(*unit))).c_str());
  std::filesystem::path out = args.output;
  if (out.empty()) out = std::filesystem::path(args.file).replace_extension(".mv");
  std::ofstream f(out, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) {
    std::fprintf(stderr, "error: cannot write %s\n", out.string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void add_ir_commands(CLI::App& app, const Options& opts, int& rc) {
  auto asm_args = std::make_shared<AsmArgs>();
  auto* as = app.add_subcommand("asm", "assemble a Move IR (.mvir) module or script");
  as->add_option("file", asm_args->file)->required();
  as->add_option("-o,--output", asm_args->output, "output file (default: <file>.mv)");
  as->add_option("--dep", asm_args->deps, "compiled module the source imports (repeatable)");
  as->add_flag("--print", asm_args->print, "also print the bytecode listing");
  as->add_flag("--subnet-stdlib", asm_args->subnet_stdlib,
               "32-byte addresses, importing the Move subnet's standard library");
  as->add_flag("--payload", asm_args->payload,
               "write the Move subnet creation payload that publishes the module");
  as->callback([&rc, &opts, asm_args] { rc = cmd_asm(*asm_args, opts); });

  auto test_args = std::make_shared<std::pair<std::filesystem::path, irtest::IrTestOptions>>();
  auto* it = app.add_subcommand("irtest", "run Move IR transactional tests (.mvir + .exp)");
  it->add_option("dir", test_args->first)->required();
  it->add_option("--known-failures", test_args->second.known_failures);
  it->add_option("--write-failures", test_args->second.write_failures);
  it->add_flag("-v,--verbose", test_args->second.verbose);
  it->callback([&rc, test_args] { rc = irtest::run_ir_tests(test_args->first, test_args->second); });
}

}  // namespace plexus::move::cli
