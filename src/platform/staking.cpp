// Time in the primary network: uptime counting, the end and start of staking periods with
// their rewards, and slashing for equivocation.
#include <algorithm>

#include "platform/history.hpp"
#include "platform/transition.hpp"

namespace plexus::platform {
namespace {

using Wide = unsigned __int128;

}  // namespace

uint256 staking_reward(const uint256& amount, std::uint64_t seconds, std::uint32_t rate_bps) {
  // floor(a * b / c) = (a / c) * b + ((a % c) * b) / c exactly, and (a % c) * b < c * b fits.
  const uint256 b = uint256(rate_bps) * uint256(seconds);
  const uint256 c = uint256(kBasisPoints) * uint256(kYear);
  return (amount / c) * b + ((amount % c) * b) / c;
}

bool Transition::met_uptime(const Validator& v) const {
  // No observation (engines without certificates, or a validator that never sat in a counted
  // block) is no evidence of absence: it counts as full uptime.
  if (v.observed == 0) return true;
  return Wide(v.signed_blocks) * kBasisPoints >= Wide(v.observed) * config_.min_uptime_bps;
}

void Transition::mint(const Address& to, const uint256& amount) {
  if (amount == 0) return;
  account(to).balance += amount;
  data_.totals.minted += amount;
  dirty_keys_.insert(totals_key());
}

Result<void> Transition::begin_block(std::uint64_t parent_timestamp, const UptimeRecord& uptime) {
  PLEXUS_CHECK(count_uptime(parent_timestamp, uptime));
  end_periods();
  start_periods(parent_timestamp);
  tally_proposals();
  execute_due_proposals();
  return {};
}

ValidatorSet uptime_order(const PlatformData& data, std::uint64_t parent_timestamp) {
  // The primary validators active at the parent: every one in the data has an end after the
  // parent's time (ended ones left at or before it), so those that had started.
  ValidatorSet active;
  for (const auto& [node, v] : data.validators)
    if (v.start_time <= parent_timestamp) active.push_back({node, 0, v.bls_key});
  return in_certificate_order(std::move(active));
}

namespace {

bool bit(BytesView bits, std::size_t i) { return ((bits[i / 8] >> (i % 8)) & 1u) != 0; }

Result<void> check_bitset(std::string_view what, BytesView bits, std::size_t n) {
  const std::size_t bytes = (n + 7) / 8;
  if (bits.size() != bytes)
    return fail(Errc::kValidation, std::string(what) + " bitset of " + std::to_string(bits.size()) +
                                       " bytes for " + std::to_string(n) +
                                       " validators (expected " + std::to_string(bytes) + ")");
  for (std::size_t i = n; i < bytes * 8; ++i)
    if (bit(bits, i))
      return fail(Errc::kValidation, std::string(what) + " bitset names validator " +
                                         std::to_string(i) + " of " + std::to_string(n));
  return {};
}

}  // namespace

Result<void> Transition::count_uptime(std::uint64_t parent_timestamp, const UptimeRecord& uptime) {
  const BytesView signers = uptime.signers;
  const BytesView observed = uptime.observed;
  if (signers.empty()) {
    if (!observed.empty())
      return fail(Errc::kValidation, "observed bitset without a signer bitset");
    return {};
  }
  const ValidatorSet active = uptime_order(data_, parent_timestamp);
  PLEXUS_CHECK(check_bitset("signer", signers, active.size()));
  if (!observed.empty()) {
    PLEXUS_CHECK(check_bitset("observed", observed, active.size()));
    for (std::size_t i = 0; i < active.size(); ++i)
      if (bit(signers, i) && !bit(observed, i))
        return fail(Errc::kValidation, "signer bitset names validator " + std::to_string(i) +
                                           ", who was not observed");
  }
  for (std::size_t i = 0; i < active.size(); ++i) {
    if (!observed.empty() && !bit(observed, i)) continue;
    Validator& v = validator(active[i].node_id);
    ++v.observed;
    if (bit(signers, i)) ++v.signed_blocks;
  }
  return {};
}

void Transition::end_delegation(const DelegationId& id, bool rewarded) {
  const auto it = data_.delegations.find(id);
  const Delegation d = it->second;
  data_.delegations.erase(it);
  dirty_keys_.insert(delegation_key(id));
  Validator& v = validator(id.node_id);
  v.delegated -= d.amount;
  changed_sets_.emplace(kPrimaryNetwork);
  account(id.delegator).balance += d.amount;
  if (!rewarded) return;
  const uint256 reward =
      staking_reward(d.amount, d.end_time - d.start_time, config_.reward_rate_bps);
  const uint256 fee = reward * uint256(config_.delegation_fee_bps) / uint256(kBasisPoints);
  const Address owner = v.owner;
  mint(id.delegator, reward - fee);
  mint(owner, fee);
}

void Transition::remove_validator(const Address& node_id) {
  for (auto& [name, s] : data_.subnets) {
    if (!s.validators.contains(node_id)) continue;
    subnet(name).validators.erase(node_id);
    changed_sets_.insert(name);
  }
  data_.validators.erase(node_id);
  dirty_keys_.insert(validator_key(node_id));
  changed_sets_.emplace(kPrimaryNetwork);
}

void Transition::end_periods() {
  std::vector<DelegationId> delegations;
  for (const auto& [id, d] : data_.delegations)
    if (d.end_time <= timestamp_) delegations.push_back(id);
  for (const DelegationId& id : delegations)
    end_delegation(id, met_uptime(data_.validators.at(id.node_id)));

  std::vector<Address> ended;
  for (const auto& [node, v] : data_.validators)
    if (v.end_time <= timestamp_) ended.push_back(node);
  for (const Address& node : ended) {
    const Validator v = data_.validators.at(node);
    account(v.owner).balance += v.stake;
    if (met_uptime(v))
      mint(v.owner, staking_reward(v.stake, v.end_time - v.start_time, config_.reward_rate_bps));
    remove_validator(node);
  }

  for (auto& [name, s] : data_.subnets) {
    std::vector<Address> left;
    for (const auto& [node, member] : s.validators)
      if (member.end_time <= timestamp_) left.push_back(node);
    for (const Address& node : left) subnet(name).validators.erase(node);
    if (!left.empty()) changed_sets_.insert(name);
  }
}

void Transition::start_periods(std::uint64_t parent_timestamp) {
  const auto starts_now = [&](std::uint64_t start) {
    return parent_timestamp < start && start <= timestamp_;
  };
  for (const auto& [node, v] : data_.validators)
    if (starts_now(v.start_time)) changed_sets_.emplace(kPrimaryNetwork);
  for (const auto& [name, s] : data_.subnets)
    for (const auto& [node, member] : s.validators)
      if (starts_now(member.start_time)) changed_sets_.insert(name);
}

Result<EvidenceFacts> Transition::check_report(const ReportEquivocation& op) const {
  if (op.evidence.size() > config_.max_evidence_size)
    return refuse("equivocation evidence exceeds " + std::to_string(config_.max_evidence_size) +
                  " bytes");
  if (!config_.check_evidence) return not_supported("equivocation evidence check");
  auto facts = config_.check_evidence(op.evidence);
  if (!facts) return refuse("invalid equivocation evidence: " + facts.error().message);
  if (data_.used_evidence.contains(facts->id)) return refuse("evidence already used");
  const auto it = std::find_if(
      data_.validators.begin(), data_.validators.end(),
      [&](const auto& entry) { return entry.second.bls_key == facts->offender_bls_key; });
  if (it == data_.validators.end()) return refuse("no validator has the offender's BLS key");
  return facts;
}

Result<void> Transition::apply_evidence(const Bytes& report) {
  PLEXUS_TRY(const EvidenceFacts facts, check_report(ReportEquivocation{report}));
  execute_report(facts);
  return {};
}

void Transition::execute_report(const EvidenceFacts& facts) {
  const auto it = std::find_if(
      data_.validators.begin(), data_.validators.end(),
      [&](const auto& entry) { return entry.second.bls_key == facts.offender_bls_key; });
  const Validator v = it->second;
  std::vector<DelegationId> delegations;
  for (const auto& [id, d] : data_.delegations)
    if (id.node_id == v.node_id) delegations.push_back(id);
  for (const DelegationId& id : delegations) end_delegation(id, false);
  const uint256 slashed = v.stake * uint256(config_.slash_bps) / uint256(kBasisPoints);
  account(v.owner).balance += v.stake - slashed;
  data_.totals.burned += slashed;
  dirty_keys_.insert(totals_key());
  data_.used_evidence.insert(facts.id);
  dirty_keys_.insert(evidence_key(facts.id));
  remove_validator(v.node_id);
}

}  // namespace plexus::platform
