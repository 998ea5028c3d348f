// The parts of a subnet's specification its chain and engine read: the engine timings carried in
// CreateSubnet::consensus_params, and the subnet genesis inside CreateSubnet.
#include <algorithm>

#include "da/share.hpp"
#include "platform/fields.hpp"
#include "platform/governance.hpp"
#include "platform/operations.hpp"
#include "platform/subnet_spec.hpp"

namespace plexus::platform {
namespace {

constexpr std::string_view kTiming = "consensus parameters";
constexpr std::string_view kGenesis = "subnet genesis";

std::unexpected<Error> bad_param(std::string message) {
  return fail(Errc::kValidation, "platform: consensus parameters: " + std::move(message));
}

Result<void> check_range(ChainParam param, std::uint64_t value) {
  if (value == 0) return {};  // the node's default
  const ParamRange range = chain_param_range(param);
  if (value < range.min || value > range.max)
    return bad_param(std::string(chain_param_name(param)) + " " + std::to_string(value) +
                     " outside its allowed range " + std::to_string(range.min) + ".." +
                     std::to_string(range.max) + " (or 0 for the node's default)");
  return {};
}

}  // namespace

Bytes encode_engine_timing(const EngineTiming& timing) {
  return rlp::encode_list(std::vector<Bytes>{rlp::encode_uint(timing.block_time_ms),
                                             rlp::encode_uint(timing.leader_timeout_ms)});
}

Result<EngineTiming> decode_engine_timing(ConsensusKind consensus, BytesView params) {
  EngineTiming timing;
  if (params.empty()) return timing;
  if (consensus == ConsensusKind::kSnowman) {
    PLEXUS_CHECK(decode_snowman_spec(params));
    return timing;  // its timings are its own (SnowmanSpec)
  }
  auto f = fields::list(params, 2, kTiming, Errc::kValidation);
  if (!f) return bad_param("rlp([block_time_ms, leader_timeout_ms]) expected");
  auto block_time = rlp::to_uint64((*f)[0]);
  auto leader_timeout = rlp::to_uint64((*f)[1]);
  if (!block_time || !leader_timeout) return bad_param("values must be unsigned 64-bit integers");
  timing.block_time_ms = *block_time;
  timing.leader_timeout_ms = *leader_timeout;
  PLEXUS_CHECK(check_range(ChainParam::kBlockTimeMs, timing.block_time_ms));
  PLEXUS_CHECK(check_range(ChainParam::kLeaderTimeoutMs, timing.leader_timeout_ms));
  return timing;
}

Bytes encode_snowman_spec(const SnowmanSpec& spec) {
  return rlp::encode_list(
      std::vector<Bytes>{rlp::encode_uint(spec.k), rlp::encode_uint(spec.alpha_preference),
                         rlp::encode_uint(spec.alpha_confidence), rlp::encode_uint(spec.beta),
                         rlp::encode_uint(spec.proposer_window_ms)});
}

Result<SnowmanSpec> decode_snowman_spec(BytesView params) {
  SnowmanSpec spec;
  if (params.empty()) return spec;
  auto f = fields::list(params, 5, kTiming, Errc::kValidation);
  if (!f)
    return bad_param(
        "rlp([k, alpha_preference, alpha_confidence, beta, proposer_window_ms]) expected");
  std::uint64_t* const out[] = {&spec.k, &spec.alpha_preference, &spec.alpha_confidence, &spec.beta,
                                &spec.proposer_window_ms};
  for (std::size_t i = 0; i < 5; ++i) {
    auto value = rlp::to_uint64((*f)[i]);
    if (!value) return bad_param("values must be unsigned 64-bit integers");
    *out[i] = *value;
  }
  PLEXUS_CHECK(check_snowman_spec(spec));
  return spec;
}

Result<void> check_snowman_spec(const SnowmanSpec& spec) {
  const auto range = [](std::string_view name, std::uint64_t value, std::uint64_t min,
                        std::uint64_t max) -> Result<void> {
    if (value >= min && value <= max) return {};
    return bad_param("snowman " + std::string(name) + " " + std::to_string(value) +
                     " outside its allowed range " + std::to_string(min) + ".." +
                     std::to_string(max));
  };
  PLEXUS_CHECK(range("k", spec.k, 1, kMaxSnowmanK));
  // More than half of a sample must agree, so two blocks cannot both pass one poll.
  PLEXUS_CHECK(range("alpha_preference", spec.alpha_preference, spec.k / 2 + 1, spec.k));
  PLEXUS_CHECK(range("alpha_confidence", spec.alpha_confidence, spec.alpha_preference, spec.k));
  PLEXUS_CHECK(range("beta", spec.beta, 1, kMaxSnowmanBeta));
  PLEXUS_CHECK(range("proposer_window_ms", spec.proposer_window_ms, 10, 60'000));
  return {};
}

Result<void> check_da_namespace(BytesView ns) {
  if (ns.empty()) return {};
  if (ns.size() != da::kNamespaceSize)
    return fail(Errc::kValidation,
                "platform: genesis: da_namespace is 29 bytes, not " + std::to_string(ns.size()));
  da::Namespace n;
  std::copy(ns.begin(), ns.end(), n.bytes.begin());
  if (auto valid = da::validate_blob_namespace(n); !valid)
    return fail(Errc::kValidation, "platform: genesis: da_namespace: " + valid.error().message);
  return {};
}

Bytes encode_subnet_genesis(const SubnetGenesis& genesis) {
  std::vector<Bytes> alloc;
  for (const SubnetGenesis::Funded& funded : genesis.alloc)
    alloc.push_back(rlp::encode_list(std::vector<Bytes>{rlp::encode_string(funded.address.view()),
                                                        fields::u256(funded.balance)}));
  std::vector<Bytes> fields{rlp::encode_list(alloc), rlp::encode_uint(genesis.gas_limit)};
  // Left out when 0 (and no field follows), so that genesis encodings from before the field keep
  // their bytes; the DA namespace likewise when empty.
  if (genesis.message_quorum_bps != 0 || !genesis.da_namespace.empty())
    fields.push_back(rlp::encode_uint(genesis.message_quorum_bps));
  if (!genesis.da_namespace.empty()) fields.push_back(rlp::encode_string(genesis.da_namespace));
  return rlp::encode_list(fields);
}

Result<SubnetGenesis> decode_subnet_genesis(const rlp::Item& item) {
  PLEXUS_TRY(const auto f, fields::items(item, kGenesis));
  if (f.size() < 2 || f.size() > 4)
    return fail(Errc::kDecode,
                "subnet genesis: expected [alloc, gas_limit], [alloc, gas_limit, "
                "message_quorum_bps] or [alloc, gas_limit, message_quorum_bps, da_namespace]");
  SubnetGenesis genesis;
  PLEXUS_TRY(const auto alloc, fields::items(f[0], kGenesis));
  if (alloc.size() > kMaxGenesisAccounts)
    return fail(Errc::kDecode, "subnet genesis: more than " + std::to_string(kMaxGenesisAccounts) +
                                   " funded accounts");
  for (const rlp::Item& entry : alloc) {
    PLEXUS_TRY(const auto pair, fields::items(entry, kGenesis));
    if (pair.size() != 2) return fail(Errc::kDecode, "subnet genesis: [address, balance] expected");
    SubnetGenesis::Funded funded;
    PLEXUS_TRY(funded.address, fields::read_address(pair[0], kGenesis));
    PLEXUS_TRY(funded.balance, fields::read_u256(pair[1]));
    genesis.alloc.push_back(funded);
  }
  PLEXUS_TRY(genesis.gas_limit, rlp::to_uint64(f[1]));
  if (f.size() >= 3) {
    PLEXUS_TRY(genesis.message_quorum_bps, fields::read_u32(f[2], kGenesis));
    if (genesis.message_quorum_bps == 0 && f.size() == 3)
      return fail(Errc::kDecode, "subnet genesis: a message quorum of 0 (the default) is left out");
  }
  if (f.size() == 4) {
    PLEXUS_TRY(genesis.da_namespace, fields::read_bytes(f[3], kGenesis));
    if (genesis.da_namespace.empty())
      return fail(Errc::kDecode, "subnet genesis: an empty DA namespace (the default) is left out");
  }
  return genesis;
}

Result<void> check_subnet_genesis(const SubnetGenesis& genesis) {
  if (genesis.alloc.size() > kMaxGenesisAccounts)
    return fail(Errc::kValidation, "platform: genesis: more than " +
                                       std::to_string(kMaxGenesisAccounts) + " funded accounts");
  std::vector<Address> addresses;
  for (const SubnetGenesis::Funded& funded : genesis.alloc) addresses.push_back(funded.address);
  std::sort(addresses.begin(), addresses.end());
  if (std::adjacent_find(addresses.begin(), addresses.end()) != addresses.end())
    return fail(Errc::kValidation, "platform: genesis: an account is funded twice");
  if (genesis.message_quorum_bps != 0 &&
      (genesis.message_quorum_bps < 6'667 || genesis.message_quorum_bps > 10'000))
    return fail(Errc::kValidation, "platform: genesis: a message quorum of " +
                                       std::to_string(genesis.message_quorum_bps) +
                                       " basis points is outside 6667..10000 (or 0 for 6700)");
  PLEXUS_CHECK(check_da_namespace(genesis.da_namespace));
  if (genesis.gas_limit == 0) return {};
  const ParamRange range = chain_param_range(ChainParam::kGasLimit);
  if (genesis.gas_limit < range.min || genesis.gas_limit > range.max)
    return fail(Errc::kValidation, "platform: genesis: gas_limit " +
                                       std::to_string(genesis.gas_limit) +
                                       " outside its allowed range " + std::to_string(range.min) +
                                       ".." + std::to_string(range.max));
  return {};
}

}  // namespace plexus::platform
