#include "core/bls/bls.hpp"
#include "platform/config.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {
namespace {

bool has_da_fields(const PlatformParams& p) {
  const PlatformParams defaults;
  return p.max_square_size != defaults.max_square_size ||
         p.max_blob_size != defaults.max_blob_size ||
         p.min_blob_fee_per_byte != defaults.min_blob_fee_per_byte;
}

}  // namespace

Result<void> check_params(const PlatformParams& p) {
  if (p.max_square_size == 0 || (p.max_square_size & (p.max_square_size - 1)) != 0 ||
      p.max_square_size > 512)
    return fail(Errc::kInvalidArgument,
                "platform parameters: the maximum square size is a power of two from 1 to 512, "
                "not " +
                    std::to_string(p.max_square_size));
  if (p.max_blob_size == 0)
    return fail(Errc::kInvalidArgument, "platform parameters: the maximum blob size is 0");
  return {};
}

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
  std::vector<Bytes> out(std::begin(f), std::end(f));
  const Bytes da[] = {rlp::encode_uint(p.max_square_size), rlp::encode_uint(p.max_blob_size),
                      fields::u256(p.min_blob_fee_per_byte)};
  if (has_da_fields(p)) out.push_back(rlp::encode_list(da));
  return rlp::encode_list(out);
}

Result<PlatformParams> decode_params(BytesView encoded) {
  constexpr std::string_view kWhat = "platform parameters";
  auto listed = fields::list(encoded, 16, kWhat, Errc::kCorruption);
  if (!listed) listed = fields::list(encoded, 17, kWhat, Errc::kCorruption);
  if (!listed) return fail(Errc::kCorruption, "platform parameters: not a list of 16 or 17 fields");
  const std::vector<rlp::Item>& f = *listed;
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
  if (f.size() == 17) {
    PLEXUS_TRY(const auto da, fields::items(f[16], kWhat));
    if (da.size() != 3)
      return fail(Errc::kCorruption, "platform parameters: the data availability fields are 3");
    PLEXUS_TRY(p.max_square_size, rlp::to_uint64(da[0]));
    PLEXUS_TRY(p.max_blob_size, rlp::to_uint64(da[1]));
    PLEXUS_TRY(p.min_blob_fee_per_byte, fields::read_u256(da[2]));
    if (!has_da_fields(p))
      return fail(Errc::kCorruption,
                  "platform parameters: default data availability fields are left out");
  }
  PLEXUS_CHECK(check_params(p));
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
