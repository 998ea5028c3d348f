#pragma once
// A validator's BLS signing key (votes and certificates, docs/CONSENSUS.md), kept beside its
// staking key in the data directory as `bls.key`: 32 bytes, mode 0600, created on first start
// from the operating system's entropy. A file readable by others is refused, as the staking key
// is.
#include <filesystem>

#include "core/bls/bls.hpp"
#include "core/error.hpp"
#include "core/secp256k1.hpp"

namespace plexus::node {

[[nodiscard]] Result<bls::SecretKey> load_or_create_bls_key(const std::filesystem::path& data_dir);

// The account that pays for delivering cross-subnet messages ([messages] relayer_key_file): a
// file of mode 0600 holding the 0x-hex secp256k1 secret (a trailing newline allowed).
[[nodiscard]] Result<secp256k1::PrivateKey> load_relayer_key(const std::filesystem::path& file);
[[nodiscard]] Result<void> write_relayer_key(const std::filesystem::path& file,
                                             const secp256k1::PrivateKey& key);

}  // namespace plexus::node
