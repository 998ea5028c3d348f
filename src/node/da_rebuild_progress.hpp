#pragma once
// Where a rebuild from DA stands (plexus da rebuild, docs/DA.md, Rebuilding), kept in its
// directory beside the replayed platform state (DIR/platform) and the rebuilt chain
// (DIR/<subnet>) as DIR/rebuild.json, written atomically (a new file renamed over the old), so
// that a rebuild run again into the same directory resumes: the platform state and the chain
// reopen where they are, the blobs held ahead of the head are offered again, and reading goes
// on after the last platform block whose blobs were all offered. A directory made for another
// subnet or another network (its platform block 0) is refused, as is a non-empty directory
// without this file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::node {

struct RebuildProgress {
  std::string subnet;
  Hash256 platform_genesis{};           // the network's platform block 0
  std::uint64_t genesis_timestamp = 0;  // the rebuilt chain's block 0 time; 0 before it is found
  std::uint64_t platform_height = 0;    // every blob up to this platform block was offered
  std::vector<Bytes> held{};            // blobs held ahead of the rebuilt head
  friend bool operator==(const RebuildProgress&, const RebuildProgress&) = default;
};

inline constexpr std::string_view kRebuildProgressFile = "rebuild.json";

// nullopt: the directory is missing or empty (a fresh rebuild). Refused: a non-empty directory
// without the file, or a file that does not read.
[[nodiscard]] Result<std::optional<RebuildProgress>> read_rebuild_progress(
    const std::filesystem::path& dir);
[[nodiscard]] Result<void> write_rebuild_progress(const std::filesystem::path& dir,
                                                  const RebuildProgress& progress);
// Refused, naming both: a directory made for another subnet or another network.
[[nodiscard]] Result<void> check_rebuild_directory(const std::filesystem::path& dir,
                                                   const RebuildProgress& stored,
                                                   const std::string& subnet,
                                                   const Hash256& platform_genesis);

}  // namespace plexus::node
