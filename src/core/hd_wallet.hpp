#pragma once
// Hierarchical deterministic keys as Ethereum wallets and development nodes derive them:
// BIP-39 mnemonics (English word list) to a seed, then BIP-32 derivation along a path such as
// m/44'/60'/0'/0/3. Development tools need this to reproduce the well-known dev accounts of
// "test test ... junk" that clients and test suites expect.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/secp256k1.hpp"

namespace plexus::hd {

using Seed = FixedBytes<64>;

// The mnemonic of Hardhat, Foundry and ganache development accounts.
inline constexpr std::string_view kDevMnemonic =
    "test test test test test test test test test test test junk";

// BIP-39: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds). The words (12, 15,
// 18, 21 or 24, separated by ASCII whitespace) must be in the English list and carry a valid
// checksum; the seed is computed over the words joined by single spaces. Only ASCII mnemonics and
// passphrases are accepted, for which Unicode NFKD normalisation is the identity.
[[nodiscard]] Result<Seed> mnemonic_to_seed(std::string_view mnemonic,
                                            std::string_view passphrase = "");

// BIP-32 private derivation along `path`: "m" followed by "/index" components, an index below
// 2^31 in decimal, hardened when followed by ' or h. `seed` is 16 to 64 bytes.
[[nodiscard]] Result<secp256k1::PrivateKey> derive_key(BytesView seed, std::string_view path);
[[nodiscard]] Result<secp256k1::PrivateKey> derive_key(const Seed& seed, std::string_view path);

// The Ethereum accounts m/44'/60'/0'/0/i for i in [0, count) of a mnemonic (no passphrase).
[[nodiscard]] Result<std::vector<secp256k1::PrivateKey>> dev_account_keys(std::string_view mnemonic,
                                                                          std::size_t count);

}  // namespace plexus::hd
