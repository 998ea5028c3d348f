#include "core/bls/bls.hpp"
#include "platform/config.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {

Bytes encode_params(const PlatformParams& p) {
  const Bytes f[] = {fields::u256(p.min_stake),
                     rlp::encode_uint(p.min_staking_period),
                     rlp::encode_uint(p.max_staking_period),
                     rlp::encode_uint(p.max_consensus_params),
                     rlp::encode_uint(p.max_block_operations),
                     fields::u256(p.operation_fee),
                     fields::u256(p.min_delegation),
                     rlp::encode_uint(p.max_delegation_multiple),
                     rlp::encode_uint(p.delegation_fee_bps),
                     rlp::encode_uint(p.reward_rate_bps),
                     rlp::encode_uint(p.min_uptime_bps),
                     rlp::encode_uint(p.slash_bps),
                     rlp::encode_uint(p.max_evidence_size),
                     rlp::encode_uint(p.min_voting_period),
                     rlp::encode_uint(p.max_voting_period),
                     rlp::encode_uint(p.max_timelock)};
  return rlp::encode_list(f);
}

Result<PlatformParams> decode_params(BytesView encoded) {
  constexpr std::string_view kWhat = "platform parameters";
  PLEXUS_TRY(const auto f, fields::list(encoded, 16, kWhat, Errc::kCorruption));
  PlatformParams p;
  PLEXUS_TRY(p.min_stake, fields::read_u256(f[0]));
  PLEXUS_TRY(p.min_staking_period, rlp::to_uint64(f[1]));
  PLEXUS_TRY(p.max_staking_period, rlp::to_uint64(f[2]));
  PLEXUS_TRY(p.max_consensus_params, rlp::to_uint64(f[3]));
  PLEXUS_TRY(p.max_block_operations, rlp::to_uint64(f[4]));
  PLEXUS_TRY(p.operation_fee, fields::read_u256(f[5]));
  PLEXUS_TRY(p.min_delegation, fields::read_u256(f[6]));
  PLEXUS_TRY(p.max_delegation_multiple, fields::read_u32(f[7], kWhat));
  PLEXUS_TRY(p.delegation_fee_bps, fields::read_u32(f[8], kWhat));
  PLEXUS_TRY(p.reward_rate_bps, fields::read_u32(f[9], kWhat));
  PLEXUS_TRY(p.min_uptime_bps, fields::read_u32(f[10], kWhat));
  PLEXUS_TRY(p.slash_bps, fields::read_u32(f[11], kWhat));
  PLEXUS_TRY(p.max_evidence_size, rlp::to_uint64(f[12]));
  PLEXUS_TRY(p.min_voting_period, rlp::to_uint64(f[13]));
  PLEXUS_TRY(p.max_voting_period, rlp::to_uint64(f[14]));
  PLEXUS_TRY(p.max_timelock, rlp::to_uint64(f[15]));
  return p;
}

Result<void> verify_bls_pop(BytesView key, BytesView pop) {
  auto public_key = bls::PublicKey::from_bytes(key);
  if (!public_key) return fail(Errc::kValidation, "BLS key: " + public_key.error().message);
  auto proof = bls::Signature::from_bytes(pop);
  if (!proof) return fail(Errc::kValidation, "proof: " + proof.error().message);
  if (!bls::pop_verify(*public_key, *proof))
    return fail(Errc::kValidation, "the proof does not verify against the key");
  return {};
}

}  // namespace plexus::platform
