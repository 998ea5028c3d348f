#pragma once
// Subcommands of plexus-move; each returns the process exit code.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "move/binary/file_format.hpp"

namespace plexus::move::cli {

struct Options {
  std::size_t address_length = 0;  // 0: try 32 bytes, then 16
};

[[nodiscard]] Result<Bytes> read_file(const std::filesystem::path& path);
// Deserializes a module with the configured (or detected) address width.
[[nodiscard]] Result<CompiledModule> load_module(BytesView bytes, const Options& opts);
// Every module file below `dir` (recursively, sorted); scripts are skipped.
[[nodiscard]] Result<std::vector<CompiledModule>> load_modules(const std::filesystem::path& dir,
                                                               const Options& opts);
int cmd_deserialize(const std::filesystem::path& file, const Options& opts, bool disasm);
int cmd_verify(const std::filesystem::path& dir, const Options& opts);
int cmd_run(const std::filesystem::path& dir, const std::string& function,
            const std::vector<std::string>& type_args, const std::vector<std::string>& args,
            const Options& opts);

}  // namespace plexus::move::cli
