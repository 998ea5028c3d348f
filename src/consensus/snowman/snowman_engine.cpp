#include "consensus/snowman/snowman_engine.hpp"

#include <cstdio>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::snowman {
namespace {

// Non-validator peers remembered to answer their polls.
constexpr std::size_t kMaxObservers = 1024;
// One epoch that never ends: the chain's blocks all carry the tag [0, P_0].
constexpr std::uint64_t kEndlessEpoch = std::uint64_t{1} << 62;

std::uint64_t seed_of(const NodeId& self) {
  Bytes input = {'s', 'n', 'o', 'w', 'm', 'a', 'n'};
  input.insert(input.end(), self.bytes.begin(), self.bytes.end());
  const Hash256 digest = keccak256(input);
  std::uint64_t seed = 0;
  for (std::size_t i = 0; i < 8; ++i) seed = seed << 8 | digest.bytes[i];
  return seed;
}

}  // namespace

class SnowmanEngine::Io final : public ReplicaIo {
 public:
  explicit Io(SnowmanEngine& engine) : engine_(engine) {}

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
  const EngineContext& ctx = e.context_;
  e.app_ = std::make_unique<bft::ChainApplication>(
      ctx.blocks, e.records_, e.config_.proposer,
      bft::epoch_info(0, e.config_.first_platform_height, kEndlessEpoch),
      e.config_.final_platform_height,
      [ctx](const chain::BlockRecord& record) { report_final_block(ctx, record); });
  e.io_ = std::make_unique<Io>(e);
  PLEXUS_CHECK(e.refresh_validators());
  if (!e.replica_)
    return fail(Errc::kNotFound, "snowman " + e.config_.name + ": no validator set yet");
  return engine;
}

Result<void> SnowmanEngine::refresh_validators() {
  const std::uint64_t height =
      std::max(config_.final_platform_height(), config_.first_platform_height);
  if (height == set_height_) return {};
  PLEXUS_TRY(const platform::ValidatorSet set, config_.validators(height));
  if (set.empty()) return {};  // keep the set in use
  set_height_ = height;
  std::vector<NodeId> ids;
  std::vector<std::uint64_t> weights;
  std::optional<std::size_t> self;
  for (const platform::ValidatorSetEntry& v : set) {  // by node id, as every node reads it
    if (v.node_id == config_.self) self = ids.size();
    ids.push_back(v.node_id);
    weights.push_back(v.weight);
  }
  if (ids == ids_ && replica_) return {};  // the same members (weights change with them rarely)
  ids_ = std::move(ids);
  index_of_.clear();
  for (std::size_t i = 0; i < ids_.size(); ++i) index_of_.emplace(ids_[i], i);
  observer_ids_.clear();
  if (replica_) {
    replica_->set_validators(std::move(weights), self);
  } else {
    replica_ = std::make_unique<Replica>(std::move(weights), self, config_.params,
                                         seed_of(config_.self), *app_, *io_);
  }
  std::lock_guard lock(mutex_);
  validating_ = self.has_value();
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
  replica_->start(now());
  std::size_t refresh_errors = 0;
  while (!inbox_.stopping()) {
    // At least once a second, for the platform chain's new validator sets.
    inbox_.wait_if_idle(std::min<Nanos>(replica_->deadline() - now(), std::chrono::seconds(1)));
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
    if (auto refreshed = refresh_validators(); !refreshed && refresh_errors++ < 10)
      std::fprintf(stderr, "snowman %s: validator set: %s\n", config_.name.c_str(),
                   refreshed.error().message.c_str());
    const ReplicaStatus status = replica_->status();
    std::lock_guard lock(mutex_);
    status_ = status;
  }
}

}  // namespace plexus::consensus::snowman
