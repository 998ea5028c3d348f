#pragma once
// The primary network's chain over a Transport: platform operations gossiped like transactions
// (each admitted to the node's operation pool, PlatformRegistry::submit) and the bft engine's
// messages, which also carry its blocks and its catching up; so there are no block
// announcements or requests here.
#include "net/relay.hpp"
#include "platform/registry.hpp"

namespace plexus::net {

class PlatformRelay final : public Relay {
 public:
  PlatformRelay(Transport& transport, platform::PlatformRegistry& registry,
                std::uint32_t max_frame_bytes)
      : Relay(transport, subnet_id(platform::kPrimaryNetwork), max_frame_bytes),
        registry_(registry) {}

  void announce_block(const chain::Block&) override {}
  void request_blocks(std::uint64_t, std::uint64_t) override {}

 private:
  [[nodiscard]] Result<void> admit(BytesView raw) override;
  [[nodiscard]] std::vector<Bytes> pooled(std::size_t max) const override;

  platform::PlatformRegistry& registry_;
};

}  // namespace plexus::net
