#pragma once
// The first message each side sends on a new connection, right after TLS has authenticated the
// certificates. Encoded in the envelope's payload as RLP:
//   [network_id, protocol_version, node_id(20), timestamp,
//    [host, port, address_timestamp, address_signature(64)], signature(64)]
// Two signatures, both by the staking key:
//   - the advertised address is signed on its own (with its timestamp), so it can later be
//     gossiped to third parties who check it against the node id, as Avalanche's signed IPs;
//   - the whole handshake is signed together with a value exported from this TLS session
//     (RFC 8446 §7.5 exporter). A handshake recorded on one connection therefore fails on any
//     other: that is how a replayed handshake is recognised.
#include <cstdint>
#include <expected>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "net/identity.hpp"
#include "net/peer_score.hpp"
#include "net/types.hpp"

namespace plexus::net {

inline constexpr std::uint32_t kProtocolVersion = 1;
inline constexpr std::uint64_t kDefaultMaxClockSkewSeconds = 60;  // Avalanche's limit
inline constexpr std::size_t kMaxHostLength = 64;                 // an IPv6 literal fits
inline constexpr std::size_t kChannelBindingSize = 32;
inline constexpr const char* kChannelBindingLabel = "EXPORTER-plexus-handshake";

struct SignedAddress {
  Endpoint endpoint{};
  std::uint64_t timestamp = 0;  // unix seconds when the node signed it
  Signature signature{};
  friend bool operator==(const SignedAddress&, const SignedAddress&) = default;
};

struct Handshake {
  std::uint32_t network_id = 0;
  std::uint32_t protocol_version = 0;
  NodeId node_id{};
  std::uint64_t timestamp = 0;  // unix seconds at the sender
  SignedAddress address{};
  Signature signature{};
  friend bool operator==(const Handshake&, const Handshake&) = default;
};

[[nodiscard]] Bytes encode_handshake(const Handshake& handshake);
// Structure only (field count, sizes, integer ranges); the rules are verify_handshake's.
[[nodiscard]] Result<Handshake> decode_handshake(BytesView encoded);

// The bytes each signature covers; domain-separated so neither can stand in for the other.
[[nodiscard]] Bytes address_signing_bytes(std::uint32_t network_id, const NodeId& node,
                                          const Endpoint& endpoint, std::uint64_t timestamp);
[[nodiscard]] Bytes handshake_signing_bytes(const Handshake& handshake, BytesView channel_binding);

[[nodiscard]] SignedAddress sign_address(const Identity& identity, std::uint32_t network_id,
                                         const Endpoint& endpoint, std::uint64_t now);
[[nodiscard]] Handshake make_handshake(const Identity& identity, std::uint32_t network_id,
                                       const SignedAddress& address, std::uint64_t now,
                                       BytesView channel_binding);

struct HandshakeRules {
  std::uint32_t network_id = 0;
  std::uint32_t protocol_version = kProtocolVersion;
  std::uint64_t max_clock_skew_seconds = kDefaultMaxClockSkewSeconds;
};

// Why a handshake was refused, with the offense the peer is scored for.
struct Refusal {
  Offense offense = Offense::kMalformedHandshake;
  std::string reason;
};

// Checks a decoded handshake from the peer whose TLS certificate carries `peer_key`, in this
// order: network id, protocol version, node id against the certificate, clock skew, the address
// signature, the handshake signature over `channel_binding`.
[[nodiscard]] std::expected<void, Refusal> verify_handshake(const Handshake& handshake,
                                                            const CertificateKey& peer_key,
                                                            const HandshakeRules& rules,
                                                            std::uint64_t now,
                                                            BytesView channel_binding);

}  // namespace plexus::net
