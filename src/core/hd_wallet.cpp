#include "core/hd_wallet.hpp"

#include <cryptopp/hmac.h>
#include <cryptopp/pwdbased.h>
#include <cryptopp/sha.h>
#include <secp256k1.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>

#include "core/hash.hpp"

namespace plexus::hd {
namespace {

constexpr std::array<std::string_view, 2048> kEnglishWords{
#include "core/bip39_english.inc"
};

constexpr std::uint32_t kHardened = 0x80000000U;
constexpr std::size_t kMinSeedSize = 16;
constexpr std::size_t kMaxSeedSize = 64;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_ascii_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_ascii_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

Result<std::uint32_t> word_index(std::string_view word) {
  // The list is sorted, which BIP-39 guarantees for English.
  const auto it = std::lower_bound(kEnglishWords.begin(), kEnglishWords.end(), word);
  if (it == kEnglishWords.end() || *it != word)
    return fail(Errc::kInvalidArgument,
                "bip39: \"" + std::string(word) + "\" is not in the English word list");
  return static_cast<std::uint32_t>(it - kEnglishWords.begin());
}

// Checks the word count and the checksum: the words encode ENT entropy bits followed by the
// first ENT/32 bits of sha256(entropy).
Result<void> check_mnemonic(const std::vector<std::string_view>& words) {
  const std::size_t n = words.size();
  if (n < 12 || n > 24 || n % 3 != 0)
    return fail(Errc::kInvalidArgument,
                "bip39: a mnemonic has 12, 15, 18, 21 or 24 words, got " + std::to_string(n));
  const std::size_t total_bits = n * 11;
  const std::size_t checksum_bits = total_bits / 33;
  const std::size_t entropy_bytes = (total_bits - checksum_bits) / 8;
  Bytes bits((total_bits + 7) / 8, 0);
  for (std::size_t w = 0; w < n; ++w) {
    PLEXUS_TRY(const std::uint32_t index, word_index(words[w]));
    for (std::size_t b = 0; b < 11; ++b) {
      if ((index >> (10 - b)) & 1U) {
        const std::size_t pos = w * 11 + b;
        bits[pos / 8] = static_cast<Byte>(bits[pos / 8] | (0x80U >> (pos % 8)));
      }
    }
  }
  const Hash256 digest = sha256(BytesView(bits.data(), entropy_bytes));
  // checksum_bits is at most 8, so the checksum is the top bits of the byte after the entropy.
  const auto mask = static_cast<Byte>(0xFFU << (8 - checksum_bits));
  if ((bits[entropy_bytes] & mask) != (digest[0] & mask))
    return fail(Errc::kInvalidArgument, "bip39: mnemonic checksum mismatch (a word is wrong)");
  return {};
}

struct ExtendedKey {
  secp256k1::Bytes32 key;
  secp256k1::Bytes32 chain_code;
};

FixedBytes<64> hmac_sha512(BytesView key, BytesView data) {
  FixedBytes<64> out;
  CryptoPP::HMAC<CryptoPP::SHA512> mac(key.data(), key.size());
  mac.CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

ExtendedKey split(const FixedBytes<64>& i) {
  ExtendedKey out;
  std::copy(i.bytes.begin(), i.bytes.begin() + 32, out.key.bytes.begin());
  std::copy(i.bytes.begin() + 32, i.bytes.end(), out.chain_code.bytes.begin());
  return out;
}

Result<ExtendedKey> master_key(BytesView seed) {
  if (seed.size() < kMinSeedSize || seed.size() > kMaxSeedSize)
    return fail(Errc::kInvalidArgument,
                "bip32: seed must be 16 to 64 bytes, got " + std::to_string(seed.size()));
  ExtendedKey master = split(hmac_sha512(as_bytes("Bitcoin seed"), seed));
  // Out of range with probability ~2^-127; BIP-32 declares such a seed invalid.
  if (!secp256k1::PrivateKey::from_secret(master.key))
    return fail(Errc::kInvalidArgument, "bip32: seed yields an invalid master key");
  return master;
}

Result<ExtendedKey> derive_child(const ExtendedKey& parent, std::uint32_t index) {
  std::array<Byte, 37> data{};
  if (index & kHardened) {
    std::copy(parent.key.bytes.begin(), parent.key.bytes.end(), data.begin() + 1);
  } else {
    // The compressed public key: 0x02 or 0x03 by the parity of y, then x.
    PLEXUS_TRY(const secp256k1::PrivateKey key, secp256k1::PrivateKey::from_secret(parent.key));
    const secp256k1::PublicKey pub = key.public_key();
    data[0] = static_cast<Byte>(0x02 | (pub[63] & 1));
    std::copy(pub.bytes.begin(), pub.bytes.begin() + 32, data.begin() + 1);
  }
  for (int b = 0; b < 4; ++b) data[33 + b] = static_cast<Byte>(index >> (24 - 8 * b));
  ExtendedKey child = split(hmac_sha512(parent.chain_code.view(), data));
  secp256k1::Bytes32 secret = parent.key;
  // Adds the tweak modulo n; fails if the tweak is >= n or the sum is zero (~2^-127), for which
  // BIP-32 says to skip the index: report it instead of silently deriving a different key.
  if (!secp256k1_ec_seckey_tweak_add(secp256k1_context_static, secret.data(), child.key.data()))
    return fail(Errc::kValidation,
                "bip32: index " + std::to_string(index & ~kHardened) + " yields an invalid key");
  child.key = secret;
  return child;
}

Result<std::uint32_t> parse_component(std::string_view text) {
  bool hardened = false;
  if (!text.empty() && (text.back() == '\'' || text.back() == 'h' || text.back() == 'H')) {
    hardened = true;
    text.remove_suffix(1);
  }
  std::uint32_t index = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || index >= kHardened)
    return fail(Errc::kInvalidArgument,
                "bip32: path component \"" + std::string(text) + "\" is not an index below 2^31");
  return hardened ? index | kHardened : index;
}

}  // namespace

Result<Seed> mnemonic_to_seed(std::string_view mnemonic, std::string_view passphrase) {
  if (!is_ascii(mnemonic) || !is_ascii(passphrase))
    return not_supported("non-ASCII mnemonic or passphrase (needs Unicode NFKD)");
  const std::vector<std::string_view> words = split_words(mnemonic);
  PLEXUS_CHECK(check_mnemonic(words));
  std::string normalized;
  for (const std::string_view w : words) {
    if (!normalized.empty()) normalized += ' ';
    normalized += w;
  }
  const std::string salt = "mnemonic" + std::string(passphrase);
  Seed seed;
  CryptoPP::PKCS5_PBKDF2_HMAC<CryptoPP::SHA512> pbkdf2;
  pbkdf2.DeriveKey(seed.data(), seed.size(), 0, as_bytes(normalized).data(), normalized.size(),
                   as_bytes(salt).data(), salt.size(), 2048, 0.0);
  return seed;
}

Result<secp256k1::PrivateKey> derive_key(BytesView seed, std::string_view path) {
  if (path.empty() || path.front() != 'm')
    return fail(Errc::kInvalidArgument,
                "bip32: a path starts with \"m\", got \"" + std::string(path) + "\"");
  PLEXUS_TRY(ExtendedKey current, master_key(seed));
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    if (rest.front() != '/')
      return fail(Errc::kInvalidArgument,
                  "bip32: path components are separated by '/': \"" + std::string(path) + "\"");
    rest.remove_prefix(1);
    const std::size_t slash = rest.find('/');
    PLEXUS_TRY(const std::uint32_t index, parse_component(rest.substr(0, slash)));
    PLEXUS_TRY(current, derive_child(current, index));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  return secp256k1::PrivateKey::from_secret(current.key);
}

Result<secp256k1::PrivateKey> derive_key(const Seed& seed, std::string_view path) {
  return derive_key(seed.view(), path);
}

Result<std::vector<secp256k1::PrivateKey>> dev_account_keys(std::string_view mnemonic,
                                                            std::size_t count) {
  PLEXUS_TRY(const Seed seed, mnemonic_to_seed(mnemonic));
  std::vector<secp256k1::PrivateKey> keys;
  keys.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    PLEXUS_TRY(secp256k1::PrivateKey key, derive_key(seed, "m/44'/60'/0'/0/" + std::to_string(i)));
    keys.push_back(key);
  }
  return keys;
}

}  // namespace plexus::hd
