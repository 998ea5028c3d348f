#include "net/handshake.hpp"

#include <string>
#include <vector>

#include "core/rlp.hpp"

namespace plexus::net {

namespace {

void append_address(Bytes& out, const SignedAddress& address) {
  Bytes body;
  rlp::append_string(body, as_bytes(address.endpoint.host));
  rlp::append_uint(body, address.endpoint.port);
  rlp::append_uint(body, address.timestamp);
  rlp::append_string(body, address.signature.view());
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
}

// The handshake's fields up to (not including) its signature, as RLP items.
void append_body(Bytes& out, const Handshake& h) {
  rlp::append_uint(out, h.network_id);
  rlp::append_uint(out, h.protocol_version);
  rlp::append_string(out, h.node_id.view());
  rlp::append_uint(out, h.timestamp);
  append_address(out, h.address);
}

Bytes as_list(const Bytes& body) {
  Bytes out;
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<std::uint64_t> read_uint(const rlp::Item& item, std::uint64_t max, const char* field) {
  if (item.is_list) return fail(Errc::kDecode, std::string("handshake: ") + field + " is a list");
  PLEXUS_TRY(const std::uint64_t value, rlp::to_uint64(item));
  if (value > max)
    return fail(Errc::kDecode, std::string("handshake: ") + field + " out of range");
  return value;
}

template <std::size_t N>
Result<FixedBytes<N>> read_fixed(const rlp::Item& item, const char* field) {
  if (item.is_list || item.payload.size() != N)
    return fail(Errc::kDecode, std::string("handshake: ") + field + " must be " +
                                   std::to_string(N) + " bytes");
  return FixedBytes<N>::right_aligned(item.payload);
}

Result<std::vector<rlp::Item>> read_list(const rlp::Item& item, std::size_t count, const char* what) {
  if (!item.is_list) return fail(Errc::kDecode, std::string("handshake: ") + what + " is not a list");
  PLEXUS_TRY(std::vector<rlp::Item> fields, rlp::list_items(item));
  if (fields.size() != count)
    return fail(Errc::kDecode, std::string("handshake: ") + what + " needs " +
                                   std::to_string(count) + " fields, got " +
                                   std::to_string(fields.size()));
  return fields;
}

Result<SignedAddress> read_address(const rlp::Item& item) {
  PLEXUS_TRY(const auto fields, read_list(item, 4, "address"));
  if (fields[0].is_list || fields[0].payload.empty() || fields[0].payload.size() > kMaxHostLength)
    return fail(Errc::kDecode, "handshake: address host must be 1 to " +
                                   std::to_string(kMaxHostLength) + " bytes");
  SignedAddress out;
  out.endpoint.host.assign(fields[0].payload.begin(), fields[0].payload.end());
  PLEXUS_TRY(const std::uint64_t port, read_uint(fields[1], 65535, "port"));
  out.endpoint.port = static_cast<std::uint16_t>(port);
  PLEXUS_TRY(out.timestamp, read_uint(fields[2], UINT64_MAX, "address timestamp"));
  PLEXUS_TRY(out.signature, read_fixed<64>(fields[3], "address signature"));
  return out;
}

}  // namespace

Bytes encode_handshake(const Handshake& handshake) {
  Bytes body;
  append_body(body, handshake);
  rlp::append_string(body, handshake.signature.view());
  return as_list(body);
}

Result<Handshake> decode_handshake(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  PLEXUS_TRY(const auto fields, read_list(item, 6, "handshake"));
  Handshake h;
  PLEXUS_TRY(const std::uint64_t network, read_uint(fields[0], UINT32_MAX, "network id"));
  PLEXUS_TRY(const std::uint64_t version, read_uint(fields[1], UINT32_MAX, "protocol version"));
  h.network_id = static_cast<std::uint32_t>(network);
  h.protocol_version = static_cast<std::uint32_t>(version);
  PLEXUS_TRY(h.node_id, read_fixed<20>(fields[2], "node id"));
  PLEXUS_TRY(h.timestamp, read_uint(fields[3], UINT64_MAX, "timestamp"));
  PLEXUS_TRY(h.address, read_address(fields[4]));
  PLEXUS_TRY(h.signature, read_fixed<64>(fields[5], "signature"));
  return h;
}

Bytes address_signing_bytes(std::uint32_t network_id, const NodeId& node, const Endpoint& endpoint,
                            std::uint64_t timestamp) {
  Bytes body;
  rlp::append_string(body, as_bytes("plexus/address/v1"));
  rlp::append_uint(body, network_id);
  rlp::append_string(body, node.view());
  rlp::append_string(body, as_bytes(endpoint.host));
  rlp::append_uint(body, endpoint.port);
  rlp::append_uint(body, timestamp);
  return as_list(body);
}

Bytes handshake_signing_bytes(const Handshake& handshake, BytesView channel_binding) {
  Bytes body;
  rlp::append_string(body, as_bytes("plexus/handshake/v1"));
  append_body(body, handshake);
  rlp::append_string(body, channel_binding);
  return as_list(body);
}

SignedAddress sign_address(const Identity& identity, std::uint32_t network_id,
                           const Endpoint& endpoint, std::uint64_t now) {
  return SignedAddress{
      .endpoint = endpoint,
      .timestamp = now,
      .signature = identity.sign(address_signing_bytes(network_id, identity.node_id(), endpoint, now))};
}

Handshake make_handshake(const Identity& identity, std::uint32_t network_id,
                         const SignedAddress& address, std::uint64_t now,
                         BytesView channel_binding) {
  Handshake h{.network_id = network_id,
              .protocol_version = kProtocolVersion,
              .node_id = identity.node_id(),
              .timestamp = now,
              .address = address,
              .signature = {}};
  h.signature = identity.sign(handshake_signing_bytes(h, channel_binding));
  return h;
}

std::expected<void, Refusal> verify_handshake(const Handshake& h, const CertificateKey& peer_key,
                                              const HandshakeRules& rules, std::uint64_t now,
                                              BytesView channel_binding) {
  auto refuse = [](Offense offense, std::string reason) {
    return std::unexpected(Refusal{.offense = offense, .reason = "handshake: " + std::move(reason)});
  };
  if (h.network_id != rules.network_id)
    return refuse(Offense::kWrongNetwork, "network id " + std::to_string(h.network_id) +
                                              " is not ours (" + std::to_string(rules.network_id) + ")");
  if (h.protocol_version != rules.protocol_version)
    return refuse(Offense::kIncompatibleVersion,
                  "protocol version " + std::to_string(h.protocol_version) + " is not ours (" +
                      std::to_string(rules.protocol_version) + ")");
  if (h.node_id != peer_key.node_id)
    return refuse(Offense::kIdentityMismatch,
                  "the claimed node id is not the one of the peer's certificate key");
  const std::uint64_t skew = h.timestamp > now ? h.timestamp - now : now - h.timestamp;
  if (skew > rules.max_clock_skew_seconds)
    return refuse(Offense::kClockSkew, "clock skew of " + std::to_string(skew) +
                                           " s is over the limit of " +
                                           std::to_string(rules.max_clock_skew_seconds) + " s");
  // A signed address may be old (it is signed once and reused) but not from the future.
  if (h.address.timestamp > now && h.address.timestamp - now > rules.max_clock_skew_seconds)
    return refuse(Offense::kBadAddressSignature, "the advertised address is signed in the future");
  if (!verify_signature(peer_key.public_key,
                        address_signing_bytes(h.network_id, h.node_id, h.address.endpoint,
                                              h.address.timestamp),
                        h.address.signature))
    return refuse(Offense::kBadAddressSignature, "the advertised address signature is invalid");
  if (!verify_signature(peer_key.public_key, handshake_signing_bytes(h, channel_binding),
                        h.signature))
    return refuse(Offense::kReplayedHandshake,
                  "the signature does not cover this connection (replayed or forged)");
  return {};
}

}  // namespace plexus::net
