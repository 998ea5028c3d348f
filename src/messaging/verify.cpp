#include "messaging/verify.hpp"

#include <map>
#include <string>

#include "core/hex.hpp"

namespace plexus::messaging {
namespace {

std::unexpected<Error> refuse(std::string rule) {
  return fail(Errc::kValidation, "message: " + std::move(rule));
}

// The certificate's signers (by their keys in `then`, the set it names) must still hold the
// quorum of the source's stake at the delivering block's platform height.
Result<void> check_stake_now(const consensus::Certificate& certificate,
                             std::span<const consensus::CertificateSigner> then,
                             const SubnetKey& source, const Destination& here) {
  PLEXUS_TRY(const auto now, here.validators(source, here.platform_height));
  if (!now)
    return refuse("subnet " + to_hex(source) + " has no validators at platform height " +
                  std::to_string(here.platform_height));
  std::map<std::string, std::uint64_t> weight_now;
  unsigned __int128 total = 0;
  for (const consensus::CertificateSigner& v : *now) {
    weight_now[to_hex(v.key.to_bytes().view())] = v.weight;
    total += v.weight;
  }
  unsigned __int128 signed_weight = 0;
  for (std::size_t i = 0; i < then.size(); ++i) {
    if (((certificate.signers[i / 8] >> (i % 8)) & 1u) == 0) continue;
    const auto it = weight_now.find(to_hex(then[i].key.to_bytes().view()));
    if (it != weight_now.end()) signed_weight += it->second;
  }
  if (signed_weight * 10'000 < total * here.quorum_bps)
    return refuse("the signers no longer hold " + std::to_string(here.quorum_bps / 100) + "." +
                  std::to_string(here.quorum_bps % 100 / 10) +
                  "% of the source's stake at platform height " +
                  std::to_string(here.platform_height) + ": the message must be signed again");
  return {};
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
  const std::uint64_t height = signed_message.platform_height;
  if (height > here.platform_height)
    return refuse("signed at platform height " + std::to_string(height) +
                  ", after this block's platform height " + std::to_string(here.platform_height));
  PLEXUS_TRY(const auto set, here.validators(m.source, height));
  if (!set)
    return refuse("signed at platform height " + std::to_string(height) +
                  ", which this node does not know for subnet " + to_hex(m.source));
  const Hash256 id = message_id(m);
  const consensus::Quorum quorum{here.quorum_bps, 10'000, /*at_least=*/true};
  if (auto verified = consensus::verify_certificate(signed_message.certificate, signing_bytes(id),
                                                    *set, quorum);
      !verified)
    return refuse(verified.error().message);
  if (height != here.platform_height)
    PLEXUS_CHECK(check_stake_now(signed_message.certificate, *set, m.source, here));
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
