#include "node/dev_network.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "consensus/bft/equivocation.hpp"
#include "consensus/bft/final_records.hpp"
#include "consensus/follower_engine.hpp"
#include "consensus/snowman/snowman_engine.hpp"
#include "core/bls/bls.hpp"
#include "core/hash.hpp"
#include "core/hd_wallet.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/message_methods.hpp"
#include "node/message_receiving.hpp"
#include "node/network_methods.hpp"
#include "node/plexus_methods.hpp"
#include "node/subnet_config.hpp"
#include "node/subnet_governance.hpp"
#include "node/subnet_vms.hpp"
#include "rpc/basic_methods.hpp"

namespace plexus::node {
namespace {

// Where a replicated engine (bft, snowman) of `running` reads its validator sets: the subnet's
// P_0, its set at a platform height, and this node's final platform height; and its name.
template <class EngineConfig>
Result<void> read_sets(const platform::PlatformRegistry& registry, const RunningSubnet& running,
                       EngineConfig& config) {
  config.name = running.name;
  PLEXUS_TRY(const auto first, registry.first_active_height(running.name));
  if (!first) return fail(Errc::kNotFound, "subnet " + running.name + " has no validators yet");
  config.first_platform_height = *first;
  config.validators = [&registry, name = running.name](std::uint64_t height) {
    return registry.validator_set(name, height);
  };
  config.final_platform_height = [&registry] { return registry.height(); };
  return {};
}

// One wallet key signs for every subnet, so a signed transaction must be valid on one subnet
// at most: protected transactions carry a chain id, which must therefore be unique, and
// unprotected ones may be allowed on a single subnet.
Result<void> check_replay_rules(const DevNetworkConfig& c,
                                const std::vector<platform::Subnet>& subnets) {
  std::map<std::uint64_t, std::string> by_chain_id;
  for (const platform::Subnet& subnet : subnets) {
    const auto [it, fresh] = by_chain_id.emplace(subnet.spec.chain_id, subnet.spec.name);
    if (!fresh)
      return fail(Errc::kInvalidArgument,
                  "subnets " + it->second + " and " + subnet.spec.name + " share chain id " +
                      std::to_string(subnet.spec.chain_id) +
                      ": a transaction signed for one would be valid on the other");
  }
  if (c.unprotected_txs_subnets.size() > 1)
    return fail(Errc::kInvalidArgument,
                "unprotected transactions can be allowed on one subnet at most: the same bytes "
                "would be valid on each");
  for (const std::string& name : c.unprotected_txs_subnets) {
    const bool known = std::any_of(subnets.begin(), subnets.end(),
                                   [&](const auto& subnet) { return subnet.spec.name == name; });
    if (!known)
      return fail(Errc::kInvalidArgument,
                  "allow_unprotected_txs names subnet " + name + ", which does not exist");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<DevNetwork>> DevNetwork::start(DevNetworkConfig config,
                                                      std::optional<kv::Env> env,
                                                      std::optional<NetworkRole> role) {
  std::unique_ptr<DevNetwork> net(new DevNetwork(std::move(config)));
  if (role) {
    if (role->transport == nullptr)
      return fail(Errc::kInvalidArgument, "a network role needs a transport");
    net->role_ = std::move(role);
    net->router_ = std::make_unique<net::Router>(*net->role_->transport);
  }
  const DevNetworkConfig& c = net->config_;
  if (env) {
    net->env_.emplace(*env);
  } else {
    net->system_env_ = std::make_unique<kv::SystemEnv>(c.data_dir);
    net->env_.emplace(net->system_env_->env());
  }
  PLEXUS_TRY(net->accounts_, hd::dev_account_keys(c.mnemonic, c.accounts));

  PLEXUS_TRY(net->platform_store_, net->env_->stores.open("primary"));
  platform::PlatformConfig platform_config;
  platform_config.check_evidence = consensus::bft::check_equivocation_report;
  PLEXUS_TRY(net->platform_, platform::PlatformRegistry::open(
                                 *net->platform_store_, dev_platform_genesis(c, net->accounts_),
                                 std::move(platform_config)));
  PLEXUS_CHECK(check_replay_rules(c, net->platform_->subnets()));
  // A network of nodes runs its primary chain under bft, whichever engine its subnets use.
  if (net->role_ && c.consensus != platform::ConsensusKind::kDev)
    PLEXUS_CHECK(net->open_replicated_platform());
  for (const platform::Subnet& subnet : net->platform_->subnets())
    PLEXUS_CHECK(net->open_subnet(subnet));
  net->make_relayer();

  rpc::ServerConfig server_config{
      .address = c.rpc_address, .port = c.rpc_port, .threads = c.rpc_threads};
  server_config.max_connections = c.rpc_max_connections;
  server_config.max_connections_per_address = c.rpc_max_connections_per_address;
  server_config.max_requests_per_second_per_address =
      static_cast<double>(c.rpc_max_requests_per_second_per_address);
  if (!c.explorer_dir.empty()) {
    PLEXUS_TRY(rpc::StaticSite site, rpc::StaticSite::load(c.explorer_dir, "/explorer"));
    server_config.static_site = std::make_shared<const rpc::StaticSite>(std::move(site));
  }
  net->server_ = std::make_unique<rpc::Server>(std::move(server_config));
  for (const auto& subnet : net->subnets_) PLEXUS_CHECK(net->serve(*subnet));
  if (net->router_) net->router_->start();
  net->relayer_->start();
  if (net->replicated_platform_) net->replicated_platform_->start();
  for (const auto& subnet : net->subnets_) {
    subnet->engine->start();
    if (subnet->da_poster) subnet->da_poster->start();
  }
  PLEXUS_CHECK(net->server_->start());
  net->ticking_ = true;
  net->ticker_ = std::thread([raw = net.get()] { raw->tick_loop(); });
  // Subnets created (or given validators) on the platform chain start at its next final block,
  // on the ticker's thread rather than the platform engine's; `plexus dev` alone too, for subnets
  // whose engine is dev (a bft or snowman one says once that it needs a network of nodes).
  net->platform_->set_block_listener([raw = net.get()](const platform::PlatformBlock&) {
    {
      std::lock_guard lock(raw->tick_mutex_);
      raw->platform_changed_ = true;
    }
    raw->tick_cv_.notify_all();
  });
  return net;
}

Result<void> DevNetwork::serve(RunningSubnet& subnet) {
  // plexus_getMoveResource reads the subnet's own chain (Move may run there from genesis or from
  // a governance proposal's height); the root endpoint's EVM-only "evm" subnet reads the "move"
  // subnet's instead, for development convenience.
  const std::optional<platform::Subnet> record = platform_->subnet(subnet.name);
  const bool evm_only =
      subnet.name == "evm" && record && !record->spec.vms.contains(platform::VmKind::kMove);
  const RunningSubnet* move = evm_only ? this->subnet("move") : &subnet;
  add_plexus_methods(
      *subnet.dispatcher, *platform_,
      [this](std::string_view name) -> std::optional<std::pair<std::uint64_t, Hash256>> {
        const RunningSubnet* running = this->subnet(name);
        if (running == nullptr) return std::nullopt;
        const chain::ChainHead head = running->chain->head();
        return std::pair{head.number, head.hash};
      },
      move != nullptr ? move->chain.get() : nullptr,
      [this](const platform::SignedOperation& op) { return submit_platform_operation(op); });
  add_message_methods(
      *subnet.dispatcher, *subnet.chain,
      MessageSigner{.subnet = subnet.name,
                    .registry = platform_.get(),
                    .key = relayer_bls_key(),
                    .progress = [this](const Hash256& id, const messaging::SubnetKey& destination) {
                      return message_progress(id, destination);
                    }});
  if (role_) add_network_methods(*subnet.dispatcher, *role_->transport, *this);
  PLEXUS_CHECK(server_->add_endpoint("/subnet/" + subnet.name, subnet.dispatcher));
  if (subnet.vm == platform::VmKind::kEvm && subnet.name == "evm")
    PLEXUS_CHECK(server_->add_endpoint("/", subnet.dispatcher));
  return {};
}

void DevNetwork::start_new_subnets() {
  std::size_t before;
  {
    std::lock_guard lock(subnets_mutex_);
    before = subnets_.size();
  }
  for (const platform::Subnet& subnet : platform_->subnets()) {
    if (this->subnet(subnet.spec.name) != nullptr) continue;
    if (auto opened = open_subnet(subnet); !opened) {
      std::fprintf(stderr, "subnet %s not started: %s\n", subnet.spec.name.c_str(),
                   opened.error().message.c_str());
    }
  }
  std::vector<RunningSubnet*> fresh;
  {
    std::lock_guard lock(subnets_mutex_);
    for (std::size_t i = before; i < subnets_.size(); ++i) fresh.push_back(subnets_[i].get());
  }
  for (RunningSubnet* subnet : fresh) {
    if (auto served = serve(*subnet); !served) record_fatal(served.error());
    subnet->engine->start();
    if (subnet->da_poster) subnet->da_poster->start();
    std::fprintf(stderr, "subnet %s started (%s)\n", subnet->name.c_str(),
                 subnet->bft && !subnet->bft->validating() ? "observing" : "validating");
  }
}

void DevNetwork::tick_loop() {
  // Without a network there is nothing to re-offer: the loop only waits for platform blocks.
  const auto period = role_ ? role_->tick : std::chrono::milliseconds(1000);
  std::unique_lock lock(tick_mutex_);
  auto next_tick = std::chrono::steady_clock::now() + period;
  while (ticking_) {
    tick_cv_.wait_until(lock, next_tick, [this] { return !ticking_ || platform_changed_; });
    if (!ticking_) break;
    const bool changed = std::exchange(platform_changed_, false);
    lock.unlock();
    if (changed) start_new_subnets();
    if (std::chrono::steady_clock::now() >= next_tick) {
      next_tick = std::chrono::steady_clock::now() + period;
      if (replicated_platform_) replicated_platform_->tick();
      for (const RunningSubnet* subnet : subnets())
        if (subnet->relay) subnet->relay->tick();
    }
    lock.lock();
  }
}

Result<void> DevNetwork::open_subnet(const platform::Subnet& subnet) {
  const DevNetworkConfig& c = config_;
  const auto listed = [&subnet](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), subnet.spec.name) != names.end();
  };
  if (role_ && !role_->track.empty() && !listed(role_->track) && !validates(subnet))
    return {};  // not tracked here
  auto engine = consensus::check_engine_kind(subnet.spec.consensus);
  if (engine && subnet.spec.consensus != platform::ConsensusKind::kDev && !role_)
    engine = not_supported("consensus engine '" +
                           std::string(platform::consensus_name(subnet.spec.consensus)) +
                           "' without a network of nodes (plexus dev runs each subnet alone)");
  if (!engine) {
    // The subnet stays registered but does not run here (plexus_subnets says so); said once.
    if (!unsupported_.insert(subnet.spec.name).second) return {};
    std::fprintf(stderr, "subnet %s not started: %s\n", subnet.spec.name.c_str(),
                 engine.error().message.c_str());
    return {};
  }
  if (subnet.validators.empty()) return {};  // started once it has validators
  const platform::VmKind vm = subnet.spec.vms.first();
  // The three dev subnets take consecutive chain ids from the configured one; a data directory
  // made with other ids is another network. Subnets created later choose their own.
  const bool dev_subnet =
      subnet.spec.name == platform::vm_name(vm) && subnet.spec.vms.list().size() == 1;
  const std::uint64_t expected = c.evm_chain_id + static_cast<std::uint64_t>(vm);
  if (dev_subnet && subnet.spec.chain_id != expected)
    return fail(Errc::kInvalidArgument,
                "the data directory holds another network: subnet " + subnet.spec.name +
                    " has chain id " + std::to_string(subnet.spec.chain_id) +
                    ", the configuration asks for " + std::to_string(expected));
  PLEXUS_TRY(chain::ChainConfig chain_config,
             subnet_chain_config(c, subnet, accounts_, *platform_, env_->clock));

  auto running = std::make_unique<RunningSubnet>();
  running->name = subnet.spec.name;
  running->vm = vm;
  PLEXUS_TRY(running->store, env_->stores.open(subnet.spec.name));
  PLEXUS_TRY(running->chain, chain::SubnetChain::open(*running->store, std::move(chain_config)));

  rpc::DispatchLimits limits;
  limits.max_reply_bytes = c.rpc_max_reply_bytes;
  limits.call_timeout = c.rpc_call_timeout;
  limits.batch_timeout = c.rpc_batch_timeout;
  running->dispatcher = std::make_shared<rpc::Dispatcher>(limits);
  rpc::add_basic_methods(*running->dispatcher, {.chain_id = subnet.spec.chain_id,
                                                .client_version = "plexus/v0.1.0/linux"});
  running->endpoint = std::make_shared<rpc::EthEndpoint>(*running->chain);
  running->endpoint->signing_keys = accounts_;  // dev keys are public: sign for clients
  rpc::add_eth_methods(*running->dispatcher, running->endpoint);

  RunningSubnet* raw = running.get();
  running->producer = !role_ || listed(role_->produce);
  running->blocks = std::make_unique<consensus::SubnetBlockSource>(*running->chain);
  if (role_) {
    const net::SubnetId id = net::subnet_id(subnet.spec.name);
    running->relay = std::make_unique<net::SubnetRelay>(*role_->transport, id, *running->chain,
                                                        role_->max_frame_bytes);
    router_->add(*running->relay);
  }
  PLEXUS_CHECK(make_subnet_engine(*running, subnet.spec));
  if (running->relay) running->relay->set_engine(running->engine.get());
  running->endpoint->on_transaction = [raw](BytesView tx) {
    raw->engine->on_transaction();
    if (raw->relay) raw->relay->gossip_transaction(tx);
  };
  running->endpoint->mine_block = [raw] { return raw->engine->mine_now(); };
  if (c.block_time.count() == 0) running->endpoint->wait_for_mining = std::chrono::seconds(10);
  make_da_poster(*running, subnet);
  std::lock_guard lock(subnets_mutex_);
  subnets_.push_back(std::move(running));
  return {};
}

void DevNetwork::make_da_poster(RunningSubnet& running, const platform::Subnet& subnet) {
  if (subnet.spec.genesis.da_namespace.empty()) return;
  // Alone (plexus dev), account 0 is the one validator and pays; in a network, the validator
  // pays with its relayer key.
  std::optional<secp256k1::PrivateKey> payer;
  Address self;
  if (!role_) {
    if (accounts_.empty()) return;
    payer = accounts_[0];
    self = accounts_[0].address();
  } else {
    if (!validates(subnet)) return;  // observers read DA, they do not post
    payer = role_->relayer_key;
    self = role_->transport->self();
  }
  if (!payer) {
    std::fprintf(stderr, "subnet %s: not posting to DA: no relayer key to pay with\n",
                 subnet.spec.name.c_str());
    return;
  }
  // Under bft each block goes with the final record the engine keeps in the subnet's store.
  std::function<Result<std::optional<Bytes>>(std::uint64_t)> final_record;
  if (subnet.spec.consensus == platform::ConsensusKind::kBft)
    final_record = [store = running.store.get()](std::uint64_t number) {
      return consensus::bft::FinalRecords(*store).read_encoded(number);
    };
  running.da_poster = std::make_unique<DaPoster>(DaPoster::Config{
      .subnet = subnet.spec.name,
      .ns = subnet.spec.genesis.da_namespace,
      .chain = running.chain.get(),
      .registry = platform_.get(),
      .payer = payer,
      .self = self,
      .submit =
          [this](const platform::SignedOperation& op) { return submit_platform_operation(op); },
      .final_record = std::move(final_record),
      .progress_store = running.store.get(),
      .late_after = std::chrono::milliseconds(10'000),
      .resubmit_after = std::chrono::milliseconds(15'000),
      .poll = std::chrono::milliseconds(500),
      .max_blob_bytes = 200 * 1024,
      .log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }});
}

bool DevNetwork::validates(const platform::Subnet& subnet) const {
  return role_ && subnet.validators.contains(role_->transport->self());
}

Result<void> DevNetwork::make_subnet_engine(RunningSubnet& running,
                                            const platform::CreateSubnet& spec) {
  // Checked when the subnet was created; a store that fails it now is damaged.
  PLEXUS_TRY(const platform::EngineTiming timing,
             platform::decode_engine_timing(spec.consensus, spec.consensus_params));
  const platform::ConsensusKind kind = spec.consensus;
  RunningSubnet* raw = &running;
  const consensus::EngineContext context{
      .blocks = *running.blocks,
      .clock = env_->clock,
      .on_accepted = [this, raw](const chain::BlockRecord& block) { on_block(*raw, block); },
      .on_finalized = {},
      .on_fatal = [this](const Error& error) { record_fatal(error); },
      .outbox = running.relay.get()};
  if (kind == platform::ConsensusKind::kBft) return make_bft_engine(running, context, timing);
  if (kind == platform::ConsensusKind::kSnowman)
    return make_snowman_engine(running, context, spec.consensus_params);
  if (!running.producer) {
    running.engine =
        std::make_unique<consensus::FollowerEngine>(context, consensus::FollowerConfig{});
    return {};
  }
  consensus::EngineConfig engine_config;
  engine_config.block_tag = [registry = platform_.get()] {
    return dev_block_tag(registry->height());
  };
  engine_config.block_time = timing.block_time_ms != 0
                                 ? std::chrono::milliseconds(timing.block_time_ms)
                                 : config_.block_time;
  auto engine = consensus::make_engine(kind, context, engine_config);
  if (!engine) return std::unexpected(engine.error());
  running.engine = std::move(*engine);
  return {};
}

Result<void> DevNetwork::make_bft_engine(RunningSubnet& running,
                                         const consensus::EngineContext& context,
                                         const platform::EngineTiming& timing) {
  consensus::bft::BftEngineConfig config;
  PLEXUS_CHECK(read_sets(*platform_, running, config));
  config.epoch_length = config_.epoch_length;
  const platform::PlatformRegistry* registry = platform_.get();
  config.on_equivocation = [this](Bytes report) { note_equivocation(std::move(report)); };
  config.on_epoch = [registry, chain = running.chain.get(), name = running.name](
                        const consensus::bft::EpochInfo& epoch, consensus::bft::BftParams& timing) {
    return apply_governance(*chain, *registry, name, epoch, timing);
  };
  config.key = role_->bls_key;
  config.chain = Hash256::right_aligned(net::subnet_id(running.name).view());
  // The subnet's own timings where its creator set them, else the node's.
  config.params.leader_timeout = timing.leader_timeout_ms != 0
                                     ? std::chrono::milliseconds(timing.leader_timeout_ms)
                                     : config_.leader_timeout;
  config.params.empty_block_after = timing.block_time_ms != 0
                                        ? std::chrono::milliseconds(timing.block_time_ms)
                                        : config.params.leader_timeout / 2;
  config.store = running.store.get();
  PLEXUS_TRY(auto engine, consensus::bft::BftEngine::create(context, std::move(config)));
  running.bft = engine.get();
  running.producer = engine->validating();
  running.engine = std::move(engine);
  return {};
}

Result<void> DevNetwork::make_snowman_engine(RunningSubnet& running,
                                             const consensus::EngineContext& context,
                                             const Bytes& params) {
  PLEXUS_TRY(const platform::SnowmanSpec spec, platform::decode_snowman_spec(params));
  consensus::snowman::SnowmanEngineConfig config;
  PLEXUS_CHECK(read_sets(*platform_, running, config));
  config.self = role_->transport->self();
  config.key = role_->bls_key;
  config.chain = Hash256::right_aligned(net::subnet_id(running.name).view());
  config.params = consensus::snowman::Params::from_spec(spec);
  config.store = running.store.get();
  PLEXUS_TRY(auto engine, consensus::snowman::SnowmanEngine::create(context, std::move(config)));
  running.producer = engine->validating();
  running.engine = std::move(engine);
  return {};
}

Result<void> DevNetwork::open_replicated_platform() {
  ReplicatedPlatformConfig config;
  config.epoch_length = config_.epoch_length;
  config.on_equivocation = [this](Bytes report) { note_equivocation(std::move(report)); };
  config.key = role_->bls_key;
  config.leader_timeout = config_.leader_timeout;
  config.max_frame_bytes = role_->max_frame_bytes;
  PLEXUS_TRY(replicated_platform_,
             ReplicatedPlatform::open(*platform_, *platform_store_, env_->clock, *role_->transport,
                                      *router_, std::move(config),
                                      [this](const Error& error) { record_fatal(error); }));
  return {};
}

Result<Hash256> DevNetwork::submit_platform_operation(const platform::SignedOperation& op) {
  if (replicated_platform_) return replicated_platform_->submit(op);
  PLEXUS_CHECK(platform_->apply(op));
  return keccak256(platform::encode_signed(op));
}

Result<Hash256> DevNetwork::submit_evidence(const Bytes& report) {
  if (!platform_)
    return fail(Errc::kNotSupported, "not supported: evidence without a platform chain");
  PLEXUS_TRY(const Hash256 hash, platform_->submit_evidence(report));
  keep_report(report);
  return hash;
}

void DevNetwork::note_equivocation(Bytes report) {
  // Into the platform's evidence pool too, so that this node's next platform block slashes the
  // offender; a report that does not apply there (not a primary validator's, used) is only kept.
  if (platform_) (void)platform_->submit_evidence(report);
  keep_report(std::move(report));
}

void DevNetwork::keep_report(Bytes report) {
  std::lock_guard lock(reports_mutex_);
  if (std::find(reports_.begin(), reports_.end(), report) != reports_.end()) return;
  if (reports_.size() == kMaxReports) reports_.erase(reports_.begin());
  reports_.push_back(std::move(report));
}

std::vector<Bytes> DevNetwork::equivocation_reports() const {
  std::lock_guard lock(reports_mutex_);
  return reports_;
}

void DevNetwork::record_fatal(const Error& error) {
  std::lock_guard lock(fatal_mutex_);
  if (!fatal_) fatal_ = error;
}

DevNetwork::~DevNetwork() { stop(); }

void DevNetwork::stop() {
  {
    std::lock_guard lock(tick_mutex_);
    ticking_ = false;
  }
  tick_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  for (const RunningSubnet* subnet : subnets())
    if (subnet->da_poster) subnet->da_poster->stop();
  if (server_) server_->stop();
  if (relayer_) relayer_->stop();
  if (replicated_platform_) replicated_platform_->stop();
  for (const RunningSubnet* subnet : subnets())
    if (subnet->engine) subnet->engine->stop();
}

std::uint16_t DevNetwork::rpc_port() const noexcept { return server_ ? server_->port() : 0; }

const RunningSubnet* DevNetwork::subnet(std::string_view name) const {
  std::lock_guard lock(subnets_mutex_);
  for (const auto& subnet : subnets_)
    if (subnet->name == name) return subnet.get();
  return nullptr;
}

std::vector<const RunningSubnet*> DevNetwork::subnets() const {
  std::lock_guard lock(subnets_mutex_);
  std::vector<const RunningSubnet*> out;
  for (const auto& subnet : subnets_) out.push_back(subnet.get());
  return out;
}

std::optional<Error> DevNetwork::fatal_error() const {
  std::lock_guard lock(fatal_mutex_);
  return fatal_;
}

void DevNetwork::on_block(const RunningSubnet& subnet, const chain::BlockRecord& block) {
  rpc::publish_block(*subnet.dispatcher, *subnet.endpoint, block);
  if (subnet.da_poster) subnet.da_poster->wake();
  if (relayer_) relayer_->wake();
  if (config_.log_blocks) {
    std::printf("%s block %llu: %zu transaction%s, gas used %llu\n", subnet.name.c_str(),
                static_cast<unsigned long long>(block.block.header.number),
                block.block.transactions.size(), block.block.transactions.size() == 1 ? "" : "s",
                static_cast<unsigned long long>(block.block.header.gas_used));
    std::fflush(stdout);
  }
}

}  // namespace plexus::node
