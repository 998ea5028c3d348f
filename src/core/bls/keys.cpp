// BLS keys and the decoding of public keys and signatures.
#include <cryptopp/hkdf.h>
#include <cryptopp/sha.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string_view>

#include "core/bls/points.hpp"
#include "core/hash.hpp"

namespace plexus::bls {
namespace {

constexpr std::size_t kKeyGenOkmBytes = 48;  // L = ceil(3 ceil(log2 r) / 16)
constexpr Limbs<4> kOrder = curve::kOrder;

struct FrParams {
  static constexpr std::size_t kN = 4;
  static constexpr Limbs<4> kModulus = curve::kOrder;
};
using Fr = curves::Fp<FrParams>;

// OS2IP(bytes) mod r, by Horner's rule in the scalar field.
Limbs<4> reduce_mod_r(BytesView bytes) {
  const Fr base = Fr::from_u64(256);
  Fr acc = Fr::zero();
  for (const Byte b : bytes) acc = acc * base + Fr::from_u64(b);
  return acc.to_limbs();
}

bool is_zero(const Limbs<4>& k) { return k == Limbs<4>{}; }

}  // namespace

Fq random_fq() {
  // Seeded once per thread from the system: a blind only has to be unknown to whoever times the
  // inversion, and std::random_device itself costs microseconds a call on some machines. 47 bytes
  // are 376 bits, below q (381 bits): every draw is an element; zero is drawn again.
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  for (;;) {
    std::uint8_t bytes[48];
    for (std::size_t i = 0; i < sizeof(bytes); i += 8) {
      const std::uint64_t word = rng();
      std::memcpy(bytes + i, &word, 8);
    }
    const std::optional<Fq> value = Fq::from_be(bytes + 1, 47);
    if (value && !value->is_zero()) return *value;
  }
}

Result<SecretKey> SecretKey::from_bytes(BytesView bytes) {
  if (bytes.size() != SecretKeyBytes::size())
    return fail(Errc::kInvalidArgument, "bls: a secret key is 32 bytes");
  const Limbs<4> k = curves::limbs_from_be<4>(bytes.data());
  if (is_zero(k) || curves::limbs_geq(k, kOrder))
    return fail(Errc::kValidation, "bls: secret key not in [1, r - 1]");
  return detail::Access::make_secret_key(k);
}

Result<SecretKey> SecretKey::key_gen(BytesView ikm, BytesView key_info) {
  if (ikm.size() < 32)
    return fail(Errc::kInvalidArgument, "bls: KeyGen needs at least 32 bytes of IKM");
  constexpr std::string_view kSalt = "BLS-SIG-KEYGEN-SALT-";
  Hash256 salt = sha256(BytesView(reinterpret_cast<const Byte*>(kSalt.data()), kSalt.size()));
  Bytes secret(ikm.begin(), ikm.end());
  secret.push_back(0);  // IKM || I2OSP(0, 1)
  Bytes info(key_info.begin(), key_info.end());
  info.push_back(0);  // key_info || I2OSP(L, 2)
  info.push_back(static_cast<Byte>(kKeyGenOkmBytes));
  for (;;) {
    std::array<Byte, kKeyGenOkmBytes> okm{};
    CryptoPP::HKDF<CryptoPP::SHA256>().DeriveKey(okm.data(), okm.size(), secret.data(),
                                                 secret.size(), salt.data(), salt.size(),
                                                 info.data(), info.size());
    const Limbs<4> k = reduce_mod_r(okm);
    std::fill(okm.begin(), okm.end(), Byte{0});
    if (!is_zero(k)) {
      std::fill(secret.begin(), secret.end(), Byte{0});
      return detail::Access::make_secret_key(k);
    }
    salt = sha256(salt.view());
  }
}

SecretKey::~SecretKey() {
  volatile std::uint64_t* p = scalar_.data();
  for (std::size_t i = 0; i < scalar_.size(); ++i) p[i] = 0;
}

SecretKeyBytes SecretKey::to_bytes() const {
  SecretKeyBytes out;
  for (std::size_t i = 0; i < 32; ++i)
    out[31 - i] = static_cast<Byte>(scalar_[i / 8] >> (8 * (i % 8)));
  return out;
}

PublicKey SecretKey::public_key() const {
  const auto g = Jacobian<Fq>::from(curve::kG1Generator);
  return detail::Access::make_public_key(to_affine_secret(mul_secret(g, scalar_)));
}

Result<PublicKey> PublicKey::from_bytes(BytesView bytes) {
  if (bytes.size() != PublicKeyBytes::size())
    return fail(Errc::kInvalidArgument, "bls: a public key is 48 bytes");
  PLEXUS_TRY(const G1 p, curve::decompress_g1(bytes.data()));
  if (p.infinity) return fail(Errc::kValidation, "bls: the public key is the point at infinity");
  return detail::Access::make_public_key(p);
}

Result<Signature> Signature::from_bytes(BytesView bytes) {
  if (bytes.size() != SignatureBytes::size())
    return fail(Errc::kInvalidArgument, "bls: a signature is 96 bytes");
  PLEXUS_TRY(const G2 p, curve::decompress_g2(bytes.data()));
  return detail::Access::make_signature(p);
}

bool Signature::is_infinity() const { return detail::Access::point(*this).infinity; }

}  // namespace plexus::bls
