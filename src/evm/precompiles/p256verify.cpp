// 0x100 P256VERIFY (EIP-7951, Osaka): ECDSA verification over secp256r1 with OpenSSL 3.
//
// Every malformed input (wrong length, r or s outside [1, n), a coordinate not below p, a point
// off the curve or at infinity) and every signature that does not verify give the same answer,
// empty output with the gas consumed; only a valid signature returns 32-byte 1. OpenSSL's ECDSA
// verification already computes R = h/s G + r/s Q and compares R.x mod n with r, rejecting a
// result at infinity, which is the EIP's rule.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <memory>

#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles::builtin {
namespace {

constexpr std::size_t kInputSize = 160;
constexpr std::size_t kWord = 32;

// The group order n and field prime p of secp256r1 (SEC 2, section 2.4.2), big-endian.
constexpr Byte kOrder[kWord] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
constexpr Byte kPrime[kWord] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// Big-endian 32-byte comparison.
bool below(const Byte* value, const Byte* bound) {
  return std::lexicographical_compare(value, value + kWord, bound, bound + kWord);
}
bool is_zero(const Byte* value) {
  return std::all_of(value, value + kWord, [](Byte b) { return b == 0; });
}

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Free>;

// The public key (x, y), or null when it is not a point of the curve.
Owned<EVP_PKEY> public_key(const Byte* x, const Byte* y) {
  Byte encoded[1 + 2 * kWord];
  encoded[0] = 0x04;  // SEC 1 uncompressed
  std::copy_n(x, kWord, encoded + 1);
  std::copy_n(y, kWord, encoded + 1 + kWord);
  const Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
  if (!build ||
      !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded,
                                        sizeof(encoded)))
    return nullptr;
  const Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
  const Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  Owned<EVP_PKEY> owned(key);
  // fromdata decodes the point; the explicit check rejects one off the curve.
  const Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, owned.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return owned;
}

bool verifies(BytesView in) {
  const Byte* h = in.data();
  const Byte* r = h + kWord;
  const Byte* s = r + kWord;
  const Byte* x = s + kWord;
  const Byte* y = x + kWord;
  if (is_zero(r) || is_zero(s) || !below(r, kOrder) || !below(s, kOrder)) return false;
  if (!below(x, kPrime) || !below(y, kPrime) || (is_zero(x) && is_zero(y))) return false;
  const Owned<EVP_PKEY> key = public_key(x, y);
  if (!key) return false;

  Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
  BIGNUM* r_bn = BN_bin2bn(r, kWord, nullptr);
  BIGNUM* s_bn = BN_bin2bn(s, kWord, nullptr);
  if (!sig || !r_bn || !s_bn || ECDSA_SIG_set0(sig.get(), r_bn, s_bn) != 1) {
    BN_free(r_bn);
    BN_free(s_bn);
    return false;
  }
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len <= 0) return false;
  const std::unique_ptr<unsigned char, void (*)(unsigned char*)> der_owner(
      der, [](unsigned char* p) { OPENSSL_free(p); });
  const Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  // No digest set: the 32 input bytes are the message hash itself.
  return ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
         EVP_PKEY_verify(ctx.get(), der, static_cast<std::size_t>(der_len), h, kWord) == 1;
}

}  // namespace

Result<Bytes> p256verify(BytesView input) {
  if (input.size() != kInputSize || !verifies(input)) return Bytes{};
  Bytes out(kWord, 0);
  out[kWord - 1] = 1;
  return out;
}

}  // namespace plexus::evm::precompiles::builtin
