#pragma once
// Cross-subnet messages on a subnet's JSON-RPC (docs/MESSAGING.md, RPC): what this subnet sent,
// read from its blocks' MessageSent logs.
//   plexus_getMessage(id)                       one message, or null
//   plexus_getMessagesBySubnet(fromBlock?, toBlock?)  the messages its blocks sent in a range
//   plexus_signMessage(id, platformHeight)       this validator's signature share
#include <functional>
#include <optional>
#include <string>

#include "chain/subnet_chain.hpp"
#include "core/bls/bls.hpp"
#include "messaging/messenger_vm.hpp"
#include "platform/registry.hpp"
#include "rpc/dispatcher.hpp"

namespace plexus::node {

// Blocks plexus_getMessage looks back from the head, and the widest range of
// plexus_getMessagesBySubnet: bounded reads, as eth_getLogs has.
inline constexpr std::uint64_t kMessageLookback = 100'000;
inline constexpr std::uint64_t kMessageRange = 10'000;

// What this node knows of a message beyond its source block: its certificate (the signed
// message, once the relayer made one) and its status on the destination, when this node runs
// the destination (nullopt otherwise).
struct MessageProgress {
  std::optional<Bytes> certificate;
  std::optional<messaging::DeliveryStatus> delivery;
};
using ProgressLookup =
    std::function<MessageProgress(const Hash256& id, const messaging::SubnetKey& destination)>;

// What plexus_signMessage needs: the subnet's name, the platform registry that knows its sets,
// and this node's BLS key (none: the method answers "not supported").
struct MessageSigner {
  std::string subnet;
  const platform::PlatformRegistry* registry = nullptr;
  std::optional<bls::SecretKey> key;
  ProgressLookup progress{};  // unset: every message found is "sent"
};

void add_message_methods(rpc::Dispatcher& dispatcher, const chain::SubnetChain& chain,
                         MessageSigner signer = {});

}  // namespace plexus::node
