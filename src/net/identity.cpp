#include "net/identity.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <string>
#include <system_error>

#include "core/clock.hpp"
#include "core/hash.hpp"
#include "net/secret_file.hpp"

namespace plexus::net {

void Identity::PkeyFree::operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
void Identity::X509Free::operator()(X509* p) const noexcept { X509_free(p); }

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype([](EVP_PKEY* p) { EVP_PKEY_free(p); })>;
using X509Ptr = std::unique_ptr<X509, decltype([](X509* p) { X509_free(p); })>;
using BioPtr = std::unique_ptr<BIO, decltype([](BIO* p) { BIO_free(p); })>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype([](EVP_MD_CTX* p) { EVP_MD_CTX_free(p); })>;

}  // namespace

NodeId node_id_of(const PublicKey& key) noexcept {
  const Hash256 digest = sha256(key.view());
  NodeId id;
  std::copy_n(digest.bytes.begin(), NodeId::size(), id.bytes.begin());
  return id;
}

bool verify_signature(const PublicKey& key, BytesView message, const Signature& signature) noexcept {
  PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx) return false;
  // Ed25519 is a one-shot scheme: no digest is named, the message is hashed inside.
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                          message.size()) == 1;
}

namespace {

Result<CertificateKey> key_of(EVP_PKEY* pkey) {
  if (pkey == nullptr || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519)
    return fail(Errc::kValidation, "identity: the certificate's key is not Ed25519");
  CertificateKey out;
  std::size_t length = out.public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey, out.public_key.data(), &length) != 1 ||
      length != out.public_key.size())
    return fail(Errc::kValidation, "identity: cannot read the Ed25519 public key");
  out.node_id = node_id_of(out.public_key);
  return out;
}

Result<Bytes> bio_contents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  if (n <= 0 || data == nullptr) return fail(Errc::kInternal, "identity: PEM encoding failed");
  return Bytes(reinterpret_cast<const Byte*>(data), reinterpret_cast<const Byte*>(data) + n);
}

Result<PkeyPtr> new_key() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!pkey) return fail(Errc::kInternal, "identity: Ed25519 key generation failed");
  return pkey;
}

// Self-signed, version 3, CN "plexus node", valid for 100 years: the certificate only carries
// the key through the TLS handshake, nobody checks its dates or names.
Result<X509Ptr> self_signed(EVP_PKEY* pkey) {
  X509Ptr cert(X509_new());
  if (!cert) return fail(Errc::kInternal, "identity: X509_new failed");
  SystemRandom random;
  const std::uint64_t serial = random.next_u64() >> 1;  // positive
  bool ok = X509_set_version(cert.get(), 2) == 1 &&
            ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), 100L * 365 * 24 * 3600) != nullptr &&
            X509_set_pubkey(cert.get(), pkey) == 1;
  X509_NAME* name = X509_get_subject_name(cert.get());
  ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        reinterpret_cast<const unsigned char*>("plexus node"), -1,
                                        -1, 0) == 1;
  ok = ok && X509_set_issuer_name(cert.get(), name) == 1;
  ok = ok && X509_sign(cert.get(), pkey, nullptr) > 0;  // Ed25519 takes no separate digest
  if (!ok) return fail(Errc::kInternal, "identity: cannot build the self-signed certificate");
  return cert;
}

Result<Bytes> key_pem(EVP_PKEY* pkey) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return fail(Errc::kInternal, "identity: cannot encode the key");
  return bio_contents(bio.get());
}

Result<Bytes> cert_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
    return fail(Errc::kInternal, "identity: cannot encode the certificate");
  return bio_contents(bio.get());
}

Result<PkeyPtr> parse_key(BytesView pem, const std::filesystem::path& path) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519)
    return fail(Errc::kCorruption, "identity: " + path.string() + " is not an Ed25519 PEM key");
  return pkey;
}

Result<X509Ptr> parse_cert(BytesView pem, const std::filesystem::path& path) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return fail(Errc::kCorruption, "identity: " + path.string() + " is not a PEM certificate");
  return cert;
}

}  // namespace

