#include "node/message_relayer.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "exec/host.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/message_receiving.hpp"

namespace plexus::node {
namespace {

using Clock = std::chrono::steady_clock;

// Gas of a delivery transaction: the messenger's check and bookkeeping, and room for the
// receiver (it gets all but what the messenger keeps back).
std::uint64_t delivery_gas(std::size_t signed_bytes) {
  return 1'000'000 + messaging::kDeliverGasPerByte * signed_bytes;
}

}  // namespace

MessageRelayer::MessageRelayer(MessageRelayerConfig config)
    : config_(std::move(config)),
      pool_(message_receiving(*config_.registry).validators,
            [registry = config_.registry](const messaging::SubnetKey& destination) {
              return message_quorum_of(*registry, destination);
            }) {}

MessageRelayer::~MessageRelayer() { stop(); }

void MessageRelayer::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void MessageRelayer::stop() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MessageRelayer::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

MessageRelayer::Stats MessageRelayer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::optional<Bytes> MessageRelayer::certified(const Hash256& id) const {
  return pool_.certified(id);
}

Result<void> MessageRelayer::on_shares(BytesView payload) {
  PLEXUS_TRY(const auto shares, messaging::decode_shares(payload, messaging::kDefaultMaxPayload));
  std::optional<Error> bad;
  std::vector<Bytes> heard;
  for (const messaging::MessageShare& share : shares) {
    auto added = pool_.add(share);
    if (!added) {
      if (!bad) bad = added.error();
      continue;
    }
    heard.push_back(share.message);
  }
  {
    std::lock_guard lock(mutex_);
    if (bad) ++stats_.bad_shares;
    for (Bytes& message : heard)
      if (inbox_.size() < messaging::SharePool::kMaxMessages) inbox_.push_back(std::move(message));
    woken_ = true;
  }
  wake_.notify_all();
  if (bad) return std::unexpected(*bad);
  return {};
}

void MessageRelayer::run() {
  std::unique_lock lock(mutex_);
  while (running_) {
    wake_.wait_for(lock, config_.poll, [this] { return !running_ || woken_; });
    if (!running_) break;
    woken_ = false;
    lock.unlock();
    step();
    lock.lock();
  }
}

void MessageRelayer::step() {
  const std::vector<RelayedChain> chains = config_.chains();
  for (const RelayedChain& chain : chains) scan(chain);
  std::vector<Bytes> heard;
  {
    std::lock_guard lock(mutex_);
    heard.swap(inbox_);
  }
  for (const Bytes& message : heard) track(keccak256(message), message, {});

  std::vector<messaging::MessageShare> shares;
  const Clock::time_point now = Clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    Pending& pending = it->second;
    sign(pending, shares);
    bool done = now - pending.since > config_.expiry;
    for (const RelayedChain& chain : chains)
      if (subnet_key(chain.name) == pending.destination) done = deliver(it->first, pending, chain);
    it = done ? pending_.erase(it) : std::next(it);
  }
  for (std::size_t at = 0; at < shares.size(); at += messaging::kMaxSharesPerFrame) {
    const std::size_t n = std::min(messaging::kMaxSharesPerFrame, shares.size() - at);
    if (config_.broadcast)
      config_.broadcast(messaging::encode_shares(std::span(shares).subspan(at, n)));
  }
}

