#pragma once
// Static files the RPC server serves over HTTP GET under one path prefix (the explorer at
// /explorer, docs/EXPLORER.md). The whole directory is read into memory once, when the node
// starts: a request is answered by an exact lookup among the files found then, so no request
// path ever reaches the file system (no traversal, no symlink surprises, nothing written later
// into the directory is served).
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plexus::rpc {

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticSite {
 public:
  // Far above the explorer's few hundred KB: a directory this large is not a web page.
  static constexpr std::size_t kMaxTotalBytes = 32 * 1024 * 1024;
  static constexpr std::size_t kMaxFiles = 1000;

  // Reads the regular files under `dir` (recursively; symlinks are skipped) to be served at
  // `prefix` + "/" + their relative path. `prefix` starts with '/' and does not end with one.
  // `dir`/index.html is also served at `prefix` and `prefix` + "/".
  [[nodiscard]] static Result<StaticSite> load(const std::filesystem::path& dir,
                                               std::string prefix);

  // Whether `path` (a request target without its query) lies under the prefix: such a request
  // is this site's to answer, found or not.
  [[nodiscard]] bool covers(std::string_view path) const noexcept;
  // The file at `path` (a request target without its query), or nullptr.
  [[nodiscard]] const StaticFile* find(std::string_view path) const;
  [[nodiscard]] const std::string& prefix() const noexcept { return prefix_; }
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

 private:
  std::string prefix_;
  std::map<std::string, StaticFile, std::less<>> files_;  // by full URL path
};

// The Content-Type for a file name, by its extension; application/octet-stream if unknown.
[[nodiscard]] std::string_view content_type_for(std::string_view file_name) noexcept;

}  // namespace plexus::rpc