Result<CertificateKey> certificate_key(X509* certificate) {
  if (certificate == nullptr) return fail(Errc::kValidation, "identity: no certificate");
  return key_of(X509_get0_pubkey(certificate));
}

Result<CertificateKey> certificate_key_der(BytesView der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size())
    return fail(Errc::kDecode, "identity: not a DER certificate");
  return certificate_key(cert.get());
}

// Lets the free functions above build an Identity through its private constructor.
struct IdentityFactory {
  static Result<Identity> make(PkeyPtr pkey, X509Ptr cert) {
    PLEXUS_TRY(const CertificateKey from_cert, certificate_key(cert.get()));
    PLEXUS_TRY(const CertificateKey from_key, key_of(pkey.get()));
    if (from_cert.public_key != from_key.public_key)
      return fail(Errc::kCorruption, "identity: the certificate is not for the staking key");
    return Identity(std::unique_ptr<EVP_PKEY, Identity::PkeyFree>(pkey.release()),
                    std::unique_ptr<X509, Identity::X509Free>(cert.release()), from_cert);
  }
};

Identity::Identity(std::unique_ptr<EVP_PKEY, PkeyFree> pkey, std::unique_ptr<X509, X509Free> cert,
                   CertificateKey key) noexcept
    : pkey_(std::move(pkey)), cert_(std::move(cert)), key_(key) {}
Identity::Identity(Identity&&) noexcept = default;
Identity& Identity::operator=(Identity&&) noexcept = default;
Identity::~Identity() = default;

Result<Identity> Identity::generate() {
  PLEXUS_TRY(PkeyPtr pkey, new_key());
  PLEXUS_TRY(X509Ptr cert, self_signed(pkey.get()));
  return IdentityFactory::make(std::move(pkey), std::move(cert));
}

Result<Identity> Identity::load_or_create(const std::filesystem::path& dir) {
  std::error_code ec;
  // A directory made here holds only the staking files, so it is made owner-only too; an
  // existing one (the node's data directory) is left as its owner set it.
  if (std::filesystem::create_directories(dir, ec))
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  if (ec) return fail(Errc::kIo, "identity: cannot create " + dir.string() + ": " + ec.message());
  const auto key_path = dir / kKeyFile;
  const auto cert_path = dir / kCertFile;

  PkeyPtr pkey;
  auto key_file = read_private_file(key_path, /*owner_only=*/true);
  if (key_file) {
    PLEXUS_TRY(pkey, parse_key(*key_file, key_path));
  } else if (key_file.error().code == Errc::kNotFound) {
    PLEXUS_TRY(pkey, new_key());
    PLEXUS_TRY(const Bytes pem, key_pem(pkey.get()));
    PLEXUS_CHECK(write_private_file(key_path, pem));
  } else {
    return std::unexpected(key_file.error());
  }

  // The key is written first: a crash before the certificate leaves a key, and the next start
  // issues its certificate, keeping the node id.
  X509Ptr cert;
  auto cert_file = read_private_file(cert_path, /*owner_only=*/false);
  if (cert_file) {
    PLEXUS_TRY(cert, parse_cert(*cert_file, cert_path));
  } else if (cert_file.error().code == Errc::kNotFound) {
    PLEXUS_TRY(cert, self_signed(pkey.get()));
    PLEXUS_TRY(const Bytes pem, cert_pem(cert.get()));
    PLEXUS_CHECK(write_private_file(cert_path, pem));
  } else {
    return std::unexpected(cert_file.error());
  }
  return IdentityFactory::make(std::move(pkey), std::move(cert));
}

Signature Identity::sign(BytesView message) const {
  Signature out;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t length = out.size();
  // Signing with a valid in-memory Ed25519 key fails only when allocation fails.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), out.data(), &length, message.data(), message.size()) != 1)
    throw std::bad_alloc();
  return out;
}

Bytes Identity::certificate_der() const {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert_.get(), &der);
  if (n <= 0) throw std::bad_alloc();
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

}  // namespace plexus::net
