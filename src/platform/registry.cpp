#include "platform/registry.hpp"

#include <chrono>

#include <algorithm>
#include <set>

#include "core/hash.hpp"

namespace plexus::platform {

Result<std::unique_ptr<PlatformRegistry>> PlatformRegistry::open(kv::KvStore& store,
                                                                 const PlatformGenesis& genesis,
                                                                 PlatformConfig config) {
  PLEXUS_TRY(auto state, PlatformState::open(store, genesis, std::move(config)));
  return std::unique_ptr<PlatformRegistry>(new PlatformRegistry(std::move(state)));
}

Result<void> PlatformRegistry::apply(const SignedOperation& signed_op) {
  // The wall clock only dates the block (build_block keeps timestamps from going back); no rule
  // reads it, so it never reaches the state root.
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  BuiltBlock built;
  {
    std::lock_guard lock(mutex_);
    built = build_block(*state_, std::span(&signed_op, 1), static_cast<std::uint64_t>(now.count()));
    if (!built.dropped.empty()) return std::unexpected(built.dropped.front().reason);
    PLEXUS_CHECK(state_->apply_block(built.block));
  }
  notify(built.block);
  return {};
}

Result<Hash256> PlatformRegistry::submit(const SignedOperation& signed_op) {
  const Hash256 hash = keccak256(encode_signed(signed_op));
  std::lock_guard lock(mutex_);
  for (const auto& [pooled, unused] : pool_)
    if (pooled == hash) return fail(Errc::kValidation, "platform: operation already pooled");
  if (pool_.size() >= kMaxPool)
    return fail(Errc::kLimitExceeded,
                "platform: the operation pool is full (" + std::to_string(kMaxPool) + ")");
  // Checked after the pooled operations, as a block would include it.
  std::vector<SignedOperation> candidates;
  candidates.reserve(pool_.size() + 1);
  for (const auto& [unused, op] : pool_) candidates.push_back(op);
  candidates.push_back(signed_op);
  const BuiltBlock built = build_block(*state_, candidates, state_->head_timestamp());
  for (const DroppedOperation& dropped : built.dropped)
    if (dropped.index == candidates.size() - 1 && dropped.reason.code != Errc::kLimitExceeded)
      return std::unexpected(dropped.reason);
  pool_.emplace_back(hash, signed_op);
  return hash;
}

std::vector<SignedOperation> PlatformRegistry::pooled(std::size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<SignedOperation> out;
  for (std::size_t i = 0; i < pool_.size() && i < max; ++i) out.push_back(pool_[i].second);
  return out;
}

std::uint64_t PlatformRegistry::pending_nonce(const Address& issuer) const {
  std::lock_guard lock(mutex_);
  std::uint64_t next = state_->account(issuer).nonce;
  for (const auto& [unused, op] : pool_)
    if (op.issuer == issuer && op.nonce >= next) next = op.nonce + 1;
  return next;
}

std::size_t PlatformRegistry::pool_size() const {
  std::lock_guard lock(mutex_);
  return pool_.size();
}

PendingState PlatformRegistry::head_state() const {
  std::lock_guard lock(mutex_);
  return state_->head_state();
}

Result<PendingState> PlatformRegistry::run_pending(PendingState parent,
                                                   const PlatformBlock& block) const {
  std::lock_guard lock(mutex_);
  return state_->run_pending(std::move(parent), block);
}

BuiltBlock PlatformRegistry::build(PendingState parent, const std::vector<Hash256>& exclude,
                                   std::uint64_t timestamp, UptimeRecord uptime) const {
  std::lock_guard lock(mutex_);
  std::vector<SignedOperation> candidates;
  for (const auto& [hash, op] : pool_)
    if (std::find(exclude.begin(), exclude.end(), hash) == exclude.end()) candidates.push_back(op);
  std::vector<Bytes> evidence;
  for (const auto& [hash, report] : evidence_pool_)
    if (std::find(exclude.begin(), exclude.end(), hash) == exclude.end())
      evidence.push_back(report);
  return build_block(*state_, std::move(parent), candidates, timestamp, std::move(uptime),
                     evidence);
}

Result<void> PlatformRegistry::apply_final(const PlatformBlock& block) {
  {
    std::lock_guard lock(mutex_);
    PLEXUS_CHECK(state_->apply_block(block));
    std::set<Hash256> included;
    for (const SignedOperation& op : block.ops) included.insert(keccak256(encode_signed(op)));
    std::erase_if(pool_, [&](const auto& entry) { return included.contains(entry.first); });
    prune_pool();
    // Evidence that no longer applies (used, or its validator gone) is forgotten.
    std::erase_if(evidence_pool_, [&](const auto& entry) {
      return build_block(*state_, {}, state_->head_timestamp(), {}, std::span(&entry.second, 1))
          .block.evidence.empty();
    });
  }
  notify(block);
  return {};
}

Result<Hash256> PlatformRegistry::submit_evidence(const Bytes& report) {
  const Hash256 hash = keccak256(report);
  std::lock_guard lock(mutex_);
  for (const auto& [pooled, unused] : evidence_pool_)
    if (pooled == hash) return fail(Errc::kValidation, "platform: evidence already pooled");
  if (evidence_pool_.size() >= kMaxEvidence)
    return fail(Errc::kLimitExceeded, "platform: the evidence pool is full");
  PlatformData data = state_->data();
  Transition transition(data, state_->config(), state_->network_id(), state_->height() + 1,
                        state_->head_timestamp());
  PLEXUS_CHECK(transition.apply_evidence(report));
  evidence_pool_.emplace_back(hash, report);
  return hash;
}

std::size_t PlatformRegistry::evidence_pool_size() const {
  std::lock_guard lock(mutex_);
  return evidence_pool_.size();
}

void PlatformRegistry::prune_pool() {
  if (pool_.empty()) return;
  std::vector<SignedOperation> candidates;
  for (const auto& [unused, op] : pool_) candidates.push_back(op);
  const BuiltBlock built = build_block(*state_, candidates, state_->head_timestamp());
  std::set<std::size_t> dropped;
  for (const DroppedOperation& d : built.dropped)
    if (d.reason.code != Errc::kLimitExceeded) dropped.insert(d.index);
  std::size_t index = 0;
  std::erase_if(pool_, [&](const auto&) { return dropped.contains(index++); });
}

Result<std::optional<std::uint64_t>> PlatformRegistry::first_active_height(
    std::string_view subnet) const {
  std::lock_guard lock(mutex_);
  return state_->first_active_height(subnet);
}

Result<std::vector<ScheduledChange>> PlatformRegistry::scheduled_changes_at(
    std::string_view subnet, std::uint64_t height) const {
  std::lock_guard lock(mutex_);
  if (height > state_->height())
    return fail(Errc::kNotFound,
                "platform: height " + std::to_string(height) + " is not final here");
  return state_->scheduled_changes_at(subnet, height);
}

Result<PlatformBlock> PlatformRegistry::block_at(std::uint64_t height) const {
  std::lock_guard lock(mutex_);
  return state_->block_at(height);
}

Result<std::optional<std::uint64_t>> PlatformRegistry::height_of_blobs(
    const Hash256& op_hash) const {
  std::lock_guard lock(mutex_);
  return state_->height_of_blobs(op_hash);
}

Hash256 PlatformRegistry::head_hash() const {
  std::lock_guard lock(mutex_);
  return state_->head_hash();
}

void PlatformRegistry::set_block_listener(std::function<void(const PlatformBlock&)> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

void PlatformRegistry::notify(const PlatformBlock& block) {
  std::function<void(const PlatformBlock&)> listener;
  {
    std::lock_guard lock(mutex_);
    listener = listener_;
  }
  if (listener) listener(block);
}

std::uint64_t PlatformRegistry::height() const {
  std::lock_guard lock(mutex_);
  return state_->height();
}

Hash256 PlatformRegistry::root() const {
  std::lock_guard lock(mutex_);
  return state_->root();
}

uint256 PlatformRegistry::balance(const Address& addr) const {
  std::lock_guard lock(mutex_);
  return state_->account(addr).balance;
}

std::uint64_t PlatformRegistry::nonce(const Address& addr) const {
  std::lock_guard lock(mutex_);
  return state_->account(addr).nonce;
}

std::vector<Validator> PlatformRegistry::validators() const {
  std::lock_guard lock(mutex_);
  std::vector<Validator> out;
  for (const auto& [node, validator] : state_->data().validators) out.push_back(validator);
  return out;
}

std::vector<Subnet> PlatformRegistry::subnets() const {
  std::lock_guard lock(mutex_);
  std::vector<Subnet> out;
  for (const auto& [name, subnet] : state_->data().subnets) out.push_back(subnet);
  return out;
}

std::optional<Subnet> PlatformRegistry::subnet(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto& subnets = state_->data().subnets;
  const auto it = subnets.find(name);
  if (it == subnets.end()) return std::nullopt;
  return it->second;
}

std::optional<Proposal> PlatformRegistry::proposal(std::string_view subnet,
                                                   std::uint64_t number) const {
  std::lock_guard lock(mutex_);
  const auto& proposals = state_->data().proposals;
  const auto it = proposals.find(ProposalId{std::string(subnet), number});
  if (it == proposals.end()) return std::nullopt;
  return it->second;
}

Result<ValidatorSet> PlatformRegistry::validator_set(std::string_view subnet,
                                                     std::uint64_t height) const {
  std::lock_guard lock(mutex_);
  return state_->validator_set(subnet, height);
}

std::vector<ScheduledChange> PlatformRegistry::scheduled_changes(std::string_view subnet) const {
  std::lock_guard lock(mutex_);
  return state_->scheduled_changes(subnet);
}

}  // namespace plexus::platform
