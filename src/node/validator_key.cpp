#include "node/validator_key.hpp"

#include "core/clock.hpp"
#include "core/hex.hpp"
#include "net/secret_file.hpp"

namespace plexus::node {

Result<bls::SecretKey> load_or_create_bls_key(const std::filesystem::path& data_dir) {
  const std::filesystem::path file = data_dir / "bls.key";
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    PLEXUS_TRY(const Bytes stored, net::read_private_file(file, /*owner_only=*/true));
    auto key = bls::SecretKey::from_bytes(stored);
    if (!key) return fail(Errc::kCorruption, file.string() + ": " + key.error().message);
    return *key;
  }
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(Errc::kIo, "cannot create " + data_dir.string() + ": " + ec.message());
  Bytes seed(32);
  SystemRandom{}.fill(seed);
  PLEXUS_TRY(bls::SecretKey key, bls::SecretKey::key_gen(seed));
  PLEXUS_CHECK(net::write_private_file(file, key.to_bytes().view()));
  return key;
}

Result<secp256k1::PrivateKey> load_relayer_key(const std::filesystem::path& file) {
  PLEXUS_TRY(const Bytes stored, net::read_private_file(file, /*owner_only=*/true));
  std::string text(stored.begin(), stored.end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  const auto secret = from_hex(text);
  if (!secret || secret->size() != 32)
    return fail(Errc::kInvalidArgument,
                file.string() + ": expected a 0x-hex secp256k1 key of 32 bytes");
  auto key = secp256k1::PrivateKey::from_secret(secp256k1::Bytes32::right_aligned(*secret));
  if (!key) return fail(Errc::kInvalidArgument, file.string() + ": " + key.error().message);
  return *key;
}

Result<void> write_relayer_key(const std::filesystem::path& file,
                               const secp256k1::PrivateKey& key) {
  const std::string text = to_hex(key.secret()) + "\n";
  return net::write_private_file(
      file, BytesView(reinterpret_cast<const Byte*>(text.data()), text.size()));
}

}  // namespace plexus::node
