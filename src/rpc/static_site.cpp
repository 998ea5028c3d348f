#include "rpc/static_site.hpp"

#include <array>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace plexus::rpc {
namespace {

namespace fs = std::filesystem;

// URL paths are looked up as they arrive, without percent-decoding, so only names that need no
// encoding are served; a build output never has others.
bool plain_url_path(std::string_view path) {
  for (const char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == '/';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Errc::kIo, "static files: cannot read " + file.string());
  std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return fail(Errc::kIo, "static files: cannot read " + file.string());
  return body;
}

}  // namespace

std::string_view content_type_for(std::string_view file_name) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".woff2", "font/woff2"},
  }};
  for (const auto& [ext, type] : kTypes)
    if (file_name.size() > ext.size() && file_name.ends_with(ext)) return type;
  return "application/octet-stream";
}

Result<StaticSite> StaticSite::load(const fs::path& dir, std::string prefix) {
  if (prefix.size() < 2 || prefix.front() != '/' || prefix.back() == '/')
    return fail(Errc::kInvalidArgument, "static files: bad path prefix '" + prefix + "'");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(Errc::kNotFound, "static files: no directory " + dir.string());
  StaticSite site;
  site.prefix_ = std::move(prefix);
  std::size_t total = 0;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) return fail(Errc::kIo, "static files: " + dir.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return fail(Errc::kIo, "static files: " + dir.string() + ": " + ec.message());
    // symlink_status: a link is neither followed nor served, wherever it points.
    if (!fs::is_regular_file(it->symlink_status(ec))) continue;
    const std::string relative = it->path().lexically_relative(dir).generic_string();
    if (!plain_url_path(relative)) continue;
    if (site.files_.size() == kMaxFiles)
      return fail(Errc::kLimitExceeded, "static files: more than 1000 files in " + dir.string());
    PLEXUS_TRY(std::string body, read_file(it->path()));
    total += body.size();
    if (total > kMaxTotalBytes)
      return fail(Errc::kLimitExceeded, "static files: more than 32 MiB in " + dir.string());
    site.files_.emplace(site.prefix_ + "/" + relative,
                        StaticFile{std::string(content_type_for(relative)), std::move(body)});
  }
  return site;
}

bool StaticSite::covers(std::string_view path) const noexcept {
  return path.starts_with(prefix_) &&
         (path.size() == prefix_.size() || path[prefix_.size()] == '/');
}

const StaticFile* StaticSite::find(std::string_view path) const {
  if (!covers(path)) return nullptr;
  if (path.size() == prefix_.size() || path.size() == prefix_.size() + 1) {
    const auto index = files_.find(prefix_ + "/index.html");
    return index == files_.end() ? nullptr : &index->second;
  }
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace plexus::rpc
