#pragma once
// Where the plexus command finds the explorer's built files when no one says: `explorer/`
// beside the executable, where the build puts them (build/plexus, build/explorer).
#include <filesystem>

namespace plexus::cli {

// That directory if it holds an index.html, else empty (the node then serves no explorer).
[[nodiscard]] std::filesystem::path default_explorer_dir();

}  // namespace plexus::cli
