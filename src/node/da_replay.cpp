#include "node/da_replay.hpp"

#include <algorithm>

#include "consensus/bft/chain_application.hpp"
#include "consensus/bft/equivocation.hpp"
#include "core/hd_wallet.hpp"
#include "node/message_receiving.hpp"
#include "node/subnet_config.hpp"
#include "node/subnet_governance.hpp"

namespace plexus::node {

Result<std::unique_ptr<DaReplay>> DaReplay::open(Config config, const Clock& clock) {
  if (!config.open_store) return fail(Errc::kInvalidArgument, "da replay: no store to write to");
  std::unique_ptr<DaReplay> replay(new DaReplay(std::move(config), clock));
  const DevNetworkConfig& network = replay->config_.network;
  PLEXUS_TRY(replay->accounts_, hd::dev_account_keys(network.mnemonic, network.accounts));
  // The evidence check a node uses: a block carrying a report is accepted on the same terms.
  platform::PlatformConfig platform_config;
  platform_config.check_evidence = consensus::bft::check_equivocation_report;
  PLEXUS_TRY(replay->platform_,
             platform::PlatformRegistry::open(
                 replay->config_.platform_store != nullptr ? *replay->config_.platform_store
                                                           : replay->memory_platform_store_,
                 dev_platform_genesis(network, replay->accounts_), std::move(platform_config)));
  return replay;
}

Result<void> DaReplay::apply_platform_block(const platform::PlatformBlock& block) {
  if (block.height != platform_->height() + 1)
    return fail(Errc::kInvalidArgument, "platform block " + std::to_string(block.height) +
                                            " given after block " +
                                            std::to_string(platform_->height()));
  if (auto applied = platform_->apply_final(block); !applied)
    return fail(Errc::kValidation,
                "platform block " + std::to_string(block.height) +
                    " is refused by the platform's rules: " + applied.error().message);
  return look_for_subnet();
}

// As a node starts a subnet (DevNetwork::open_subnet): once its record has validators, with the
// chain configuration that record makes.
Result<void> DaReplay::look_for_subnet() {
  if (rebuild_) return {};
  const std::optional<platform::Subnet> subnet = platform_->subnet(config_.subnet);
  if (!subnet) return {};
  const Bytes& ns = subnet->spec.genesis.da_namespace;
  if (ns.empty())
    return fail(Errc::kInvalidArgument, "subnet " + config_.subnet + " does not post to DA");
  if (subnet->validators.empty()) return {};
  PLEXUS_TRY(const auto first, platform_->first_active_height(config_.subnet));
  if (!first) return fail(Errc::kCorruption, "subnet " + config_.subnet + " has no first set");
  first_platform_height_ = *first;
  bft_ = subnet->spec.consensus == platform::ConsensusKind::kBft;
  if (bft_)
    finality_.emplace(config_.subnet, [this](std::uint64_t platform_height) {
      return platform_->validator_set(config_.subnet, platform_height);
    });
  PLEXUS_TRY(chain::ChainConfig chain_config,
             subnet_chain_config(config_.network, *subnet, accounts_, *platform_, clock_));
  if (config_.genesis_timestamp != 0) chain_config.genesis_timestamp = config_.genesis_timestamp;
  da::Namespace found;
  std::copy(ns.begin(), ns.end(), found.bytes.begin());
  ns_ = found;
  rebuild_ = std::make_unique<DaRebuild>(
      chain_config,
      [this, chain_config](std::uint64_t timestamp) -> Result<std::unique_ptr<chain::SubnetChain>> {
        PLEXUS_TRY(kv::KvStore * store, config_.open_store());
        chain::ChainConfig with_time = chain_config;
        with_time.genesis_timestamp = timestamp;
        return chain::SubnetChain::open(*store, std::move(with_time));
      },
      [this](chain::SubnetChain& chain, std::span<const PostedBlock> run, std::size_t i) {
        return before_block(chain, run, i);
      });
  return {};
}

Result<void> DaReplay::resume(std::uint64_t genesis_timestamp) {
  if (!rebuild_)
    return fail(Errc::kInvalidArgument,
                "subnet " + config_.subnet + " is not on the platform chain replayed so far");
  return rebuild_->resume(genesis_timestamp);
}

Result<DaRebuild::Outcome> DaReplay::offer(BytesView blob) {
  if (!rebuild_)
    return fail(Errc::kInvalidArgument,
                "subnet " + config_.subnet + " is not on the platform chain replayed so far");
  return rebuild_->offer(blob);
}

Result<void> DaReplay::before_block(chain::SubnetChain& chain, std::span<const PostedBlock> run,
                                    std::size_t i) {
  const chain::Block& block = run[i].block;
  const std::uint64_t carrier = platform_->height();
  const std::uint64_t named = block_platform_height(block.header);
  if (named >= carrier)
    return fail(Errc::kValidation, "block " + std::to_string(block.header.number) +
                                       " names platform height " + std::to_string(named) +
                                       ", not below the platform block " + std::to_string(carrier) +
                                       " that carries it");
  if (!bft_) return {};
  // The epoch the engine is in after the head, and its tag rules.
  PLEXUS_TRY(const auto head, chain.blocks().by_number(chain.head().number));
  if (!head) return fail(Errc::kCorruption, "the rebuilt head is not stored");
  using consensus::bft::ChainApplication;
  PLEXUS_TRY(const consensus::bft::EpochInfo epoch,
             ChainApplication::current_epoch(head->block, config_.network.epoch_length,
                                             first_platform_height_));
  PLEXUS_CHECK(ChainApplication::check_epoch_tag(block, epoch, carrier));
  PLEXUS_CHECK(finality_->check(run, i, epoch.epoch, epoch.platform_height));
  if (governed_epoch_ == epoch.epoch) return {};
  // The engine's on_epoch at the epoch's start: engine timings are not needed to verify.
  consensus::bft::BftParams timing;
  PLEXUS_CHECK(apply_governance(chain, *platform_, config_.subnet, epoch, timing));
  governed_epoch_ = epoch.epoch;
  return {};
}

}  // namespace plexus::node
