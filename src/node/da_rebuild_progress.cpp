#include "node/da_rebuild_progress.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/hex.hpp"

namespace plexus::node {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::unexpected<Error> unreadable(const fs::path& file, const std::string& why) {
  return fail(Errc::kDecode, file.string() + " is not a rebuild's progress: " + why);
}

}  // namespace

Result<std::optional<RebuildProgress>> read_rebuild_progress(const fs::path& dir) {
  std::error_code error;
  if (!fs::exists(dir, error) || fs::is_empty(dir, error)) return std::optional<RebuildProgress>{};
  const fs::path file = dir / kRebuildProgressFile;
  std::ifstream in(file);
  if (!in)
    return fail(Errc::kInvalidArgument,
                dir.string() + " is not empty and holds no " + std::string(kRebuildProgressFile) +
                    ": a rebuild starts in an empty directory or resumes in its own");
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return unreadable(file, "not a JSON object");
  RebuildProgress out;
  try {
    out.subnet = doc.at("subnet").get<std::string>();
    PLEXUS_TRY(out.platform_genesis,
               fixed_from_hex<32>(doc.at("platformGenesis").get<std::string>()));
    out.genesis_timestamp = doc.at("genesisTimestamp").get<std::uint64_t>();
    out.platform_height = doc.at("platformHeight").get<std::uint64_t>();
    for (const json& blob : doc.at("held")) {
      PLEXUS_TRY(Bytes bytes, from_hex(blob.get<std::string>()));
      out.held.push_back(std::move(bytes));
    }
  } catch (const json::exception& e) {
    return unreadable(file, e.what());
  }
  return std::optional<RebuildProgress>(std::move(out));
}

Result<void> write_rebuild_progress(const fs::path& dir, const RebuildProgress& progress) {
  json held = json::array();
  for (const Bytes& blob : progress.held) held.push_back(to_hex(blob));
  const json doc = {{"subnet", progress.subnet},
                    {"platformGenesis", to_hex(progress.platform_genesis)},
                    {"genesisTimestamp", progress.genesis_timestamp},
                    {"platformHeight", progress.platform_height},
                    {"held", held}};
  std::error_code error;
  fs::create_directories(dir, error);
  // A new file renamed over the old one: a reader sees the old progress or the new, never half.
  const fs::path file = dir / kRebuildProgressFile;
  fs::path temporary = file;
  temporary += ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << doc.dump() << '\n';
    out.flush();
    if (!out) return fail(Errc::kIo, "cannot write " + temporary.string());
  }
  fs::rename(temporary, file, error);
  if (error) return fail(Errc::kIo, "cannot rename " + temporary.string() + ": " + error.message());
  return {};
}

Result<void> check_rebuild_directory(const fs::path& dir, const RebuildProgress& stored,
                                     const std::string& subnet, const Hash256& platform_genesis) {
  if (stored.subnet != subnet)
    return fail(Errc::kInvalidArgument,
                dir.string() + " holds a rebuild of subnet " + stored.subnet + ", not " + subnet);
  if (stored.platform_genesis != platform_genesis)
    return fail(Errc::kInvalidArgument,
                dir.string() + " holds a rebuild of the network whose platform block 0 is " +
                    to_hex(stored.platform_genesis) + ", this configuration's is " +
                    to_hex(platform_genesis));
  return {};
}

}  // namespace plexus::node
