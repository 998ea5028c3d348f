#pragma once
// A node's staking identity: an Ed25519 key pair and a self-signed X.509 certificate for it.
// The node id is the first 20 bytes of SHA-256 of the raw 32-byte public key. Avalanche derives
// its NodeIDs from the staking certificate too (RIPEMD-160 of SHA-256 of the certificate); hashing
// the key rather than the whole certificate keeps the id when the certificate is reissued.
//
// There is no certificate authority: a TLS peer proves it holds the key of its certificate, and
// the transport checks that this key hashes to the node id the peer claims.
#include <filesystem>
#include <memory>

#include <openssl/types.h>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "net/types.hpp"

namespace plexus::net {

using PublicKey = FixedBytes<32>;  // raw Ed25519 public key
using Signature = FixedBytes<64>;  // Ed25519 signature

[[nodiscard]] NodeId node_id_of(const PublicKey& key) noexcept;
[[nodiscard]] bool verify_signature(const PublicKey& key, BytesView message,
                                    const Signature& signature) noexcept;

// The key a certificate carries and the id it names. Fails unless the key is Ed25519.
struct CertificateKey {
  PublicKey public_key{};
  NodeId node_id{};
};
[[nodiscard]] Result<CertificateKey> certificate_key(X509* certificate);
[[nodiscard]] Result<CertificateKey> certificate_key_der(BytesView der);

class Identity {
 public:
  // File names inside the identity directory.
  static constexpr const char* kKeyFile = "staking.key";  // PKCS#8 PEM, mode 0600
  static constexpr const char* kCertFile = "staking.crt";  // X.509 PEM, mode 0600

  // Loads the identity from `dir`, creating the directory (mode 0700), key and certificate on
  // first start.
  // Files are written to a temporary name and renamed, so a crash never leaves half a key. A key
  // file readable by group or others is refused, as ssh refuses one.
  [[nodiscard]] static Result<Identity> load_or_create(const std::filesystem::path& dir);
  // A fresh identity kept only in memory (tests, tools).
  [[nodiscard]] static Result<Identity> generate();

  Identity(Identity&&) noexcept;
  Identity& operator=(Identity&&) noexcept;
  ~Identity();

  [[nodiscard]] const NodeId& node_id() const noexcept { return key_.node_id; }
  [[nodiscard]] const PublicKey& public_key() const noexcept { return key_.public_key; }
  [[nodiscard]] Signature sign(BytesView message) const;
  [[nodiscard]] Bytes certificate_der() const;

  // For the TLS context; owned by the identity.
  [[nodiscard]] EVP_PKEY* private_key() const noexcept { return pkey_.get(); }
  [[nodiscard]] X509* certificate() const noexcept { return cert_.get(); }

 private:
  struct PkeyFree {
    void operator()(EVP_PKEY* p) const noexcept;
  };
  struct X509Free {
    void operator()(X509* p) const noexcept;
  };
  Identity(std::unique_ptr<EVP_PKEY, PkeyFree> pkey, std::unique_ptr<X509, X509Free> cert,
           CertificateKey key) noexcept;

  std::unique_ptr<EVP_PKEY, PkeyFree> pkey_;
  std::unique_ptr<X509, X509Free> cert_;
  CertificateKey key_;

  friend struct IdentityFactory;
};

}  // namespace plexus::net
