#include "node/local_cluster.hpp"

#include <algorithm>

#include "core/hd_wallet.hpp"

namespace plexus::node {

Result<std::unique_ptr<LocalCluster>> LocalCluster::start(ClusterConfig config) {
  if (config.dir.empty()) return fail(Errc::kInvalidArgument, "cluster: no directory");
  std::unique_ptr<LocalCluster> cluster(new LocalCluster(std::move(config)));
  const ClusterConfig& c = cluster->config_;
  for (std::size_t i = 0; i < c.validators; ++i) {
    PLEXUS_TRY(auto m, cluster->make_member());
    // Deterministic keys: a cluster is a test bed, and reruns should meet the same set.
    PLEXUS_TRY(m->key, bls::SecretKey::key_gen(Bytes(32, static_cast<Byte>(i + 1))));
    cluster->validators_.push_back(
        GenesisValidator{m->id, 1, to_bytes(m->key->public_key().to_bytes().view()),
                         to_bytes(bls::pop_prove(*m->key).to_bytes().view())});
    cluster->members_.push_back(std::move(m));
  }
  std::sort(cluster->validators_.begin(), cluster->validators_.end(),
            [](const auto& a, const auto& b) { return a.node_id < b.node_id; });
  for (std::size_t i = 0; i < c.validators; ++i) PLEXUS_CHECK(cluster->boot(i));
  return cluster;
}

Result<std::unique_ptr<LocalCluster::Member>> LocalCluster::make_member() const {
  auto m = std::make_unique<Member>();
  m->dir = config_.dir / ("node" + std::to_string(members_.size()));
  PLEXUS_TRY(const net::Identity identity, net::Identity::load_or_create(m->dir / "staking"));
  m->id = identity.node_id();
  if (config_.rocksdb) {
    m->stores = std::make_unique<kv::RocksDbStoreFactory>(m->dir / "db");
  } else {
    m->stores = std::make_unique<kv::MemoryStoreFactory>();
  }
  return m;
}

Result<std::size_t> LocalCluster::add_observer() {
  PLEXUS_TRY(auto m, make_member());
  members_.push_back(std::move(m));
  PLEXUS_CHECK(boot(members_.size() - 1));
  return members_.size() - 1;
}

LocalCluster::~LocalCluster() {
  for (std::size_t i = 0; i < members_.size(); ++i) stop(i);
  std::error_code ec;
  std::filesystem::remove_all(config_.dir, ec);
}

Result<void> LocalCluster::boot(std::size_t i) {
  Member& m = *members_[i];
  net::TlsConfig tls;
  tls.network_id = 1337;
  tls.log = [](std::string_view) {};
  PLEXUS_TRY(net::Identity identity, net::Identity::load_or_create(m.dir / "staking"));
  PLEXUS_TRY(m.tls, net::TlsTransport::start(std::move(identity), tls));
  m.shaped = std::make_unique<net::ShapedTransport>(*m.tls, config_.delay);
  DevNetworkConfig config;
  config.rpc_port = 0;
  config.log_blocks = false;
  config.genesis_timestamp = 1'700'000'000;
  config.sync_writes = config_.sync_writes;
  config.accounts = config_.accounts;
  config.consensus = config_.consensus;
  config.validators = validators_;
  config.leader_timeout = config_.leader_timeout;
  config.epoch_length = config_.epoch_length;
  config.block_gas_limit = config_.block_gas_limit;
  NetworkRole role;
  role.transport = m.shaped.get();
  role.bls_key = m.key;
  // Validator i pays for message deliveries from dev account i.
  PLEXUS_TRY(const auto accounts, hd::dev_account_keys(config.mnemonic, config.accounts));
  if (!accounts.empty()) role.relayer_key = accounts[i % accounts.size()];
  role.tick = std::chrono::milliseconds(200);
  PLEXUS_TRY(m.node, DevNetwork::start(config, kv::Env{clock_, random_, *m.stores}, role));
  // Dial the others that run; they dial back whoever restarts.
  for (std::size_t j = 0; j < members_.size(); ++j)
    if (j != i && members_[j]->tls) m.tls->connect(members_[j]->tls->local_endpoint());
  return {};
}

Result<Hash256> LocalCluster::submit(std::size_t i, BytesView raw) {
  const RunningSubnet& subnet = evm(i);
  PLEXUS_TRY(const Hash256 hash, subnet.chain->submit(raw));
  if (subnet.relay) subnet.relay->gossip_transaction(raw);
  subnet.engine->on_transaction();
  return hash;
}

void LocalCluster::split(const std::vector<std::vector<std::size_t>>& groups) {
  for (std::size_t a = 0; a < groups.size(); ++a)
    for (std::size_t b = 0; b < groups.size(); ++b)
      if (a != b)
        for (const std::size_t x : groups[a])
          for (const std::size_t y : groups[b])
            if (members_[x]->shaped) members_[x]->shaped->cut(members_[y]->id);
}

void LocalCluster::heal() {
  for (const auto& m : members_)
    if (m->shaped) m->shaped->restore_all();
}

void LocalCluster::stop(std::size_t i) {
  Member& m = *members_[i];
  if (m.node) m.node->stop();
  if (m.shaped) m.shaped->close();  // nothing held is sent through a closed transport
  m.tls.reset();                    // no more messages for the subnets being torn down
  m.node.reset();
  m.shaped.reset();
}

Result<void> LocalCluster::restart(std::size_t i) {
  stop(i);
  return boot(i);
}

}  // namespace plexus::node
