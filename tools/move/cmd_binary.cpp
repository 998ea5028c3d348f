// `plexus-move deserialize|disasm <file>`: parse (module first, then script) and report.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "commands.hpp"
#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"

namespace plexus::move::cli {

Result<Bytes> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::kNotFound, "cannot read " + path.string());
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

int cmd_deserialize(const std::filesystem::path& file, const Options& opts, bool disasm) {
  auto bytes = read_file(file);
  if (!bytes) {
    std::fprintf(stderr, "error: %s\n", bytes.error().to_string().c_str());
    return 1;
  }
  const BinaryConfig config{opts.address_length, kMaxVersion};
  auto module = deserialize_module(*bytes, config);
  if (module) {
    const bool same = serialize_module(*module) == *bytes;
    if (disasm) {
      std::fputs(disassemble(*module).c_str(), stdout);
    } else {
      std::printf("module %s: version %u, %zu structs, %zu functions, %zu bytes, re-serializes %s\n",
                  module_name(*module, module->self_module_handle).c_str(), module->version(),
                  module->struct_defs.size(), module->function_defs.size(), bytes->size(),
                  same ? "byte-identically" : "DIFFERENTLY");
    }
    return same ? 0 : 1;
  }
  auto script = deserialize_script(*bytes, config);
  if (script) {
    if (disasm) std::fputs(disassemble(*script).c_str(), stdout);
    else std::printf("script: version %u, %zu instructions\n", script->version(),
                     script->code.code.size());
    return 0;
  }
  std::fprintf(stderr, "error: not a module (%s) nor a script (%s)\n",
               module.error().to_string().c_str(), script.error().to_string().c_str());
  return 1;
}

}  // namespace plexus::move::cli
