#include "messaging/verify.hpp"

#include "core/hex.hpp"

namespace plexus::messaging {
namespace {

std::unexpected<Error> refuse(std::string rule) {
  return fail(Errc::kValidation, "message: " + std::move(rule));
}

}  // namespace

Result<AcceptedMessage> accept_message(BytesView bytes, const Destination& here) {
  if (here.quorum_bps < kMinQuorumBps || here.quorum_bps > 10'000)
    return refuse("a quorum of " + std::to_string(here.quorum_bps) +
                  " basis points is outside 6667..10000");
  PLEXUS_TRY(const SignedMessage signed_message, decode_signed(bytes, here.max_payload));
  const UnsignedMessage& m = signed_message.message;
  if (m.network_id != here.network_id)
    return refuse("for network " + std::to_string(m.network_id) + ", this is network " +
                  std::to_string(here.network_id));
  PLEXUS_TRY(AddressedCall call, decode_addressed_call(m.payload));
  if (call.destination != here.subnet)
    return refuse("addressed to subnet " + to_hex(call.destination) + ", not to this one (" +
                  to_hex(here.subnet) + ")");
  PLEXUS_TRY(const auto set, here.validators(m.source, signed_message.platform_height));
  if (!set)
    return refuse("signed at platform height " + std::to_string(signed_message.platform_height) +
                  ", which this node does not know for subnet " + to_hex(m.source));
  const Hash256 id = message_id(m);
  const consensus::Quorum quorum{here.quorum_bps, 10'000, /*at_least=*/true};
  if (auto verified = consensus::verify_certificate(signed_message.certificate, signing_bytes(id),
                                                    *set, quorum);
      !verified)
    return refuse(verified.error().message);
  // Last: a replayed message is refused for what it is, once it is known to be genuine.
  if (here.delivered(m.source, call.nonce))
    return refuse("nonce " + std::to_string(call.nonce) + " from subnet " + to_hex(m.source) +
                  " was delivered already");
  return AcceptedMessage{id, m.source, std::move(call)};
}

Result<consensus::Certificate> certify_message(
    std::span<const std::pair<std::size_t, bls::Signature>> signatures, std::size_t set_size) {
  return consensus::make_certificate(signatures, set_size);
}

}  // namespace plexus::messaging
