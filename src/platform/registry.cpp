#include "platform/registry.hpp"

#include <chrono>

#include "platform/builder.hpp"

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
  std::lock_guard lock(mutex_);
  const BuiltBlock built =
      build_block(*state_, std::span(&signed_op, 1), static_cast<std::uint64_t>(now.count()));
  if (!built.dropped.empty()) return std::unexpected(built.dropped.front().reason);
  PLEXUS_CHECK(state_->apply_block(built.block));
  return {};
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
