#pragma once
// The rules a destination subnet applies to a signed message before it delivers it
// (docs/MESSAGING.md, Acceptance). Each refusal is kValidation (kDecode for malformed bytes)
// with a message naming the rule; nothing here changes state, so a refused message leaves the
// block that carried it valid and nothing delivered.
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "messaging/message.hpp"

namespace plexus::messaging {

// Basis points of the source subnet's stake that must sign: at least 67% by default; a subnet
// may ask for more, never for 2/3 or less.
inline constexpr std::uint32_t kDefaultQuorumBps = 6700;
inline constexpr std::uint32_t kMinQuorumBps = 6667;

// The source subnet's validators at a platform height, in certificate order (decoded keys: a node
// caches them per height, since decompressing 100 keys costs more than the pairing); nullopt
// when this node does not know that height, or the subnet did not exist then.
using ValidatorsAt = std::function<Result<std::optional<std::vector<consensus::CertificateSigner>>>(
    const SubnetKey& source, std::uint64_t platform_height)>;

struct Destination {
  std::uint32_t network_id = 0;
  SubnetKey subnet{};
  std::size_t max_payload = kDefaultMaxPayload;
  std::uint32_t quorum_bps = kDefaultQuorumBps;
  // The platform height of the block that delivers (exec::BlockContext::platform_height). A
  // certificate from a later height is refused: not every node need know it yet. One from an
  // earlier height must also hold the quorum of the source's stake at this height, so that a
  // certificate of a set that has since lost its stake stops counting and the new set signs
  // again.
  std::uint64_t platform_height = 0;
  ValidatorsAt validators;
  // Whether (source, nonce) was delivered here before.
  std::function<bool(const SubnetKey& source, std::uint64_t nonce)> delivered;
};

struct AcceptedMessage {
  Hash256 id{};
  SubnetKey source{};
  AddressedCall call;
};

// Decodes and checks `bytes`: the network, the destination, the payload's size and form, the
// platform height (at most here.platform_height), the certificate (signers in the set, at least
// the quorum of its stake, an aggregate signature that verifies), the signers' stake at
// here.platform_height, and replay.
[[nodiscard]] Result<AcceptedMessage> accept_message(BytesView bytes, const Destination& here);

// The certificate of the given signatures of `id`, by index into the source set (certificate
// order); what the source subnet's validators produce by aggregating their shares.
[[nodiscard]] Result<consensus::Certificate> certify_message(
    std::span<const std::pair<std::size_t, bls::Signature>> signatures, std::size_t set_size);

}  // namespace plexus::messaging
