#include "consensus/bft/bft_engine.hpp"

#include <algorithm>
#include <cstdio>

#include "consensus/bft/bls_crypto.hpp"
#include "consensus/bft/equivocation.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::bft {
namespace {

// Next-epoch messages kept for replay, at most: as many as the inbox holds.
constexpr std::size_t kMaxQueuedMessages = Inbox::kMaxQueued;
// Non-validator peers remembered to answer their requests.
constexpr std::size_t kMaxObservers = 1024;

const Bytes kGuardKey = {'Q', 's', 'i', 'g', 'n'};

}  // namespace

class BftEngine::Io final : public ReplicaIo {
 public:
  explicit Io(BftEngine& engine) : engine_(engine) {}

  void broadcast(const Message& message) override {
    if (engine_.io_deps_.outbox)
      engine_.io_deps_.outbox->send_consensus(nullptr, encode_message(message));
  }
  void send(std::size_t peer, const Message& message) override {
    const NodeId* to = peer_id(peer);
    if (to && engine_.io_deps_.outbox)
      engine_.io_deps_.outbox->send_consensus(to, encode_message(message));
  }
  void report(std::size_t peer, const Error& why) override {
    // Malformed bytes are the peer's fault for certain; the rest (a late or unverifiable
    // message) is logged, since a validator must not cut off an honest peer by mistake.
    const NodeId* id = peer_id(peer);
    if (!id) return;
    if (why.code == Errc::kDecode && engine_.io_deps_.outbox) {
      engine_.io_deps_.outbox->report_peer(*id, why);
    } else if (reports_++ < 100) {
      std::fprintf(stderr, "bft: peer %s: %s\n", to_hex(*id).c_str(), why.message.c_str());
    }
  }
  void on_final(const BlockInfo&, std::uint64_t) override {}  // reported by the application
  void on_evidence(const Evidence& evidence) override {
    std::fprintf(stderr, "bft: evidence against validator %u: %s and %s\n", evidence.first.signer,
                 describe(evidence.first.vote).c_str(), describe(evidence.second.vote).c_str());
    Bytes key = {'Q', 'e', 'v', 'i', 'd'};
    rlp::append_uint(key, evidence.first.signer);
    rlp::append_uint(key, evidence.first.vote.round);
    if (auto stored = engine_.config_.store->put(key, encode_evidence(evidence)); !stored)
      on_fatal(stored.error());
    {
      std::lock_guard lock(engine_.mutex_);
      ++engine_.evidence_;
    }
    const std::uint32_t signer = evidence.first.signer;
    if (engine_.config_.on_equivocation && signer < engine_.key_bytes_.size())
      engine_.config_.on_equivocation(
          encode_equivocation_report(engine_.config_.chain, engine_.key_bytes_[signer], evidence));
  }
  void on_fatal(const Error& why) override {
    if (engine_.io_deps_.on_fatal) engine_.io_deps_.on_fatal(why);
  }

 private:
  const NodeId* peer_id(std::size_t peer) const {
    if (peer < engine_.ids_.size()) return &engine_.ids_[peer];
    const std::size_t observer = peer - engine_.ids_.size();
    std::lock_guard lock(engine_.mutex_);
    return observer < engine_.observer_ids_.size() ? &engine_.observer_ids_[observer] : nullptr;
  }

  BftEngine& engine_;
  std::size_t reports_ = 0;
};

BftEngine::BftEngine(BftIo io, BftEngineConfig config, ApplicationFactory make)
    : io_deps_(std::move(io)),
      config_(std::move(config)),
      make_app_(std::move(make)),
      records_(*config_.store) {}

BftEngine::~BftEngine() { stop(); }

Result<std::unique_ptr<BftEngine>> BftEngine::create(EngineContext context,
                                                     BftEngineConfig config) {
  const Address proposer = config.proposer;
  const std::uint64_t length = config.epoch_length;
  const std::uint64_t first = config.first_platform_height;
  auto final_platform_height = config.final_platform_height;
  if (!final_platform_height) final_platform_height = [] { return std::uint64_t{0}; };
  BftIo io{context.clock, context.outbox, context.on_fatal};
  auto make =
      [context, proposer, length, first, final_platform_height](
          FinalRecords& records,
          const std::optional<EpochInfo>& epoch) -> Result<std::unique_ptr<EpochApplication>> {
    EpochInfo info;
    if (epoch) {
      info = *epoch;
    } else {
      const std::uint64_t head = context.blocks.heads().latest.number;
      PLEXUS_TRY(const auto block, context.blocks.block_at(head));
      if (!block) return fail(Errc::kCorruption, "bft: the head block is not stored");
      PLEXUS_TRY(info, ChainApplication::current_epoch(*block, length, first));
    }
    return std::make_unique<ChainApplication>(
        context.blocks, records, proposer, info, final_platform_height,
        [context](const chain::BlockRecord& record) { report_final_block(context, record); });
  };
  return create(std::move(io), std::move(config), std::move(make));
}

