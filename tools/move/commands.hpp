#pragma once
// Subcommands of plexus-move; each returns the process exit code.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::move::cli {

struct Options {
  std::size_t address_length = 32;
};

[[nodiscard]] Result<Bytes> read_file(const std::filesystem::path& path);
int cmd_deserialize(const std::filesystem::path& file, const Options& opts, bool disasm);
int cmd_verify(const std::filesystem::path& dir, const Options& opts);
int cmd_run(const std::filesystem::path& dir, const std::string& function,
            const std::vector<std::string>& type_args, const std::vector<std::string>& args,
            const std::vector<std::string>& signers, const Options& opts);

}  // namespace plexus::move::cli
