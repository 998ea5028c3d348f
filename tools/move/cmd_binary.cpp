// `plexus-move deserialize|disasm <file>`: parse (module first, then script) and report.
#include <algorithm>
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

Result<CompiledModule> load_module(BytesView bytes, const Options& opts) {
  auto m = deserialize_module(bytes, BinaryConfig{opts.address_length ? opts.address_length : 32});
  if (!m && opts.address_length == 0) {
    auto narrow = deserialize_module(bytes, BinaryConfig{16});
    if (narrow) return std::move(*narrow);
  }
  if (!m) return std::unexpected(to_error(m.error()));
  return std::move(*m);
}

Result<std::vector<CompiledModule>> load_modules(const std::filesystem::path& dir,
                                                 const Options& opts) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".mv") files.push_back(it->path());
  if (ec) return fail(Errc::kIo, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<CompiledModule> out;
  for (const auto& f : files) {
    PLEXUS_TRY(auto bytes, read_file(f));
    auto m = load_module(bytes, opts);
    if (!m) {
      if (deserialize_script(bytes, BinaryConfig{16}) || deserialize_script(bytes)) continue;
      return fail(m.error().code, f.string() + ": " + m.error().message);
    }
    out.push_back(std::move(*m));
  }
  return out;
}

int cmd_deserialize(const std::filesystem::path& file, const Options& opts, bool disasm) {
  auto bytes = read_file(file);
  if (!bytes) {
    std::fprintf(stderr, "error: %s\n", bytes.error().to_string().c_str());
    return 1;
  }
  const BinaryConfig config{opts.address_length ? opts.address_length : 32, kMaxVersion};
  auto module = load_module(*bytes, opts);
  if (module) {
    const bool same = serialize_module(*module) == *bytes;
    if (disasm) {
      std::fputs(disassemble(*module).c_str(), stdout);
    } else {
      std::printf(
          "module %s: version %u, %zu structs, %zu functions, %zu bytes, re-serializes %s\n",
          module_name(*module, module->self_module_handle).c_str(), module->version(),
          module->struct_defs.size(), module->function_defs.size(), bytes->size(),
          same ? "byte-identically" : "DIFFERENTLY");
    }
    return same ? 0 : 1;
  }
  auto script = deserialize_script(*bytes, config);
  if (script) {
    if (disasm)
      std::fputs(disassemble(*script).c_str(), stdout);
    else
      std::printf("script: version %u, %zu instructions\n", script->version(),
                  script->code.code.size());
    return 0;
  }
  std::fprintf(stderr, "error: not a module (%s) nor a script (%s)\n",
               module.error().message.c_str(), script.error().to_string().c_str());
  return 1;
}

}  // namespace plexus::move::cli
