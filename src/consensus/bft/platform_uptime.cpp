// The platform chain's uptime attestations (platform_application.hpp, Uptime).
#include "consensus/bft/platform_application.hpp"
#include "core/hex.hpp"
#include "platform/transition.hpp"

namespace plexus::consensus::bft {
namespace {

void set_bit(Bytes& bits, std::size_t i) { bits[i / 8] |= static_cast<Byte>(1u << (i % 8)); }
bool bit(BytesView bits, std::size_t i) {
  return i / 8 < bits.size() && ((bits[i / 8] >> (i % 8)) & 1u) != 0;
}

// rlp([certificate, ...]): the attested block's notarization, finalization, or both.
Bytes encode_attestation(const std::vector<QuorumCert>& certs) {
  Bytes body;
  for (const QuorumCert& cert : certs) append_quorum_cert(body, cert);
  Bytes out;
  append_list(out, body);
  return out;
}

Result<std::vector<QuorumCert>> decode_attestation(BytesView bytes) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(bytes));
  PLEXUS_TRY(const auto items, rlp::list_items(item));
  if (items.empty() || items.size() > 2)
    return fail(Errc::kValidation, "one or two certificates expected, not " +
                                       std::to_string(items.size()));
  std::vector<QuorumCert> out;
  for (const rlp::Item& cert : items) {
    PLEXUS_TRY(QuorumCert decoded, read_quorum_cert(cert));
    out.push_back(std::move(decoded));
  }
  return out;
}

}  // namespace

void PlatformApplication::note_attestation(const std::vector<QuorumCert>& certs) {
  if (certs.empty() || certs.front().vote.epoch != epoch_.epoch) return;
  attestations_.insert_or_assign(certs.front().vote.height, certs);
  // Blocks attest an ancestor kAttestationDistance back: older ones are no longer wanted.
  while (attestations_.size() > 2 * kAttestationDistance)
    attestations_.erase(attestations_.begin());
}

Result<Hash256> PlatformApplication::ancestor(Hash256 parent, std::uint64_t height) const {
  for (auto it = pending_.find(parent); it != pending_.end(); it = pending_.find(parent)) {
    if (it->second.block.height == height) return parent;
    parent = it->second.block.parent_hash;
  }
  if (height > registry_.height())
    return fail(Errc::kValidation,
                "platform block: no ancestor at height " + std::to_string(height));
  if (height == registry_.height()) return registry_.head_hash();
  PLEXUS_TRY(const platform::PlatformBlock block, registry_.block_at(height));
  return block.hash();
}

platform::UptimeRecord PlatformApplication::uptime_from(
    const std::vector<QuorumCert>& attestation, const platform::PendingState& parent) const {
  const platform::ValidatorSet order =
      platform::uptime_order(parent.data, parent.header.timestamp);
  platform::UptimeRecord out;
  out.signers.assign((order.size() + 7) / 8, 0);
  out.observed.assign(out.signers.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::size_t member = 0; member < committee_ids_.size(); ++member) {
      if (committee_ids_[member] != order[i].node_id) continue;
      set_bit(out.observed, i);
      for (const QuorumCert& cert : attestation)
        if (bit(cert.signers, member)) set_bit(out.signers, i);
    }
  }
  out.attestation = encode_attestation(attestation);
  return out;
}

platform::UptimeRecord PlatformApplication::uptime_for(const BlockInfo& parent,
                                                       const platform::PendingState& state) const {
  const std::uint64_t height = parent.height + 1;
  if (committee_ == nullptr || !may_attest(height)) return {};
  const std::uint64_t attested = height - kAttestationDistance;
  const auto it = attestations_.find(attested);
  if (it == attestations_.end()) return {};
  const auto on_chain = ancestor(parent.digest, attested);
  if (!on_chain || *on_chain != it->second.front().vote.digest) return {};
  return uptime_from(it->second, state);
}

Result<void> PlatformApplication::check_uptime(const platform::PlatformBlock& block,
                                               const platform::PendingState& parent) const {
  const platform::UptimeRecord& uptime = block.uptime;
  const std::string name = "platform block " + std::to_string(block.height);
  if (uptime.attestation.empty()) {
    if (!uptime.empty()) return fail(Errc::kValidation, name + ": uptime without an attestation");
    return {};
  }
  if (!may_attest(block.height))
    return fail(Errc::kValidation, name + ": an attestation in the first " +
                                       std::to_string(kAttestationDistance) +
                                       " blocks of epoch " + std::to_string(epoch_.epoch));
  if (committee_ == nullptr) return fail(Errc::kInternal, name + ": no committee to check with");
  auto certs = decode_attestation(uptime.attestation);
  if (!certs) return fail(Errc::kValidation, name + ": attestation: " + certs.error().message);
  const std::uint64_t height = block.height - kAttestationDistance;
  PLEXUS_TRY(const Hash256 attested, ancestor(block.parent_hash, height));
  for (std::size_t i = 0; i < certs->size(); ++i) {
    const Vote& vote = (*certs)[i].vote;
    const VoteKind kind = i == 0 && certs->size() == 2 ? VoteKind::kNotarize : vote.kind;
    if (vote.kind == VoteKind::kSkip || vote.kind != kind || vote.epoch != epoch_.epoch ||
        vote.height != height || vote.digest != attested || (i == 1 && kind == VoteKind::kNotarize))
      return fail(Errc::kValidation,
                  name + ": the attestation is not the notarization then the finalization of " +
                      "block " + std::to_string(height) + " in epoch " +
                      std::to_string(epoch_.epoch) + " (" + bft::describe(vote) + ")");
    if (i == 1 && vote.round != (*certs)[0].vote.round)
      return fail(Errc::kValidation, name + ": the attestation's certificates are of two rounds");
    if (auto checked = committee_->check((*certs)[i]); !checked)
      return fail(Errc::kValidation, name + ": attestation: " + checked.error().message);
  }
  const platform::UptimeRecord expected = uptime_from(*certs, parent);
  if (to_hex(expected.signers) != to_hex(uptime.signers) ||
      to_hex(expected.observed) != to_hex(uptime.observed) ||
      to_hex(expected.attestation) != to_hex(uptime.attestation))
    return fail(Errc::kValidation, name + ": uptime bitsets do not follow from the attestation");
  return {};
}

}  // namespace plexus::consensus::bft
