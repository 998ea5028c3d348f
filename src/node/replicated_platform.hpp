#pragma once
// The primary network's chain as a node of a network runs it: the node's PlatformRegistry
// ordered by the bft engine over a PlatformApplication, with operations gossiped and the
// engine's messages carried by a PlatformRelay on the node's transport. Every primary validator
// votes; other nodes follow as observers. An operation submitted to any node reaches every
// node's pool and is applied, on every node, when the block that includes it is final.
#include <memory>

#include "consensus/bft/bft_engine.hpp"
#include "net/platform_relay.hpp"
#include "net/router.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

struct ReplicatedPlatformConfig {
  std::uint64_t epoch_length = 64;
  std::optional<bls::SecretKey> key{};  // this node's, if it validates
  std::chrono::milliseconds leader_timeout{1000};
  std::uint32_t max_frame_bytes = 2 * 1024 * 1024;
  std::function<void(Bytes report)> on_equivocation{};  // BftEngineConfig::on_equivocation
};

class ReplicatedPlatform {
 public:
  // Adds its relay to `router`; call start() once the router runs. Everything given must
  // outlive it.
  [[nodiscard]] static Result<std::unique_ptr<ReplicatedPlatform>> open(
      platform::PlatformRegistry& registry, kv::KvStore& store, const Clock& clock,
      net::Transport& transport, net::Router& router, ReplicatedPlatformConfig config,
      consensus::FatalListener on_fatal);
  ~ReplicatedPlatform() { stop(); }

  void start() { engine_->start(); }
  void stop() { engine_->stop(); }
  // Pools an operation submitted to this node (the broken rule otherwise) and gossips it.
  [[nodiscard]] Result<Hash256> submit(const platform::SignedOperation& op);
  // Offers the pooled operations to the peers again.
  void tick() { relay_->tick(); }
  [[nodiscard]] const consensus::bft::BftEngine& engine() const { return *engine_; }

 private:
  ReplicatedPlatform(platform::PlatformRegistry& registry, net::Transport& transport,
                     std::uint32_t max_frame_bytes)
      : registry_(registry),
        relay_(std::make_unique<net::PlatformRelay>(transport, registry, max_frame_bytes)) {}

  platform::PlatformRegistry& registry_;
  std::unique_ptr<net::PlatformRelay> relay_;
  std::unique_ptr<consensus::bft::BftEngine> engine_;
};

}  // namespace plexus::node
