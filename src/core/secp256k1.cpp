#include "core/secp256k1.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <random>

#include "core/hash.hpp"

namespace plexus::secp256k1 {

const Bytes32 kCurveOrder{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                           0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                           0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41}};
const Bytes32 kHalfCurveOrder{{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                               0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0}};

namespace {

// One context for the whole process. After creation and randomisation libsecp256k1 only reads
// it, so concurrent use from many threads is safe; the function-local static makes creation
// itself thread-safe. Randomisation only blinds signing against side channels: results do not
// depend on it.
const secp256k1_context* context() {
  static const secp256k1_context* const ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    std::random_device rd;
    std::array<unsigned char, 32> seed{};
    for (auto& b : seed) b = static_cast<unsigned char>(rd());
    // A failure leaves the context unblinded, which is still correct.
    [[maybe_unused]] const int blinded = secp256k1_context_randomize(c, seed.data());
    return c;
  }();
  return ctx;
}

bool in_key_range(const Bytes32& v) noexcept { return !v.is_zero() && v < kCurveOrder; }

PublicKey serialize(const secp256k1_pubkey& pub) {
  std::array<unsigned char, 65> out{};
  std::size_t len = out.size();
  (void)secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  PublicKey key;
  std::copy(out.begin() + 1, out.end(), key.bytes.begin());  // drop the 0x04 prefix
  return key;
}

}  // namespace

Result<PrivateKey> PrivateKey::from_secret(const Bytes32& secret) {
  if (!in_key_range(secret))
    return fail(Errc::kInvalidArgument, "secp256k1: private key outside [1, n-1]");
  return PrivateKey(secret);
}

PrivateKey PrivateKey::from_seed(BytesView seed) {
  Hash256 h = keccak256(seed);
  while (!in_key_range(h)) h = keccak256(h.view());
  return PrivateKey(h);
}

PublicKey PrivateKey::public_key() const {
  secp256k1_pubkey pub;
  // Cannot fail: the secret was range-checked on construction.
  [[maybe_unused]] const int created = secp256k1_ec_pubkey_create(context(), &pub, secret_.data());
  return serialize(pub);
}

Address PrivateKey::address() const { return address_from_public_key(public_key()); }

Address address_from_public_key(const PublicKey& key) noexcept {
  return Address::right_aligned(keccak256(key.view()).view());
}

RecoverableSignature sign(const Hash256& hash, const PrivateKey& key) {
  secp256k1_ecdsa_recoverable_signature sig;
  // Cannot fail with a valid key and the default RFC 6979 nonce function.
  (void)secp256k1_ecdsa_sign_recoverable(context(), &sig, hash.data(), key.secret().data(), nullptr,
                                         nullptr);
  std::array<unsigned char, 64> compact{};
  int recid = 0;
  (void)secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact.data(), &recid,
                                                                &sig);
  RecoverableSignature out;
  std::copy(compact.begin(), compact.begin() + 32, out.r.bytes.begin());
  std::copy(compact.begin() + 32, compact.end(), out.s.bytes.begin());
  out.recovery_id = static_cast<std::uint8_t>(recid);
  return out;
}

bool signature_values_valid(const Bytes32& r, const Bytes32& s, SRule rule) noexcept {
  if (!in_key_range(r) || !in_key_range(s)) return false;
  return rule == SRule::kAnyS || s <= kHalfCurveOrder;
}

Result<PublicKey> recover_public_key(const Hash256& hash, const RecoverableSignature& sig,
                                     SRule rule) {
  if (!signature_values_valid(sig.r, sig.s, rule))
    return fail(Errc::kValidation, "secp256k1: signature r or s out of range");
  // Ids 2 and 3 (r >= n as an x coordinate) never occur in Ethereum.
  if (sig.recovery_id > 1) return fail(Errc::kValidation, "secp256k1: recovery id must be 0 or 1");
  std::array<unsigned char, 64> compact{};
  std::copy(sig.r.bytes.begin(), sig.r.bytes.end(), compact.begin());
  std::copy(sig.s.bytes.begin(), sig.s.bytes.end(), compact.begin() + 32);
  secp256k1_ecdsa_recoverable_signature parsed;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &parsed, compact.data(),
                                                           sig.recovery_id))
    return fail(Errc::kValidation, "secp256k1: malformed signature");
  secp256k1_pubkey pub;
  if (!secp256k1_ecdsa_recover(context(), &pub, &parsed, hash.data()))
    return fail(Errc::kValidation, "secp256k1: public key recovery failed");
  return serialize(pub);
}

Result<Address> recover_address(const Hash256& hash, const RecoverableSignature& sig, SRule rule) {
  PLEXUS_TRY(PublicKey key, recover_public_key(hash, sig, rule));
  return address_from_public_key(key);
}

}  // namespace plexus::secp256k1
