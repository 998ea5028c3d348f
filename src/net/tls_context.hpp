#pragma once
// OpenSSL settings shared by both ends of every connection.
//   - TLS 1.3 only; no session resumption, so every connection shows its certificate afresh.
//   - Both sides must present a certificate. There is no CA to chain to: the verification
//     callback accepts any certificate, because TLS itself has proved the peer holds the
//     certificate's key, and the transport then checks that this key hashes to the node id the
//     peer claims (net/handshake.hpp).
#include <openssl/types.h>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "net/identity.hpp"

namespace plexus::net {

[[nodiscard]] Result<void> configure_tls(SSL_CTX* context, const Identity& identity);
// A value both ends of this TLS session derive and nobody else can (RFC 8446 §7.5); the
// handshake signature covers it.
[[nodiscard]] Result<Bytes> channel_binding(SSL* ssl);
// The key of the certificate the peer presented.
[[nodiscard]] Result<CertificateKey> peer_certificate_key(SSL* ssl);

}  // namespace plexus::net
