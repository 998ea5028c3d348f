#pragma once
// Equivocation reports: what the platform chain's ReportEquivocation carries so that a
// validator that signed two contradicting votes is slashed (docs/PLATFORM.md, Slashing).
//   rlp([chain (32 bytes), offender's BLS public key (48 bytes), evidence message])
// The evidence message is the engine's own (messages.hpp: two signed votes). The check needs no
// validator set: both votes must name the same signer, contradict each other (vote.hpp,
// conflicting) and verify under the key for the chain; the platform then finds the validator by
// its key. One offence (chain, key, epoch, round) has one id, whichever votes show it, so it
// slashes once.
#include "consensus/bft/messages.hpp"
#include "platform/config.hpp"

namespace plexus::consensus::bft {

[[nodiscard]] Bytes encode_equivocation_report(const Hash256& chain, BytesView bls_key,
                                               const Evidence& evidence);
[[nodiscard]] Result<platform::EvidenceFacts> check_equivocation_report(BytesView report);

}  // namespace plexus::consensus::bft
