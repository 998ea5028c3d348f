#include "testdata.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace plexus::testing {

std::optional<std::filesystem::path> testdata_dir(std::string_view sub) {
  const char* env = std::getenv("PLEXUS_TESTDATA");
  const std::filesystem::path root = (env && *env)
                                         ? std::filesystem::path(env)
                                         : std::filesystem::path(PLEXUS_SOURCE_DIR) / ".." / "shared" /
                                               "testdata";
  const std::filesystem::path dir = root / sub;
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "*** SKIPPED: conformance data %s not found (set PLEXUS_TESTDATA) ***\n",
                 dir.string().c_str());
    return std::nullopt;
  }
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace plexus::testing
