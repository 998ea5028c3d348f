#pragma once
// The primary network as the dev node runs it: a PlatformState behind a lock, where each
// submitted operation becomes a platform block of its own as soon as it arrives. A submission
// that breaks a rule is refused with that rule and builds no block.
//
// A replicated node will instead put submissions in a pool and build blocks with build_block
// under a consensus engine; the state and its rules stay the same.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/state.hpp"

namespace plexus::platform {

class PlatformRegistry {
 public:
  // `store` must outlive the registry (see PlatformState::open).
  [[nodiscard]] static Result<std::unique_ptr<PlatformRegistry>> open(
      kv::KvStore& store, const PlatformGenesis& genesis, PlatformConfig config = {});

  // Puts the operation in a platform block of its own and applies it; the broken rule
  // otherwise (nothing changes).
  [[nodiscard]] Result<void> apply(const SignedOperation& signed_op);

  [[nodiscard]] std::uint64_t network_id() const noexcept { return network_id_; }
  [[nodiscard]] std::uint64_t height() const;
  [[nodiscard]] Hash256 root() const;
  [[nodiscard]] uint256 balance(const Address& addr) const;
  [[nodiscard]] std::uint64_t nonce(const Address& addr) const;
  [[nodiscard]] std::vector<Validator> validators() const;
  [[nodiscard]] std::vector<Subnet> subnets() const;
  [[nodiscard]] std::optional<Subnet> subnet(std::string_view name) const;
  [[nodiscard]] Result<ValidatorSet> validator_set(std::string_view subnet,
                                                   std::uint64_t height) const;
  // The passed governance proposals of `subnet` (PlatformState::scheduled_changes).
  [[nodiscard]] std::vector<ScheduledChange> scheduled_changes(std::string_view subnet) const;

 private:
  explicit PlatformRegistry(std::unique_ptr<PlatformState> state)
      : network_id_(state->network_id()), state_(std::move(state)) {}

  const std::uint64_t network_id_;
  mutable std::mutex mutex_;
  std::unique_ptr<PlatformState> state_;
};

}  // namespace plexus::platform
