#pragma once
// Helpers locating the Move corpus (modules/<source>/...) and reading its files.
#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "move/binary/binary.hpp"

namespace plexus::move::testing {

struct CorpusFile {
  std::filesystem::path path;
  BinaryConfig config;
};

// Every .mv module below modules/ (scripts excluded), sorted, with the right address width.
[[nodiscard]] std::vector<CorpusFile> corpus_modules(const std::filesystem::path& move_dir);
[[nodiscard]] Bytes read_bytes(const std::filesystem::path& path);
// The modules (deserialized) of one folder below modules/, e.g. "rooch-framework-r27".
[[nodiscard]] std::vector<CompiledModule> load_folder(const std::filesystem::path& move_dir,
                                                      const std::string& folder);

}  // namespace plexus::move::testing
