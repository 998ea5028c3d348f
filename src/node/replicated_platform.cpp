#include "node/replicated_platform.hpp"

#include "consensus/bft/platform_application.hpp"

namespace plexus::node {

Result<std::unique_ptr<ReplicatedPlatform>> ReplicatedPlatform::open(
    platform::PlatformRegistry& registry, kv::KvStore& store, const Clock& clock,
    net::Transport& transport, net::Router& router, ReplicatedPlatformConfig config,
    consensus::FatalListener on_fatal) {
  std::unique_ptr<ReplicatedPlatform> out(
      new ReplicatedPlatform(registry, transport, config.max_frame_bytes));
  consensus::bft::BftEngineConfig engine_config;
  engine_config.name = std::string(platform::kPrimaryNetwork);
  engine_config.epoch_length = config.epoch_length;
  engine_config.validators = [&registry](std::uint64_t height) {
    return registry.validator_set(platform::kPrimaryNetwork, height);
  };
  engine_config.key = std::move(config.key);
  engine_config.chain = Hash256::right_aligned(out->relay_->id().view());
  engine_config.params.leader_timeout = config.leader_timeout;
  engine_config.params.empty_block_after = config.leader_timeout / 2;
  engine_config.store = &store;
  engine_config.on_equivocation = std::move(config.on_equivocation);
  const Clock* time = &clock;
  const std::uint64_t length = config.epoch_length;
  auto make = [&registry, time, length](consensus::bft::FinalRecords& records,
                                        const std::optional<consensus::bft::EpochInfo>& epoch)
      -> Result<std::unique_ptr<consensus::bft::EpochApplication>> {
    const consensus::bft::EpochInfo info =
        epoch ? *epoch
              : consensus::bft::PlatformApplication::current_epoch(registry.height(), length);
    return std::make_unique<consensus::bft::PlatformApplication>(
        registry, records, info, [time] { return time->unix_seconds(); });
  };
  PLEXUS_TRY(out->engine_, consensus::bft::BftEngine::create(
                               consensus::bft::BftIo{clock, out->relay_.get(), std::move(on_fatal)},
                               std::move(engine_config), std::move(make)));
  out->relay_->set_engine(out->engine_.get());
  router.add(*out->relay_);
  return out;
}

Result<Hash256> ReplicatedPlatform::submit(const platform::SignedOperation& op) {
  PLEXUS_TRY(const Hash256 hash, registry_.submit(op));
  relay_->gossip_transaction(platform::encode_signed(op));
  engine_->on_transaction();
  return hash;
}

}  // namespace plexus::node
