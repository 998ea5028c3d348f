#include "consensus/bft/bls_crypto.hpp"

namespace plexus::consensus::bft {

BlsVoteCrypto::BlsVoteCrypto(std::vector<bls::PublicKey> keys, std::optional<bls::SecretKey> self)
    : keys_(std::move(keys)), self_(std::move(self)) {}

Bytes BlsVoteCrypto::sign(BytesView message) const {
  if (!self_) return {};  // a verifying-only node never votes; an empty signature fails checks
  return to_bytes(bls::sign(*self_, message).to_bytes().view());
}

bool BlsVoteCrypto::verify(std::size_t signer, BytesView message, BytesView signature) const {
  if (signer >= keys_.size()) return false;
  const auto decoded = bls::Signature::from_bytes(signature);
  return decoded && bls::verify(keys_[signer], message, *decoded);
}

Result<Bytes> BlsVoteCrypto::aggregate(std::span<const BytesView> signatures) const {
  std::vector<bls::Signature> decoded;
  decoded.reserve(signatures.size());
  for (const BytesView s : signatures) {
    PLEXUS_TRY(bls::Signature one, bls::Signature::from_bytes(s));
    decoded.push_back(one);
  }
  PLEXUS_TRY(const bls::Signature sum, bls::aggregate(decoded));
  return to_bytes(sum.to_bytes().view());
}

bool BlsVoteCrypto::verify_aggregate(std::span<const std::size_t> signers, BytesView message,
                                     BytesView aggregate) const {
  const auto decoded = bls::Signature::from_bytes(aggregate);
  if (!decoded) return false;
  std::vector<bls::PublicKey> keys;
  keys.reserve(signers.size());
  for (const std::size_t i : signers) {
    if (i >= keys_.size()) return false;
    keys.push_back(keys_[i]);
  }
  return bls::fast_aggregate_verify(keys, message, *decoded);
}

Result<Committee> verifying_committee(const platform::ValidatorSet& set, const Hash256& chain) {
  PLEXUS_TRY(const std::vector<CertificateSigner> ordered, certificate_order(set));
  if (ordered.empty()) return fail(Errc::kValidation, "bft: no validator has a BLS key");
  std::vector<std::uint64_t> weights;
  std::vector<bls::PublicKey> keys;
  for (const CertificateSigner& signer : ordered) {
    weights.push_back(signer.weight);
    keys.push_back(signer.key);
  }
  return Committee(std::move(weights),
                   std::make_shared<BlsVoteCrypto>(std::move(keys), std::nullopt), chain);
}

}  // namespace plexus::consensus::bft
