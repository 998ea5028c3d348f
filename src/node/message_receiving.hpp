#pragma once
// What a subnet's messenger needs from the node to receive messages (docs/MESSAGING.md,
// Delivery): the source subnets' validator sets by platform height, read from the platform
// registry and cached (decompressing a hundred BLS keys costs more than the pairing), and the
// platform height of each block, read from what its engine wrote in the header's extra data.
#include <cstdint>

#include "chain/block_header.hpp"
#include "chain/subnet_chain.hpp"
#include "messaging/messenger_vm.hpp"
#include "platform/registry.hpp"

namespace plexus::node {

// The registry must outlive the hooks. `quorum_bps` is the subnet's (0: the default).
[[nodiscard]] messaging::Receiving message_receiving(const platform::PlatformRegistry& registry,
                                                     std::uint32_t quorum_bps = 0);
// The quorum a subnet asks of the messages it receives (its genesis' message_quorum_bps, or the
// default), by its 32-byte id; the default for a subnet the registry does not know.
[[nodiscard]] std::uint32_t message_quorum_of(const platform::PlatformRegistry& registry,
                                              const messaging::SubnetKey& subnet);

// A block's platform height: its epoch tag's (consensus/bft/epoch.hpp; the dev engine writes one
// too, dev_block_tag), 0 for a block without one.
[[nodiscard]] std::uint64_t block_platform_height(const chain::BlockHeader& header);
// What the dev engine writes into a block it makes: the platform height it builds at.
[[nodiscard]] Bytes dev_block_tag(std::uint64_t platform_height);

// The messenger's status of message `id` on `chain` (its messageStatus at the head); nullopt
// when the call fails.
[[nodiscard]] std::optional<messaging::DeliveryStatus> delivery_status(
    const chain::SubnetChain& chain, const Hash256& id);

// The id and unsigned message of a MessageSent log of the messenger; nullopt for any other log.
[[nodiscard]] std::optional<std::pair<Hash256, BytesView>> sent_message(const chain::Log& log);

// A subnet's 32-byte id as messages carry it.
[[nodiscard]] messaging::SubnetKey subnet_key(std::string_view name);

}  // namespace plexus::node
