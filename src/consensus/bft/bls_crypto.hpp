#pragma once
// Votes signed with BLS12-381 (src/core/bls: Ethereum's proof-of-possession ciphersuite), so a
// certificate is one 96-byte aggregate, and the same certificate a cross-subnet message carries.
#include <optional>
#include <vector>

#include "consensus/bft/committee.hpp"
#include "core/bls/bls.hpp"
#include "platform/history.hpp"

namespace plexus::consensus::bft {

class BlsVoteCrypto final : public VoteCrypto {
 public:
  // `keys` in certificate order; `self` signs (nullopt for a node that only verifies).
  BlsVoteCrypto(std::vector<bls::PublicKey> keys, std::optional<bls::SecretKey> self);

  [[nodiscard]] Bytes sign(BytesView message) const override;
  [[nodiscard]] bool verify(std::size_t signer, BytesView message,
                            BytesView signature) const override;
  [[nodiscard]] Result<Bytes> aggregate(std::span<const BytesView> signatures) const override;
  [[nodiscard]] bool verify_aggregate(std::span<const std::size_t> signers, BytesView message,
                                      BytesView aggregate) const override;

 private:
  std::vector<bls::PublicKey> keys_;
  std::optional<bls::SecretKey> self_;
};

// The committee that checks an epoch's certificates of `chain`, made from the set the platform
// held at the epoch's P_e as every node makes it (validators with a BLS key, in certificate
// order, BLS votes, the default quorum), for a reader that only verifies: a subnet rebuilt from
// DA checks its blocks' finality certificates with it.
[[nodiscard]] Result<Committee> verifying_committee(const platform::ValidatorSet& set,
                                                    const Hash256& chain);

}  // namespace plexus::consensus::bft
