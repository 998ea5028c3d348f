#include "consensus/snowman/snowman_engine.hpp"

#include <cstdio>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::snowman {
namespace {

// Non-validator peers remembered to answer their polls.
constexpr std::size_t kMaxObservers = 1024;
// Every block is an epoch of its own, so each names the platform height of the next one's set.
constexpr std::uint64_t kEpochLength = 1;
// How long a head naming an old platform height stands before an empty block names a newer one.
constexpr Nanos kRefreshAfter = std::chrono::seconds(2);

std::uint64_t seed_of(const NodeId& self) {
  Bytes input = {'s', 'n', 'o', 'w', 'm', 'a', 'n'};
  input.insert(input.end(), self.bytes.begin(), self.bytes.end());
  const Hash256 digest = keccak256(input);
  std::uint64_t seed = 0;
  for (std::size_t i = 0; i < 8; ++i) seed = seed << 8 | digest.bytes[i];
  return seed;
}

// What a proposer signs: the chain, the height and the block's hash.
Bytes proposal_message(const Hash256& chain, const BlockInfo& block) {
  static constexpr std::string_view kDomain = "plexus/snowman/proposal";
  Bytes out(kDomain.size() + 32 + 8 + 32);
  std::copy(kDomain.begin(), kDomain.end(), out.begin());
  std::copy(chain.bytes.begin(), chain.bytes.end(), out.begin() + kDomain.size());
  for (std::size_t i = 0; i < 8; ++i)
    out[kDomain.size() + 32 + i] = static_cast<Byte>(block.height >> (56 - 8 * i));
  std::copy(block.digest.bytes.begin(), block.digest.bytes.end(), out.end() - 32);
  return out;
}

}  // namespace

class SnowmanEngine::Io final : public ReplicaIo {
 public:
  explicit Io(SnowmanEngine& engine) : engine_(engine) {}

  [[nodiscard]] Bytes sign_proposal(const BlockInfo& block) override {
    if (!engine_.config_.key) return {};
    const bls::Signature signature =
        bls::sign(*engine_.config_.key, proposal_message(engine_.config_.chain, block));
    return to_bytes(signature.to_bytes().view());
  }
  [[nodiscard]] bool proposer_signed(std::size_t proposer, const BlockInfo& block,
                                     BytesView signature) override {
    if (proposer >= engine_.keys_.size() || !engine_.keys_[proposer]) return false;
    const auto parsed = bls::Signature::from_bytes(signature);
    return parsed && bls::verify(*engine_.keys_[proposer],
                                 proposal_message(engine_.config_.chain, block), *parsed);
  }
  void send(std::size_t peer, const Message& message) override {
    const NodeId* to = peer_id(peer);
    if (to && engine_.context_.outbox)
      engine_.context_.outbox->send_consensus(to, encode_message(message));
  }
  void report(std::size_t peer, const Error& why) override {
    // Malformed bytes are the peer's fault for certain; a block that fails verification may
    // be a byzantine proposer's, passed on by an honest peer: logged only.
    const NodeId* id = peer_id(peer);
    if (!id) return;
    if (why.code == Errc::kDecode && engine_.context_.outbox) {
      engine_.context_.outbox->report_peer(*id, why);
    } else if (reports_++ < 100) {
      std::fprintf(stderr, "snowman %s: peer %s: %s\n", engine_.config_.name.c_str(),
                   to_hex(*id).c_str(), why.message.c_str());
    }
  }
  void on_final(const BlockInfo&) override {}  // reported by the application
  void on_fatal(const Error& why) override {
    if (engine_.context_.on_fatal) engine_.context_.on_fatal(why);
  }

 private:
  const NodeId* peer_id(std::size_t peer) const {
    if (peer < engine_.ids_.size()) return &engine_.ids_[peer];
    const std::size_t observer = peer - engine_.ids_.size();
    return observer < engine_.observer_ids_.size() ? &engine_.observer_ids_[observer] : nullptr;
  }

  SnowmanEngine& engine_;
  std::size_t reports_ = 0;
};

// The Application the replica drives: the epoch's ChainApplication, replaced by the next one as
// soon as a block is final (each block is an epoch: its tag names the platform height of the
// set that decides the next block).
class SnowmanEngine::Chain final : public bft::Application {
 public:
  Chain(SnowmanEngine& engine, std::unique_ptr<bft::ChainApplication> epoch)
      : engine_(engine), epoch_(std::move(epoch)) {}

  [[nodiscard]] const bft::EpochInfo& epoch() const { return epoch_->epoch(); }
  void replace(std::unique_ptr<bft::ChainApplication> next) { epoch_ = std::move(next); }