// The messages of the chain's final blocks not read yet.
void MessageRelayer::scan(const RelayedChain& chain) {
  const std::uint64_t final_height = chain.chain->heads().finalized.number;
  auto [it, fresh] = scanned_.try_emplace(chain.name, 0);
  if (fresh) it->second = final_height > config_.lookback ? final_height - config_.lookback : 0;
  const std::uint64_t to = std::min(final_height, it->second + 2'000);  // a bounded step
  for (std::uint64_t n = it->second + 1; n <= to; ++n) {
    const auto record = chain.chain->blocks().by_number(n);
    if (!record || !*record) break;
    for (const chain::Receipt& receipt : (*record)->receipts)
      for (const chain::Log& log : receipt.logs)
        if (const auto sent = sent_message(log)) track(sent->first, sent->second, chain.name);
    it->second = n;
  }
}

void MessageRelayer::track(const Hash256& id, BytesView message, const std::string& source_name) {
  if (const auto known = pending_.find(id); known != pending_.end()) {
    // Heard of from a peer's share first, then read from this node's own copy of the block.
    if (known->second.source_name.empty()) known->second.source_name = source_name;
    return;
  }
  if (pending_.size() >= messaging::SharePool::kMaxMessages) return;
  const auto decoded = messaging::decode_unsigned(message);
  if (!decoded) return;
  const auto call = messaging::decode_addressed_call(decoded->payload);
  if (!call) return;
  Pending pending;
  pending.message = to_bytes(message);
  pending.source = decoded->source;
  pending.destination = call->destination;
  pending.source_name = source_name;
  pending.since = Clock::now();
  pending_.emplace(id, std::move(pending));
  std::lock_guard lock(mutex_);
  ++stats_.seen;
}

// Signs at the source set's stable height when this node is in it, and again whenever that
// height moves (the set changed); offers the share again a few times in case gossip lost it.
void MessageRelayer::sign(Pending& pending, std::vector<messaging::MessageShare>& out) {
  if (!config_.bls_key || pending.source_name.empty()) return;
  const auto height = stable_height(pending.source_name);
  if (!height) return;
  const Clock::time_point now = Clock::now();
  const bool moved = pending.signed_height != height;
  if (!moved && (pending.broadcasts >= 5 || now - pending.last_broadcast < config_.resubmit))
    return;
  const auto set = config_.registry->validator_set(pending.source_name, *height);
  const Bytes key = to_bytes(config_.bls_key->public_key().to_bytes().view());
  if (!set || std::none_of(set->begin(), set->end(), [&](const platform::ValidatorSetEntry& v) {
        return v.bls_key == key;
      })) {
    pending.signed_height = height;  // not a signer of this set: look again when it changes
    pending.broadcasts = 5;
    return;
  }
  messaging::MessageShare share = messaging::sign_share(*config_.bls_key, pending.message, *height);
  if (moved) {
    pending.broadcasts = 0;
    std::lock_guard lock(mutex_);
    ++stats_.signed_shares;
  }
  pending.signed_height = height;
  pending.last_broadcast = now;
  ++pending.broadcasts;
  if (auto added = pool_.add(share); added && added->certified) {
    std::lock_guard lock(mutex_);
    ++stats_.certified;
  }
  out.push_back(std::move(share));
}

bool MessageRelayer::deliver(const Hash256& id, Pending& pending, const RelayedChain& destination) {
  if (!config_.payer) return false;
  const std::optional<Bytes> signed_message = pool_.certified(id);
  if (!signed_message) return false;
  const chain::SubnetChain& chain = *destination.chain;
  const Clock::time_point now = Clock::now();
  if (now - pending.last_status < std::chrono::milliseconds(100)) return false;
  pending.last_status = now;
  if (const auto status = delivery_status(chain, id);
      status && *status != messaging::DeliveryStatus::kNone) {
    std::lock_guard lock(mutex_);
    ++stats_.delivered;
    return true;
  }
  if (now - pending.last_submit < config_.resubmit) return false;
  if (now - pending.since < rank(id, destination.name) * config_.turn) return false;
  const auto decoded = messaging::decode_signed(*signed_message);
  if (!decoded || decoded->platform_height > destination.next_platform_height())
    return false;  // the destination's next block cannot check it yet: wait
  const auto head = chain.blocks().header_of(chain.head().number);
  if (!head || !*head) return false;
  const uint256 base_fee = (*head)->base_fee_per_gas.value_or(0);
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = chain.config().chain_id;
  t.nonce = chain.pending_nonce(config_.payer->address());
  t.max_priority_fee_per_gas = uint256(1'000'000'000ULL);
  t.max_fee_per_gas = base_fee * uint256(2) + t.max_priority_fee_per_gas;
  t.gas_limit = delivery_gas(signed_message->size());
  t.to = exec::kMessenger;
  t.data = messaging::encode_deliver_call(*signed_message);
  tx::sign(t, *config_.payer);
  pending.last_submit = now;
  if (destination.submit(tx::encode(t))) {
    std::lock_guard lock(mutex_);
    ++stats_.submitted;
  }
  return false;
}

// The lowest platform height from which the subnet's set is the one it has now: a certificate
// made there counts at every later height until the set changes (messaging/verify.hpp).
std::optional<std::uint64_t> MessageRelayer::stable_height(const std::string& subnet) {
  const platform::PlatformRegistry& registry = *config_.registry;
  const std::uint64_t now = registry.height();
  if (const auto it = stable_.find(subnet); it != stable_.end() && it->second.first == now)
    return it->second.second;
  const auto current = registry.validator_set(subnet, now);
  const auto first = registry.first_active_height(subnet);
  if (!current || current->empty() || !first || !*first) return std::nullopt;
  std::uint64_t lo = **first;
  std::uint64_t hi = now;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    const auto set = registry.validator_set(subnet, mid);
    if (set && *set == *current)
      hi = mid;
    else
      lo = mid + 1;
  }
  stable_[subnet] = {now, lo};
  return lo;
}

// This node's turn among the destination's validators for `id`: 0 goes first. A node that is
// not one of them comes last; a node alone is always first.
std::size_t MessageRelayer::rank(const Hash256& id, const std::string& destination) const {
  if (!config_.broadcast) return 0;
  const auto set = config_.registry->validator_set(destination, config_.registry->height());
  if (!set) return 0;
  const auto order = [&id](const Address& node) {
    Bytes seed = to_bytes(id.view());
    seed.insert(seed.end(), node.view().begin(), node.view().end());
    return to_hex(keccak256(seed));
  };
  const std::string mine = order(config_.self);
  std::size_t before = 0;
  bool member = false;
  for (const platform::ValidatorSetEntry& v : *set) {
    if (v.node_id == config_.self)
      member = true;
    else if (order(v.node_id) < mine)
      ++before;
  }
  return member ? before : set->size();
}

}  // namespace plexus::node
