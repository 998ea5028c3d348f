#pragma once
// Helpers locating the Move corpus (modules/<source>/...) and reading its files.
#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "move/binary/binary.hpp"
#include "move/vm/values.hpp"

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

// An address of the given width whose last byte is `last` (0x1 = the standard library).
[[nodiscard]] Bytes address(std::uint8_t last, std::size_t length = 32);
[[nodiscard]] Value u64_vector(std::initializer_list<std::uint64_t> values);

}  // namespace plexus::move::testing