  [[nodiscard]] BlockInfo head() const override { return epoch_->head(); }
  [[nodiscard]] Result<BlockInfo> describe(BytesView block) const override {
    return epoch_->describe(block);
  }
  [[nodiscard]] Result<void> verify(BytesView block) override { return epoch_->verify(block); }
  // Empty blocks too while the set changes: the block naming the new set's height is built.
  [[nodiscard]] Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                   bool allow_empty) override {
    return epoch_->build(parent, allow_empty || engine_.set_change_ || engine_.refresh_);
  }
  [[nodiscard]] Result<void> commit(const Hash256& digest, std::uint64_t round,
                                    const std::optional<bft::QuorumCert>& certificate) override {
    PLEXUS_CHECK(epoch_->commit(digest, round, certificate));
    const std::optional<std::uint64_t> next = epoch_->next_platform_height();
    if (!next) return fail(Errc::kInternal, "snowman: a final block named no platform height");
    return engine_.enter_epoch(*next);
  }
  void drop(const Hash256& digest) override { epoch_->drop(digest); }
  [[nodiscard]] Result<std::optional<bft::FinalBlock>> final_block(
      std::uint64_t height) const override {
    return epoch_->final_block(height);
  }

 private:
  SnowmanEngine& engine_;
  std::unique_ptr<bft::ChainApplication> epoch_;
};

SnowmanEngine::SnowmanEngine(EngineContext context, SnowmanEngineConfig config)
    : context_(std::move(context)), config_(std::move(config)), records_(*config_.store) {}

SnowmanEngine::~SnowmanEngine() { stop(); }

Result<std::unique_ptr<SnowmanEngine>> SnowmanEngine::create(EngineContext context,
                                                             SnowmanEngineConfig config) {
  if (config.store == nullptr) return fail(Errc::kInvalidArgument, "snowman: no store");
  if (!config.validators) return fail(Errc::kInvalidArgument, "snowman: no validator source");
  if (!config.final_platform_height) config.final_platform_height = [] { return std::uint64_t{0}; };
  if (auto checked = config.params.check(); !checked)
    return fail(Errc::kInvalidArgument, checked.error().message);
  std::unique_ptr<SnowmanEngine> engine(new SnowmanEngine(std::move(context), std::move(config)));
  SnowmanEngine& e = *engine;
  const std::uint64_t head = e.context_.blocks.heads().latest.number;
  PLEXUS_TRY(const auto block, e.context_.blocks.block_at(head));
  if (!block) return fail(Errc::kCorruption, "snowman: the head block is not stored");
  PLEXUS_TRY(
      const bft::EpochInfo epoch,
      bft::ChainApplication::current_epoch(*block, kEpochLength, e.config_.first_platform_height));
  e.chain_ = std::make_unique<Chain>(e, e.make_epoch(epoch));
  e.io_ = std::make_unique<Io>(e);
  e.nameable_ = epoch.platform_height;
  PLEXUS_CHECK(e.use_set(epoch.platform_height));
  if (!e.replica_)
    return fail(Errc::kNotFound, "snowman " + e.config_.name + ": no validator set yet");
  return engine;
}

std::unique_ptr<bft::ChainApplication> SnowmanEngine::make_epoch(const bft::EpochInfo& epoch) {
  const EngineContext& ctx = context_;
  auto app = std::make_unique<bft::ChainApplication>(
      ctx.blocks, records_, config_.proposer, epoch, config_.final_platform_height,
      [ctx](const chain::BlockRecord& record) { report_final_block(ctx, record); });
  app->name_next_platform_height([this] { return nameable_; });
  return app;
}

Result<void> SnowmanEngine::enter_epoch(std::uint64_t next_platform_height) {
  last_final_at_ = now();
  refresh_ = false;
  const bft::EpochInfo done = chain_->epoch();
  chain_->replace(make_epoch(bft::epoch_info(done.epoch + 1, next_platform_height, kEpochLength)));
  return use_set(next_platform_height);
}

