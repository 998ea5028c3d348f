#pragma once
// A subnet rebuilt from DA with the platform chain replayed under it (docs/DA.md, Rebuilding).
// The rebuild reads every platform block anyway (for its blobs); here each one is also applied
// to a platform state of the rebuild's own, opened from the network's block 0 and changed only
// by the platform's state machine (PlatformRegistry::apply_final: every operation rule, the data
// root), so that each subnet block is verified with the platform state a live node had for it:
//  - the subnet is found once its record exists with validators, at whatever platform height
//    it was created (its chain configuration made from that record, as a node starting it does);
//  - a block names a platform height (its epoch tag); cross-subnet messages it delivers are
//    checked against the source sets at that height, read from the replayed state;
//  - under bft, each block's tag must name the epoch and P_e the chain is in (the rules of
//    consensus::bft::ChainApplication), a finalization certificate of that epoch signed by a
//    quorum of the set at P_e must make it final (da_finality.hpp), and at each epoch's first
//    block the governance changes visible at P_e are scheduled (apply_governance), exactly as
//    the engine's on_epoch does.
// A block naming a platform height at or above the platform block that carries it cannot be a
// final block (its blob was submitted after the height was final), and is refused.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "da/share.hpp"
#include "node/da_blocks.hpp"
#include "node/da_finality.hpp"
#include "node/dev_config.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

class DaReplay {
 public:
  struct Config {
    DevNetworkConfig network;  // as the network was started (its genesis, epoch length)
    std::string subnet;
    std::uint64_t genesis_timestamp = 0;  // the subnet's block 0 time, if known (0: block 0's)
    // Where the rebuilt chain is written, asked once when block 0 is found; it must outlive the
    // replay.
    std::function<Result<kv::KvStore*>()> open_store;
    // Where the replayed platform state is kept (it must outlive the replay); nullptr: in memory.
    kv::KvStore* platform_store = nullptr;
  };
  // `clock` (the chain's idea of now, for its timestamp rules) must outlive the replay.
  [[nodiscard]] static Result<std::unique_ptr<DaReplay>> open(Config config, const Clock& clock);

  // Looks for the subnet in the platform state replayed so far (apply_platform_block does after
  // each block): once it exists with validators, its chain is prepared; a subnet that does not
  // post to DA is an error.
  [[nodiscard]] Result<void> look_for_subnet();
  // The platform state replayed so far (block 0: the configuration's).
  [[nodiscard]] const platform::PlatformRegistry& platform() const noexcept { return *platform_; }
  // Applies the next final platform block under the platform's rules (a refusal means the node
  // serves another chain than this configuration's: the rebuild stops), then look_for_subnet.
  [[nodiscard]] Result<void> apply_platform_block(const platform::PlatformBlock& block);
  // The subnet's namespace, once the replayed state has the subnet with validators.
  [[nodiscard]] std::optional<da::Namespace> ns() const { return ns_; }
  // A blob of the subnet's namespace in the last platform block applied.
  [[nodiscard]] Result<DaRebuild::Outcome> offer(BytesView blob);
  // The rebuild, once the subnet is known (its chain once a block 0 was taken).
  [[nodiscard]] const DaRebuild* rebuild() const noexcept { return rebuild_.get(); }
  // A rebuild resumed: the subnet's chain written earlier into the store is opened (with its
  // block 0's timestamp), once the replayed platform state has the subnet.
  [[nodiscard]] Result<void> resume(std::uint64_t genesis_timestamp);

 private:
  DaReplay(Config config, const Clock& clock) : config_(std::move(config)), clock_(clock) {}
  [[nodiscard]] Result<void> before_block(chain::SubnetChain& chain,
                                          std::span<const PostedBlock> run, std::size_t i);

  Config config_;
  const Clock& clock_;
  std::vector<secp256k1::PrivateKey> accounts_;
  kv::MemoryStore memory_platform_store_;
  std::unique_ptr<platform::PlatformRegistry> platform_;
  std::optional<da::Namespace> ns_;
  bool bft_ = false;
  std::uint64_t first_platform_height_ = 0;      // P_0: the subnet's first set
  std::optional<std::uint64_t> governed_epoch_;  // the last epoch whose changes are scheduled
  std::optional<FinalityCheck> finality_;        // under bft
  std::unique_ptr<DaRebuild> rebuild_;
};

}  // namespace plexus::node
