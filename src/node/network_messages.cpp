// The node's part in cross-subnet messages (docs/MESSAGING.md, Relaying): its relayer, fed with
// the subnets it runs, its BLS key and paying account, and the peers' shares.
#include "chain/header_rules.hpp"
#include "consensus/bft/epoch.hpp"
#include "node/dev_network.hpp"
#include "node/message_receiving.hpp"

namespace plexus::node {

void DevNetwork::make_relayer() {
  MessageRelayerConfig config;
  config.network_id = static_cast<std::uint32_t>(config_.network_id);
  config.registry = platform_.get();
  if (role_) {
    config.self = Address::right_aligned(role_->transport->self().view());
    config.bls_key = role_->bls_key;
    config.payer = role_->relayer_key;
    config.broadcast = [transport = role_->transport](Bytes payload) {
      for (const net::NodeId& peer : transport->peers())
        (void)transport->send(peer, net::Message{.kind = net::MessageKind::kMessageShares,
                                                 .subnet = net::kPrimaryNetwork,
                                                 .payload = payload});
    };
  } else if (!accounts_.empty()) {
    config.bls_key = relayer_bls_key();
    config.payer = accounts_[0];  // plexus dev: account 0 pays for deliveries
  }
  config.chains = [this] { return relayed_chains(); };
  relayer_ = std::make_unique<MessageRelayer>(std::move(config));
  // A share that does not count yet is not proof of malice (it may name a platform height this
  // node has not reached), so the relayer counts refusals rather than scoring the peer.
  if (router_)
    router_->set_kind_handler(net::MessageKind::kMessageShares,
                              [this](const net::NodeId&, const net::Message& m) {
                                (void)relayer_->on_shares(m.payload);
                              });
}

std::optional<bls::SecretKey> DevNetwork::relayer_bls_key() const {
  if (role_) return role_->bls_key;
  // plexus dev: account 0 is the one validator, its BLS key derived from the account's as the
  // dev genesis registers it.
  if (accounts_.empty()) return std::nullopt;
  auto key = bls::SecretKey::key_gen(accounts_[0].secret().view());
  return key ? std::optional(*key) : std::nullopt;
}

MessageProgress DevNetwork::message_progress(const Hash256& id,
                                             const messaging::SubnetKey& destination) const {
  MessageProgress progress;
  if (relayer_) progress.certificate = relayer_->certified(id);
  for (const RunningSubnet* subnet : subnets()) {
    if (subnet_key(subnet->name) != destination) continue;
    progress.delivery = delivery_status(*subnet->chain, id);
  }
  return progress;
}

std::vector<RelayedChain> DevNetwork::relayed_chains() const {
  std::vector<RelayedChain> out;
  const platform::PlatformRegistry* registry = platform_.get();
  for (const RunningSubnet* subnet : subnets()) {
    RelayedChain relayed;
    relayed.name = subnet->name;
    relayed.chain = subnet->chain.get();
    relayed.submit = [subnet](BytesView raw) -> Result<Hash256> {
      PLEXUS_TRY(const Hash256 hash, subnet->chain->submit(raw));
      if (subnet->endpoint->on_transaction) subnet->endpoint->on_transaction(raw);
      return hash;
    };
    // The dev engine tags its next block with the platform's height when it builds it; bft and
    // snowman blocks carry their epoch's, read from the head.
    const bool dev = subnet->engine->kind() == platform::ConsensusKind::kDev;
    relayed.next_platform_height = [subnet, registry, dev]() -> std::uint64_t {
      if (dev) return registry->height();
      const chain::SubnetChain& chain = *subnet->chain;
      const auto header = chain.blocks().header_of(chain.head().number);
      if (!header || !*header) return 0;
      const auto tag = consensus::bft::decode_epoch_tag(chain::engine_data(**header));
      if (!tag) return 0;
      return tag->next_platform_height.value_or(tag->platform_height);
    };
    out.push_back(std::move(relayed));
  }
  return out;
}

}  // namespace plexus::node
