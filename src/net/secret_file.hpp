#pragma once
// Writing and reading files that hold secrets (the staking key).
#include <filesystem>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::net {

// Writes `contents` to `path` with mode 0600: to `path`.tmp first, fsync, rename over `path`,
// fsync the directory. Readers see the old file or the whole new one, never a torn write.
[[nodiscard]] Result<void> write_private_file(const std::filesystem::path& path, BytesView contents);
// Reads `path`; when `owner_only`, fails if group or others may read or write it.
[[nodiscard]] Result<Bytes> read_private_file(const std::filesystem::path& path, bool owner_only);

}  // namespace plexus::net
