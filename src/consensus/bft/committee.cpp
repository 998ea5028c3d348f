#include "consensus/bft/committee.hpp"

#include <string>

namespace plexus::consensus::bft {
namespace {

using Wide = unsigned __int128;  // weights are 64-bit; a quorum ratio multiplies them

std::unexpected<Error> refuse(std::string rule) {
  return fail(Errc::kValidation, "bft: " + std::move(rule));
}

}  // namespace

Committee::Committee(std::vector<std::uint64_t> weights, std::shared_ptr<const VoteCrypto> crypto,
                     Hash256 chain, Quorum quorum)
    : weights_(std::move(weights)), crypto_(std::move(crypto)), chain_(chain), quorum_(quorum) {
  for (const std::uint64_t w : weights_) total_ += w;
}

bool Committee::is_quorum(std::uint64_t signed_weight) const noexcept {
  return Wide{signed_weight} * quorum_.denominator > Wide{total_} * quorum_.numerator;
}

SignedVote Committee::sign(const Vote& vote, std::uint32_t self) const {
  return SignedVote{vote, self, crypto_->sign(signing_message(vote, chain_))};
}

Result<void> Committee::check(const SignedVote& vote) const {
  if (vote.signer >= weights_.size())
    return refuse("signer " + std::to_string(vote.signer) + " is not in the set of " +
                  std::to_string(weights_.size()));
  if (!crypto_->verify(vote.signer, signing_message(vote.vote, chain_), vote.signature))
    return refuse("the signature of validator " + std::to_string(vote.signer) + " on " +
                  describe(vote.vote) + " does not verify");
  return {};
}

Result<QuorumCert> Committee::certify(const Vote& vote, std::span<const SignedVote> votes) const {
  QuorumCert cert{vote, Bytes((weights_.size() + 7) / 8, 0), {}};
  std::vector<BytesView> signatures;
  std::uint64_t weight = 0;
  for (const SignedVote& v : votes) {
    if (v.vote != vote || v.signer >= weights_.size()) return refuse("certify: a foreign vote");
    const std::size_t i = v.signer;
    if ((cert.signers[i / 8] >> (i % 8)) & 1u) return refuse("certify: a signer twice");
    cert.signers[i / 8] = static_cast<Byte>(cert.signers[i / 8] | (1u << (i % 8)));
    signatures.push_back(v.signature);
    weight += weights_[i];
  }
  if (!is_quorum(weight)) return refuse("certify: no quorum");
  PLEXUS_TRY(cert.signature, crypto_->aggregate(signatures));
  return cert;
}

Result<void> Committee::check(const QuorumCert& cert) const {
  const std::size_t bytes = (weights_.size() + 7) / 8;
  if (cert.signers.size() != bytes)
    return refuse("certificate on " + describe(cert.vote) + ": the signer bitset has " +
                  std::to_string(cert.signers.size()) + " bytes, the set needs " +
                  std::to_string(bytes));
  std::vector<std::size_t> signers;
  std::uint64_t weight = 0;
  for (std::size_t i = 0; i < bytes * 8; ++i) {
    if (!((cert.signers[i / 8] >> (i % 8)) & 1u)) continue;
    if (i >= weights_.size())
      return refuse("certificate on " + describe(cert.vote) + " names validator " +
                    std::to_string(i) + " of a set of " + std::to_string(weights_.size()));
    signers.push_back(i);
    weight += weights_[i];
  }
  if (!is_quorum(weight))
    return refuse("certificate on " + describe(cert.vote) + ": its signers hold " +
                  std::to_string(weight) + " of " + std::to_string(total_) +
                  " weight, not a quorum");
  if (!crypto_->verify_aggregate(signers, signing_message(cert.vote, chain_), cert.signature))
    return refuse("certificate on " + describe(cert.vote) + ": the aggregate signature does not "
                  "verify");
  return {};
}

}  // namespace plexus::consensus::bft
