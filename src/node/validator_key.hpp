#pragma once
// A validator's BLS signing key (votes and certificates, docs/CONSENSUS.md), kept beside its
// staking key in the data directory as `bls.key`: 32 bytes, mode 0600, created on first start
// from the operating system's entropy. A file readable by others is refused, as the staking key
// is.
#include <filesystem>

#include "core/bls/bls.hpp"
#include "core/error.hpp"

namespace plexus::node {

[[nodiscard]] Result<bls::SecretKey> load_or_create_bls_key(const std::filesystem::path& data_dir);

}  // namespace plexus::node
