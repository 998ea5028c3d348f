#include "explorer_dir.hpp"

#include <system_error>

namespace plexus::cli {

std::filesystem::path default_explorer_dir() {
  std::error_code ec;
  // The executable's own path, not argv[0], which may be relative or found through PATH.
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  std::filesystem::path dir = exe.parent_path() / "explorer";
  if (!std::filesystem::is_regular_file(dir / "index.html", ec)) return {};
  return dir;
}

}  // namespace plexus::cli
