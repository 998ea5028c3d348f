#pragma once
// The key a platform command signs with: a plain key file for development (0x and 64 hex digits,
// the account's secp256k1 secret) or an Ethereum keystore v3 file (the format geth, ethers and
// MetaMask export: scrypt or PBKDF2-SHA256, AES-128-CTR, a keccak-256 MAC), whose password comes
// from a file or from $PLEXUS_KEYSTORE_PASSWORD. The same key signs the account's subnet
// transactions, so one key serves every VM and the primary network.
#include <filesystem>
#include <string>

#include "core/secp256k1.hpp"

namespace plexus::cli {

[[nodiscard]] Result<secp256k1::PrivateKey> read_key_file(const std::filesystem::path& file);
[[nodiscard]] Result<secp256k1::PrivateKey> decrypt_keystore(std::string_view json,
                                                             std::string_view password);
// A keystore v3 JSON of `key` (scrypt n=2^18, r=8, p=1, as geth's default), `salt` 32 and `iv`
// 16 random bytes.
[[nodiscard]] Result<std::string> encrypt_keystore(const secp256k1::PrivateKey& key,
                                                   std::string_view password, BytesView salt,
                                                   BytesView iv, std::uint64_t scrypt_n = 1 << 18);

struct KeySource {
  std::string key_file;       // --key-file
  std::string keystore;       // --keystore
  std::string password_file;  // --password-file
};
// The key from whichever source is given; a clear error when none or both are.
[[nodiscard]] Result<secp256k1::PrivateKey> load_signing_key(const KeySource& source);

}  // namespace plexus::cli
