#include "node/validator_key.hpp"

#include "core/clock.hpp"
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

}  // namespace plexus::node
