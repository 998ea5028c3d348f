#include "consensus/bft/equivocation.hpp"

#include "core/bls/bls.hpp"
#include "core/hash.hpp"

namespace plexus::consensus::bft {

Bytes encode_equivocation_report(const Hash256& chain, BytesView bls_key,
                                 const Evidence& evidence) {
  const Bytes fields[] = {rlp::encode_string(chain.view()), rlp::encode_string(bls_key),
                          rlp::encode_string(encode_evidence(evidence))};
  return rlp::encode_list(fields);
}

Result<platform::EvidenceFacts> check_equivocation_report(BytesView report) {
  const auto bad = [](const std::string& why) {
    return fail(Errc::kValidation, "equivocation report: " + why);
  };
  auto item = rlp::decode(report);
  if (!item || !item->is_list) return bad("not rlp([chain, bls key, evidence])");
  auto fields = rlp::list_items(*item);
  if (!fields || fields->size() != 3 || (*fields)[0].is_list || (*fields)[1].is_list ||
      (*fields)[2].is_list || (*fields)[0].payload.size() != 32)
    return bad("not rlp([chain, bls key, evidence])");
  const Hash256 chain = Hash256::right_aligned((*fields)[0].payload);
  auto key = bls::PublicKey::from_bytes((*fields)[1].payload);
  if (!key) return bad("the key: " + key.error().message);
  auto message = decode_message((*fields)[2].payload);
  if (!message || !std::holds_alternative<Evidence>(*message))
    return bad("the evidence is not two signed votes");
  const Evidence& evidence = std::get<Evidence>(*message);
  if (evidence.first.signer != evidence.second.signer)
    return bad("the votes name different signers");
  if (!conflicting(evidence.first.vote, evidence.second.vote))
    return bad("the votes do not contradict each other");
  for (const SignedVote* vote : {&evidence.first, &evidence.second}) {
    auto signature = bls::Signature::from_bytes(vote->signature);
    if (!signature || !bls::verify(*key, signing_message(vote->vote, chain), *signature))
      return bad("a signature does not verify under the key");
  }
  const Bytes offence[] = {rlp::encode_string(chain.view()),
                           rlp::encode_string((*fields)[1].payload),
                           rlp::encode_uint(evidence.first.vote.epoch),
                           rlp::encode_uint(evidence.first.vote.round)};
  return platform::EvidenceFacts{to_bytes((*fields)[1].payload),
                                 keccak256(rlp::encode_list(offence))};
}

}  // namespace plexus::consensus::bft
