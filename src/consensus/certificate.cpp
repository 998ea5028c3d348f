#include "consensus/certificate.hpp"

#include <algorithm>
#include <string>

#include "core/rlp.hpp"

namespace plexus::consensus {
namespace {

std::unexpected<Error> refuse(std::string rule) {
  return fail(Errc::kValidation, "certificate: " + std::move(rule));
}

bool bit(const Bytes& bits, std::size_t i) { return (bits[i / 8] >> (i % 8)) & 1u; }

// 128-bit products: weights are 64-bit and a quorum ratio multiplies them.
using Wide = unsigned __int128;

}  // namespace

Result<std::vector<CertificateSigner>> certificate_order(const platform::ValidatorSet& set) {
  std::vector<CertificateSigner> out;
  for (const platform::ValidatorSetEntry& validator : set) {
    if (validator.bls_key.empty()) continue;  // cannot sign: not part of certificates
    auto key = bls::PublicKey::from_bytes(validator.bls_key);
    if (!key) return refuse("validator key: " + key.error().message);
    out.push_back(CertificateSigner{*key, validator.weight});
  }
  std::sort(out.begin(), out.end(), [](const CertificateSigner& a, const CertificateSigner& b) {
    return a.key.to_bytes() < b.key.to_bytes();
  });
  return out;
}

Bytes encode_certificate(const Certificate& certificate) {
  const Bytes fields[] = {rlp::encode_string(certificate.signers),
                          rlp::encode_string(certificate.signature.to_bytes().view())};
  return rlp::encode_list(fields);
}

Result<Certificate> decode_certificate(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  if (!item.is_list) return fail(Errc::kDecode, "certificate: not a list");
  PLEXUS_TRY(const auto fields, rlp::list_items(item));
  if (fields.size() != 2 || fields[0].is_list || fields[1].is_list)
    return fail(Errc::kDecode, "certificate: expected [signers, signature]");
  auto signature = bls::Signature::from_bytes(fields[1].payload);
  if (!signature) return fail(Errc::kDecode, "certificate: " + signature.error().message);
  return Certificate{to_bytes(fields[0].payload), *signature};
}

Result<void> verify_certificate(const Certificate& certificate, BytesView message,
                                std::span<const CertificateSigner> set, Quorum quorum) {
  const Wide ratio = Wide{quorum.numerator} * 3;
  const Wide two_thirds = Wide{quorum.denominator} * 2;
  if (quorum.denominator == 0 || ratio < two_thirds || (quorum.at_least && ratio == two_thirds))
    return refuse("a quorum below 2/3 is not allowed");
  const std::size_t bytes = (set.size() + 7) / 8;
  if (certificate.signers.size() != bytes)
    return refuse("the signer bitset has " + std::to_string(certificate.signers.size()) +
                  " bytes, a set of " + std::to_string(set.size()) + " needs " +
                  std::to_string(bytes));
  for (std::size_t i = set.size(); i < bytes * 8; ++i)
    if (bit(certificate.signers, i))
      return refuse("the signer bitset names validator " + std::to_string(i) + " of a set of " +
                    std::to_string(set.size()));
  std::vector<bls::PublicKey> keys;
  Wide signed_weight = 0;
  Wide total = 0;
  for (std::size_t i = 0; i < set.size(); ++i) {
    total += set[i].weight;
    if (!bit(certificate.signers, i)) continue;
    signed_weight += set[i].weight;
    keys.push_back(set[i].key);
  }
  if (keys.empty()) return refuse("no signers");
  const Wide have = signed_weight * quorum.denominator;
  const Wide need = total * quorum.numerator;
  if (quorum.at_least ? have < need : have <= need)
    return refuse("the signers hold " + std::to_string(static_cast<std::uint64_t>(signed_weight)) +
                  " of " + std::to_string(static_cast<std::uint64_t>(total)) + " weight; " +
                  (quorum.at_least ? "at least " : "more than ") +
                  std::to_string(quorum.numerator) + "/" + std::to_string(quorum.denominator) +
                  " is needed");
  if (!bls::fast_aggregate_verify(keys, message, certificate.signature))
    return refuse("the aggregate signature does not verify for the signers named");
  return {};
}

Result<Certificate> make_certificate(
    std::span<const std::pair<std::size_t, bls::Signature>> signatures, std::size_t set_size) {
  Bytes signers((set_size + 7) / 8, 0);
  std::vector<bls::Signature> parts;
  for (const auto& [index, signature] : signatures) {
    if (index >= set_size) return refuse("signer " + std::to_string(index) + " is not in the set");
    if (bit(signers, index)) return refuse("signer " + std::to_string(index) + " signed twice");
    signers[index / 8] = static_cast<Byte>(signers[index / 8] | (1u << (index % 8)));
    parts.push_back(signature);
  }
  PLEXUS_TRY(bls::Signature aggregate, bls::aggregate(parts));
  return Certificate{std::move(signers), std::move(aggregate)};
}

}  // namespace plexus::consensus