Result<void> SnowmanEngine::use_set(std::uint64_t platform_height) {
  if (platform_height == set_height_) return {};
  PLEXUS_TRY(platform::ValidatorSet set, config_.validators(platform_height));
  set_height_ = platform_height;
  checked_height_ = ~std::uint64_t{0};  // compare the nameable height's set with this one
  set_change_ = false;
  if (set == set_ && replica_) return {};
  // An empty set keeps the one in use: nobody could decide anything without one.
  if (set.empty() && replica_) return {};
  set_ = std::move(set);
  std::vector<NodeId> ids;
  std::vector<std::uint64_t> weights;
  std::optional<std::size_t> self;
  for (const platform::ValidatorSetEntry& v : set_) {  // by node id, as every node reads it
    if (v.node_id == config_.self) self = ids.size();
    ids.push_back(v.node_id);
    weights.push_back(v.weight);
  }
  if (ids.empty()) return {};  // no set yet: create() says so
  ids_ = std::move(ids);
  keys_.clear();
  for (const platform::ValidatorSetEntry& v : set_) {
    auto key = bls::PublicKey::from_bytes(v.bls_key);
    keys_.push_back(key ? std::optional<bls::PublicKey>(*key) : std::nullopt);
  }
  index_of_.clear();
  for (std::size_t i = 0; i < ids_.size(); ++i) index_of_.emplace(ids_[i], i);
  observer_ids_.clear();
  if (replica_) {
    replica_->set_validators(std::move(weights), self);
  } else {
    replica_ = std::make_unique<Replica>(std::move(weights), self, config_.params,
                                         seed_of(config_.self), *chain_, *io_);
  }
  std::lock_guard lock(mutex_);
  validating_ = self.has_value();
  return {};
}

Result<void> SnowmanEngine::watch_platform() {
  const Nanos now = this->now();
  const std::uint64_t final_height = config_.final_platform_height();
  if (seen_heights_.empty() || seen_heights_.back().first < final_height)
    seen_heights_.emplace_back(final_height, now);
  while (!seen_heights_.empty() && seen_heights_.front().second + config_.platform_lag <= now) {
    nameable_ = std::max(nameable_, seen_heights_.front().first);
    seen_heights_.pop_front();
  }
  const bool refresh = nameable_ > set_height_ && now - last_final_at_ >= kRefreshAfter;
  if (refresh && !refresh_) {
    refresh_ = true;
    replica_->on_transactions(now);  // builds the block that names it
  }
  if (nameable_ <= set_height_) {
    set_change_ = false;
    return {};
  }
  if (nameable_ == checked_height_) return {};
  checked_height_ = nameable_;
  PLEXUS_TRY(const platform::ValidatorSet set, config_.validators(nameable_));
  const bool change = !set.empty() && set != set_;
  const bool started = change && !set_change_;
  set_change_ = change;
  if (started) replica_->on_transactions(now);  // builds the block that names it
  return {};
}

bool SnowmanEngine::validating() const {
  std::lock_guard lock(mutex_);
  return validating_;
}

ReplicaStatus SnowmanEngine::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void SnowmanEngine::start() {
  inbox_.start([this] { run(); });
}

void SnowmanEngine::stop() { inbox_.stop(); }

void SnowmanEngine::on_transaction() { inbox_.transactions(); }

void SnowmanEngine::on_consensus_message(const NodeId& from, BytesView payload) {
  inbox_.message(from, payload);
}

std::optional<std::size_t> SnowmanEngine::peer_index(const NodeId& id) {
  if (const auto it = index_of_.find(id); it != index_of_.end()) return it->second;
  auto seen = std::find(observer_ids_.begin(), observer_ids_.end(), id);
  if (seen == observer_ids_.end()) {
    if (observer_ids_.size() >= kMaxObservers) return std::nullopt;
    seen = observer_ids_.insert(observer_ids_.end(), id);
  }
  return ids_.size() + static_cast<std::size_t>(seen - observer_ids_.begin());
}

void SnowmanEngine::run() {
  last_final_at_ = now();
  replica_->start(now());
  std::size_t refresh_errors = 0;
  while (!inbox_.stopping()) {
    // Often enough to name a new platform height soon after the lag (watch_platform).
    inbox_.wait_if_idle(
        std::min<Nanos>(replica_->deadline() - now(), std::chrono::milliseconds(100)));
    if (inbox_.stopping()) break;
    bool transactions = false;
    for (Inbox::Event& event : inbox_.take()) {
      if (event.payload.empty()) {
        transactions = true;
        continue;
      }
      const std::optional<std::size_t> from = peer_index(event.from);
      if (!from) continue;
      auto message = decode_message(event.payload);
      if (!message) {
        io_->report(*from, message.error());
        continue;
      }
      replica_->on_message(*from, *message, now());
    }
    if (transactions) replica_->on_transactions(now());
    replica_->on_time(now());
    // A new final platform height may bring a new set (read once per platform height).
    if (auto watched = watch_platform(); !watched && refresh_errors++ < 10)
      std::fprintf(stderr, "snowman %s: validator set: %s\n", config_.name.c_str(),
                   watched.error().message.c_str());
    const ReplicaStatus status = replica_->status();
    std::lock_guard lock(mutex_);
    status_ = status;
  }
}

}  // namespace plexus::consensus::snowman
