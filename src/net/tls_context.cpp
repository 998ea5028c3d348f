#include "net/tls_context.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstring>

#include "net/handshake.hpp"

namespace plexus::net {

namespace {

int accept_any_certificate(int /*preverify_ok*/, X509_STORE_CTX* /*store*/) { return 1; }

}  // namespace

Result<void> configure_tls(SSL_CTX* context, const Identity& identity) {
  const bool ok = SSL_CTX_set_min_proto_version(context, TLS1_3_VERSION) == 1 &&
                  SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1 &&
                  SSL_CTX_use_certificate(context, identity.certificate()) == 1 &&
                  SSL_CTX_use_PrivateKey(context, identity.private_key()) == 1 &&
                  SSL_CTX_check_private_key(context) == 1 &&
                  SSL_CTX_set_num_tickets(context, 0) == 1;
  if (!ok) return fail(Errc::kInternal, "tls: cannot configure the context with the staking key");
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     accept_any_certificate);
  return {};
}

Result<Bytes> channel_binding(SSL* ssl) {
  Bytes out(kChannelBindingSize);
  if (SSL_export_keying_material(ssl, out.data(), out.size(), kChannelBindingLabel,
                                 std::strlen(kChannelBindingLabel), nullptr, 0, 0) != 1)
    return fail(Errc::kInternal, "tls: cannot export the channel binding");
  return out;
}

Result<CertificateKey> peer_certificate_key(SSL* ssl) {
  X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr) return fail(Errc::kValidation, "tls: the peer presented no certificate");
  return certificate_key(cert);
}

}  // namespace plexus::net