Result<BftEngine::Members> BftEngine::members_at(std::uint64_t platform_height) const {
  PLEXUS_TRY(const platform::ValidatorSet set, config_.validators(platform_height));
  // Certificate order: by compressed BLS key, as every node of the network sorts it.
  std::vector<std::pair<Bytes, platform::ValidatorSetEntry>> sorted;
  for (const auto& v : set) {
    if (v.bls_key.empty()) continue;
    sorted.emplace_back(v.bls_key, v);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Hex: GCC 12 warns falsely on an optional byte vector here.
  const std::string own_key =
      config_.key ? to_hex(config_.key->public_key().to_bytes().view()) : std::string();
  Members out;
  for (const auto& [key_bytes, validator] : sorted) {
    PLEXUS_TRY(bls::PublicKey key, bls::PublicKey::from_bytes(key_bytes));
    if (!own_key.empty() && own_key == to_hex(key_bytes))
      out.self = static_cast<std::uint32_t>(out.keys.size());
    out.ids.push_back(validator.node_id);
    out.keys.push_back(key);
    out.weights.push_back(validator.weight);
  }
  if (out.keys.empty())
    return fail(Errc::kValidation, "bft: no validator has a BLS key at platform height " +
                                       std::to_string(platform_height));
  return out;
}

Result<void> BftEngine::enter(std::unique_ptr<EpochApplication> app) {
  const EpochInfo epoch = app->epoch();
  PLEXUS_TRY(Members members, members_at(epoch.platform_height));
  replica_.reset();  // it refers to the committee and the application replaced below
  key_bytes_.clear();
  for (const bls::PublicKey& key : members.keys)
    key_bytes_.push_back(to_bytes(key.to_bytes().view()));
  committee_ = std::make_unique<Committee>(
      std::move(members.weights),
      std::make_shared<BlsVoteCrypto>(std::move(members.keys), config_.key), config_.chain);
  {
    std::lock_guard lock(mutex_);  // finality() reads app_ from other threads
    app_ = std::move(app);
    index_of_.clear();
    for (std::size_t i = 0; i < members.ids.size(); ++i) index_of_.emplace(members.ids[i], i);
    ids_ = std::move(members.ids);
    // Observers are numbered past the validators, whose number may have changed.
    observers_.clear();
    observer_ids_.clear();
    validating_ = members.self.has_value();
    epoch_ = epoch;
  }
  app_->enter_committee(*committee_, ids_);
  replica_ = std::make_unique<Replica>(epoch.epoch, members.self.value_or(Replica::kObserver),
                                       *committee_, config_.params, *app_, *guard_, *io_);
  return {};
}

bool BftEngine::next_epoch() {
  const std::optional<std::uint64_t> next = app_->next_platform_height();
  if (!next) return true;
  const EpochInfo& done = app_->epoch();
  const EpochInfo info = epoch_info(done.epoch + 1, *next, done.length);
  if (config_.on_epoch) {
    if (auto prepared = config_.on_epoch(info, config_.params); !prepared) {
      if (prepared.error().code == Errc::kNotFound) return false;  // the platform is behind
      io_->on_fatal(prepared.error());
      return true;
    }
  }
  // A replica still syncing hands on how far to go and whom it asked.
  const std::uint64_t heard = replica_ ? replica_->heard_final_height() : 0;
  std::optional<NodeId> asked;
  if (replica_ && replica_->sync_peer() < ids_.size()) asked = ids_[replica_->sync_peer()];
  auto app = make_app_(records_, info);
  if (!app) {
    io_->on_fatal(app.error());
    return true;
  }
  if (auto entered = enter(std::move(*app)); !entered) {
    if (entered.error().code == Errc::kNotFound) return false;  // the platform is behind
    io_->on_fatal(entered.error());
    return true;
  }
  std::fprintf(stderr, "bft %s: epoch %llu from block %llu, set of platform height %llu (%s)\n",
               config_.name.c_str(), static_cast<unsigned long long>(info.epoch),
               static_cast<unsigned long long>(done.last_height),
               static_cast<unsigned long long>(info.platform_height),
               validating() ? "validating" : "observing");
  replica_->start(now());
  if (heard > 0) {
    const auto peer = asked ? index_of_.find(*asked) : index_of_.end();
    replica_->hear_final_height(heard, peer != index_of_.end() ? peer->second : 0, now());
  }
  // What came early from this epoch's validators, now that their indexes are this epoch's.
  std::vector<std::pair<NodeId, Message>> early;
  early.swap(next_epoch_messages_);
  for (const auto& [id, message] : early) {
    if (message_epoch(message) != info.epoch) continue;
    const auto it = index_of_.find(id);
    if (it != index_of_.end()) replica_->on_message(it->second, message, now());
  }
  return true;
}

Result<std::unique_ptr<BftEngine>> BftEngine::create(BftIo io, BftEngineConfig config,
                                                     ApplicationFactory make) {
  if (config.store == nullptr) return fail(Errc::kInvalidArgument, "bft: no store");
  if (!config.validators) return fail(Errc::kInvalidArgument, "bft: no validator source");
  if (config.epoch_length == 0) return fail(Errc::kInvalidArgument, "bft: epochs of 0 blocks");
  std::unique_ptr<BftEngine> engine(
      new BftEngine(std::move(io), std::move(config), std::move(make)));
  PLEXUS_TRY(SignGuard guard, SignGuard::open(*engine->config_.store, kGuardKey));
  engine->guard_.emplace(std::move(guard));
  engine->io_ = std::make_unique<Io>(*engine);
  PLEXUS_TRY(auto app, engine->make_app_(engine->records_, std::nullopt));
  if (engine->config_.on_epoch)
    PLEXUS_CHECK(engine->config_.on_epoch(app->epoch(), engine->config_.params));
  PLEXUS_CHECK(engine->enter(std::move(app)));
  return engine;
}

bool BftEngine::validating() const {
  std::lock_guard lock(mutex_);
  return validating_;
}

EpochInfo BftEngine::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void BftEngine::start() {
  inbox_.start([this] { run(); });
}

void BftEngine::stop() { inbox_.stop(); }

void BftEngine::on_transaction() { inbox_.transactions(); }

void BftEngine::on_consensus_message(const NodeId& from, BytesView payload) {
  inbox_.message(from, payload);
}

void BftEngine::run() {
  replica_->start(now());
  while (!inbox_.stopping()) {
    inbox_.wait_if_idle(replica_->deadline() - now());
    if (inbox_.stopping()) break;
    std::deque<Inbox::Event> batch = inbox_.take();
    std::unique_lock lock(mutex_);
    // Observers get an index past the validators', so that the replica can answer them.
    struct Input {
      std::size_t from;
      NodeId id;
      Bytes payload;
    };
    std::vector<Input> inputs;
    bool transactions = false;
    for (Inbox::Event& event : batch) {
      if (event.payload.empty()) {
        transactions = true;
        continue;
      }
      std::size_t from;
      if (const auto it = index_of_.find(event.from); it != index_of_.end()) {
        from = it->second;
      } else if (const auto seen = observers_.find(event.from); seen != observers_.end()) {
        from = seen->second;
      } else if (observer_ids_.size() < kMaxObservers) {
        from = ids_.size() + observer_ids_.size();
        observers_.emplace(event.from, from);
        observer_ids_.push_back(event.from);
      } else {
        continue;
      }
      inputs.push_back(Input{from, event.from, std::move(event.payload)});
    }
    lock.unlock();
    const std::uint64_t current = app_->epoch().epoch;
    for (const auto& [from, id, payload] : inputs) {
      auto message = decode_message(payload);
      if (!message) {
        io_->report(from, message.error());
        continue;
      }
      if (message_epoch(*message) == current + 1 &&
          next_epoch_messages_.size() < kMaxQueuedMessages) {
        next_epoch_messages_.emplace_back(id, *message);
        // A certificate still tells the replica that it is behind (it asks for sync).
        if (!std::holds_alternative<QuorumCert>(*message)) continue;
      }
      replica_->on_message(from, *message, now());
    }
    if (transactions) replica_->on_transactions(now());
    replica_->on_time(now());
    bool entered = next_epoch();
    const ReplicaStatus status = replica_->status();
    lock.lock();
    status_ = status;
    lock.unlock();
    if (!entered) inbox_.pause(std::chrono::milliseconds(20));  // platform catching up
  }
}

ReplicaStatus BftEngine::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::size_t BftEngine::evidence_count() const {
  std::lock_guard lock(mutex_);
  return evidence_;
}

Result<std::optional<BftEngine::FinalityCertificate>> BftEngine::finality(
    std::uint64_t height) const {
  std::lock_guard lock(mutex_);
  PLEXUS_TRY(auto found, records_.finality(height, app_->head().height));
  if (!found) return std::optional<FinalityCertificate>{};
  FinalityCertificate out;
  out.epoch = found->certificate.vote.epoch;
  // The certificate names its block's epoch; the set of that epoch orders the signers.
  PLEXUS_TRY(out.platform_height,
             app_->platform_height_at(std::min(found->certified_height, app_->head().height)));
  PLEXUS_TRY(const Members members, members_at(out.platform_height));
  out.certified_height = found->certified_height;
  out.block_hash = found->certificate.vote.digest;
  out.round = found->round;
  auto signature = bls::Signature::from_bytes(found->certificate.signature);
  if (!signature)
    return fail(Errc::kCorruption,
                "bft final record " + std::to_string(height) + ": " + signature.error().message);
  out.certificate = encode_certificate(Certificate{found->certificate.signers, *signature});
  for (std::size_t i = 0; i < members.ids.size(); ++i)
    if (i / 8 < found->certificate.signers.size() &&
        ((found->certificate.signers[i / 8] >> (i % 8)) & 1u))
      out.signers.push_back(members.ids[i]);
  return std::optional<FinalityCertificate>(std::move(out));
}

}  // namespace plexus::consensus::bft
