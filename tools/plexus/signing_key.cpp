#include "signing_key.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;

Result<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail(Errc::kNotFound, "cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::unexpected<Error> bad_keystore(const std::string& what) {
  return fail(Errc::kInvalidArgument, "keystore: " + what);
}

Result<Bytes> hex_member(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string())
    return bad_keystore(std::string("no \"") + key + "\"");
  std::string text = object[key].get<std::string>();
  if (!text.starts_with("0x")) text = "0x" + text;
  auto bytes = from_hex(text);
  if (!bytes) return bad_keystore(std::string("\"") + key + "\" is not hex");
  return *bytes;
}

Result<std::uint64_t> number_member(const json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_number_unsigned())
    return bad_keystore(std::string("kdfparams has no \"") + key + "\"");
  return object[key].get<std::uint64_t>();
}

// The derived key of a keystore's kdf section (32 bytes).
Result<Bytes> derive(const json& crypto, std::string_view password) {
  const json& params = crypto["kdfparams"];
  if (!params.is_object()) return bad_keystore("no kdfparams");
  PLEXUS_TRY(const Bytes salt, hex_member(params, "salt"));
  PLEXUS_TRY(const std::uint64_t dklen, number_member(params, "dklen"));
  if (dklen != 32) return bad_keystore("dklen must be 32");
  Bytes out(32);
  const std::string kdf = crypto.value("kdf", "");
  if (kdf == "scrypt") {
    PLEXUS_TRY(const std::uint64_t n, number_member(params, "n"));
    PLEXUS_TRY(const std::uint64_t r, number_member(params, "r"));
    PLEXUS_TRY(const std::uint64_t p, number_member(params, "p"));
    if (n < 2 || (n & (n - 1)) != 0 || n > (1u << 24) || r == 0 || r > 64 || p == 0 || p > 16)
      return bad_keystore("scrypt parameters out of range");
    if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n, r, p,
                       std::uint64_t{2} << 30, out.data(), out.size()) != 1)
      return fail(Errc::kInternal, "keystore: scrypt failed");
  } else if (kdf == "pbkdf2") {
    PLEXUS_TRY(const std::uint64_t c, number_member(params, "c"));
    if (params.value("prf", "") != "hmac-sha256") return bad_keystore("pbkdf2 needs hmac-sha256");
    if (c == 0 || c > 10'000'000) return bad_keystore("pbkdf2 iterations out of range");
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), static_cast<int>(c), EVP_sha256(),
                          static_cast<int>(out.size()), out.data()) != 1)
      return fail(Errc::kInternal, "keystore: pbkdf2 failed");
  } else {
    return bad_keystore("kdf \"" + kdf + "\" is not scrypt or pbkdf2");
  }
  return out;
}

// AES-128-CTR is its own inverse.
Result<Bytes> aes128_ctr(BytesView key, BytesView iv, BytesView input) {
  if (key.size() != 16 || iv.size() != 16)
    return bad_keystore("AES-128-CTR needs 16-byte key and iv");
  Bytes out(input.size());
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int written = 0;
  int final_written = 0;
  const bool ok = ctx != nullptr &&
                  EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, key.data(), iv.data()) == 1 &&
                  EVP_EncryptUpdate(ctx, out.data(), &written, input.data(),
                                    static_cast<int>(input.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx, out.data() + written, &final_written) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return fail(Errc::kInternal, "keystore: AES-128-CTR failed");
  return out;
}

Hash256 keystore_mac(BytesView derived, BytesView ciphertext) {
  Bytes preimage(derived.begin() + 16, derived.begin() + 32);
  preimage.insert(preimage.end(), ciphertext.begin(), ciphertext.end());
  return keccak256(preimage);
}

}  // namespace

Result<secp256k1::PrivateKey> read_key_file(const std::filesystem::path& file) {
  PLEXUS_TRY(std::string text, read_text(file));
  text = trimmed(std::move(text));
  if (!text.starts_with("0x")) text = "0x" + text;
  const auto secret = fixed_from_hex<32>(text);
  if (!secret)
    return fail(Errc::kInvalidArgument, file.string() + ": expected 0x and 64 hex digits");
  return secp256k1::PrivateKey::from_secret(*secret);
}

Result<secp256k1::PrivateKey> decrypt_keystore(std::string_view text, std::string_view password) {
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return bad_keystore("not a JSON object");
  if (root.value("version", 0) != 3) return bad_keystore("version is not 3");
  const json& crypto = root.contains("crypto") ? root["crypto"] : root["Crypto"];
  if (!crypto.is_object()) return bad_keystore("no crypto section");
  if (crypto.value("cipher", "") != "aes-128-ctr") return bad_keystore("cipher is not aes-128-ctr");
  PLEXUS_TRY(const Bytes ciphertext, hex_member(crypto, "ciphertext"));
  PLEXUS_TRY(const Bytes iv, hex_member(crypto["cipherparams"], "iv"));
  PLEXUS_TRY(const Bytes mac, hex_member(crypto, "mac"));
  PLEXUS_TRY(const Bytes derived, derive(crypto, password));
  if (to_bytes(keystore_mac(derived, ciphertext).view()) != mac)
    return fail(Errc::kValidation, "keystore: wrong password (the MAC does not match)");
  PLEXUS_TRY(const Bytes plain, aes128_ctr(BytesView(derived).first(16), iv, ciphertext));
  if (plain.size() != 32) return bad_keystore("the key is not 32 bytes");
  return secp256k1::PrivateKey::from_secret(secp256k1::Bytes32::right_aligned(plain));
}

Result<std::string> encrypt_keystore(const secp256k1::PrivateKey& key, std::string_view password,
                                     BytesView salt, BytesView iv, std::uint64_t scrypt_n) {
  const json kdf_params = {
      {"dklen", 32}, {"n", scrypt_n}, {"r", 8}, {"p", 1}, {"salt", to_hex(salt).substr(2)}};
  json crypto = {{"cipher", "aes-128-ctr"}, {"kdf", "scrypt"}, {"kdfparams", kdf_params}};
  PLEXUS_TRY(const Bytes derived, derive(crypto, password));
  PLEXUS_TRY(const Bytes ciphertext,
             aes128_ctr(BytesView(derived).first(16), iv, key.secret().view()));
  crypto["ciphertext"] = to_hex(ciphertext).substr(2);
  crypto["cipherparams"] = {{"iv", to_hex(iv).substr(2)}};
  crypto["mac"] = to_hex(keystore_mac(derived, ciphertext)).substr(2);
  const json out = {
      {"version", 3}, {"address", to_hex(key.address()).substr(2)}, {"crypto", crypto}};
  return out.dump(2) + "\n";
}

Result<secp256k1::PrivateKey> load_signing_key(const KeySource& source) {
  if (source.key_file.empty() == source.keystore.empty())
    return fail(Errc::kInvalidArgument,
                "give the signing key with --key-file (development) or --keystore (keystore v3)");
  if (!source.key_file.empty()) return read_key_file(source.key_file);
  PLEXUS_TRY(const std::string text, read_text(source.keystore));
  std::string password;
  if (!source.password_file.empty()) {
    PLEXUS_TRY(password, read_text(source.password_file));
    password = trimmed(std::move(password));
  } else if (const char* env = std::getenv("PLEXUS_KEYSTORE_PASSWORD")) {
    password = env;
  } else {
    return fail(Errc::kInvalidArgument,
                "the keystore's password: --password-file or $PLEXUS_KEYSTORE_PASSWORD");
  }
  return decrypt_keystore(text, password);
}

}  // namespace plexus::cli
