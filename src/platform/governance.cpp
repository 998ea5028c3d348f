#include "platform/governance.hpp"

#include <algorithm>

#include "platform/fields.hpp"

namespace plexus::platform {
namespace {

constexpr std::string_view kWhat = "governance action";
constexpr std::uint64_t kChainParams = 5;
constexpr std::size_t kMaxUpgradeName = 32;

std::unexpected<Error> bad(std::string_view detail) {
  return fail(Errc::kDecode, std::string(kWhat) + ": " + std::string(detail));
}

}  // namespace

Bytes encode_requirements(const Governance& g) {
  const Bytes f[] = {rlp::encode_uint(g.max_validators), rlp::encode_uint(g.min_weight),
                     rlp::encode_uint(g.max_weight)};
  return rlp::encode_list(f);
}

Result<Governance> decode_requirements(const rlp::Item& item) {
  PLEXUS_TRY(const auto g, fields::items(item, kWhat));
  if (g.size() != 3) return bad("validator requirements");
  Governance out;
  PLEXUS_TRY(out.max_validators, fields::read_u32(g[0], kWhat));
  PLEXUS_TRY(out.min_weight, rlp::to_uint64(g[1]));
  PLEXUS_TRY(out.max_weight, rlp::to_uint64(g[2]));
  return out;
}

std::string_view chain_param_name(ChainParam param) noexcept {
  switch (param) {
    case ChainParam::kGasLimit:
      return "gas_limit";
    case ChainParam::kBaseFeeMaxChangeDenominator:
      return "base_fee_max_change_denominator";
    case ChainParam::kElasticityMultiplier:
      return "elasticity_multiplier";
    case ChainParam::kBlockTimeMs:
      return "block_time_ms";
    case ChainParam::kLeaderTimeoutMs:
      return "leader_timeout_ms";
  }
  return "unknown";
}

ParamRange chain_param_range(ChainParam param) noexcept {
  switch (param) {
    case ChainParam::kGasLimit:
      return {5'000, 1'000'000'000};
    case ChainParam::kBaseFeeMaxChangeDenominator:
      return {1, 1024};
    case ChainParam::kElasticityMultiplier:
      return {1, 100};
    case ChainParam::kBlockTimeMs:
      return {10, 60'000};
    case ChainParam::kLeaderTimeoutMs:
      return {100, 600'000};
  }
  return {};
}

bool valid_upgrade_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxUpgradeName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

Bytes encode_action(const GovernanceAction& action) {
  std::vector<Bytes> f{rlp::encode_uint(action.index())};
  if (const auto* a = std::get_if<SetChainParam>(&action)) {
    f.push_back(rlp::encode_uint(static_cast<std::uint64_t>(a->param)));
    f.push_back(rlp::encode_uint(a->value));
  } else if (const auto* a = std::get_if<EnableVm>(&action)) {
    f.push_back(rlp::encode_uint(static_cast<std::uint64_t>(a->vm)));
  } else if (const auto* a = std::get_if<ScheduleUpgrade>(&action)) {
    f.push_back(fields::text(a->name));
  } else if (const auto* a = std::get_if<SetValidatorRequirements>(&action)) {
    f.push_back(encode_requirements(a->requirements));
  }
  return rlp::encode_list(f);
}

Result<GovernanceAction> decode_action(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  PLEXUS_TRY(const auto f, fields::items(list, kWhat));
  if (f.empty()) return bad("empty");
  PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(f[0]));
  constexpr std::size_t kFieldCounts[] = {3, 2, 2, 2};
  static_assert(std::size(kFieldCounts) == std::variant_size_v<GovernanceAction>);
  if (kind >= std::size(kFieldCounts)) return bad("unknown kind");
  if (f.size() != kFieldCounts[kind]) return bad("wrong field count");
  switch (kind) {
    case 0: {
      PLEXUS_TRY(const std::uint64_t param, rlp::to_uint64(f[1]));
      if (param >= kChainParams) return bad("unknown chain parameter");
      PLEXUS_TRY(const std::uint64_t value, rlp::to_uint64(f[2]));
      return SetChainParam{static_cast<ChainParam>(param), value};
    }
    case 1: {
      PLEXUS_TRY(const std::uint64_t vm, rlp::to_uint64(f[1]));
      if (vm > static_cast<std::uint64_t>(VmKind::kMove)) return bad("unknown VM");
      return EnableVm{static_cast<VmKind>(vm)};
    }
    case 2: {
      PLEXUS_TRY(std::string name, fields::read_text(f[1], kWhat));
      return ScheduleUpgrade{std::move(name)};
    }
    default: {
      PLEXUS_TRY(const Governance requirements, decode_requirements(f[1]));
      return SetValidatorRequirements{requirements};
    }
  }
}

}  // namespace plexus::platform
