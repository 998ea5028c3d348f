#pragma once
// An epoch's validators as the protocol sees them: weights, quorums, and the signature scheme
// behind a seam. Production signs with BLS (bls_crypto.hpp); the deterministic simulation signs
// with a cheap keyed hash, because a few hundred seeded runs of thousands of rounds with
// pairing-based verification would take hours, and the protocol's logic is the same either way.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "consensus/bft/vote.hpp"
#include "consensus/certificate.hpp"

namespace plexus::consensus::bft {

class VoteCrypto {
 public:
  virtual ~VoteCrypto() = default;
  // This node's signature on `message`.
  [[nodiscard]] virtual Bytes sign(BytesView message) const = 0;
  [[nodiscard]] virtual bool verify(std::size_t signer, BytesView message,
                                    BytesView signature) const = 0;
  // One signature standing for the given ones (distinct signers, ascending).
  [[nodiscard]] virtual Result<Bytes> aggregate(std::span<const BytesView> signatures) const = 0;
  [[nodiscard]] virtual bool verify_aggregate(std::span<const std::size_t> signers,
                                              BytesView message, BytesView aggregate) const = 0;
};

class Committee {
 public:
  // `weights[i]` is validator i's in certificate order; `chain` tags every signed vote.
  Committee(std::vector<std::uint64_t> weights, std::shared_ptr<const VoteCrypto> crypto,
            Hash256 chain, Quorum quorum = {});

  [[nodiscard]] std::size_t size() const noexcept { return weights_.size(); }
  [[nodiscard]] std::uint64_t weight(std::size_t i) const { return weights_[i]; }
  [[nodiscard]] std::uint64_t total_weight() const noexcept { return total_; }
  [[nodiscard]] bool is_quorum(std::uint64_t signed_weight) const noexcept;
  [[nodiscard]] const Hash256& chain() const noexcept { return chain_; }
  // The leader of `round`: validators take turns in certificate order.
  [[nodiscard]] std::size_t leader(std::uint64_t round) const noexcept {
    return static_cast<std::size_t>(round % weights_.size());
  }

  [[nodiscard]] SignedVote sign(const Vote& vote, std::uint32_t self) const;
  // kValidation naming the rule: an unknown signer, or a signature that does not verify.
  [[nodiscard]] Result<void> check(const SignedVote& vote) const;
  // A certificate from distinct signers' checked votes on `vote` (ascending by signer); fails
  // when they do not hold a quorum.
  [[nodiscard]] Result<QuorumCert> certify(const Vote& vote,
                                           std::span<const SignedVote> votes) const;
  // Signers in range, a quorum of weight, and an aggregate that verifies.
  [[nodiscard]] Result<void> check(const QuorumCert& cert) const;

 private:
  std::vector<std::uint64_t> weights_;
  std::uint64_t total_ = 0;
  std::shared_ptr<const VoteCrypto> crypto_;
  Hash256 chain_;
  Quorum quorum_;
};

}  // namespace plexus::consensus::bft
