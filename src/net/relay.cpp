#include "net/relay.hpp"

#include <cstdio>
#include <cstring>
#include <random>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::net {
namespace {

// Room for the envelope and the list header around a message's items.
constexpr std::size_t kFrameOverhead = 1024;

}  // namespace

SubnetId subnet_id(std::string_view name) {
  Bytes preimage = {'p', 'l', 'e', 'x', 'u', 's', ' ', 's', 'u', 'b', 'n', 'e', 't', ' '};
  preimage.insert(preimage.end(), name.begin(), name.end());
  return SubnetId::right_aligned(keccak256(preimage).view());
}

Result<std::vector<rlp::Item>> decode_payload_list(BytesView payload) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(payload));
  if (!item.is_list) return fail(Errc::kDecode, "not a list");
  return rlp::list_items(item);
}

Relay::Stats Relay::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Relay::count(std::uint64_t Stats::*counter, std::uint64_t n) {
  std::lock_guard lock(mutex_);
  stats_.*counter += n;
}

std::size_t Relay::SeenHasher::operator()(const Hash256& hash) const noexcept {
  static const std::uint64_t secret = [] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device() ^ 1;
  }();
  std::uint64_t word;
  std::memcpy(&word, hash.data(), sizeof(word));
  const unsigned __int128 mixed = static_cast<unsigned __int128>(word ^ secret) * secret;
  return static_cast<std::size_t>(mixed >> 64) ^ static_cast<std::size_t>(mixed);
}

bool Relay::first_sighting(const Hash256& hash) {
  std::lock_guard lock(mutex_);
  if (!seen_.insert(hash).second) return false;
  seen_order_.push_back(hash);
  if (seen_order_.size() > kSeenTransactions) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

void Relay::broadcast(const Message& message, const NodeId* except) {
  for (const NodeId& peer : transport_.peers())
    if (except == nullptr || peer != *except) (void)transport_.send(peer, message);
}

void Relay::send_consensus(const consensus::NodeId* to, Bytes payload) {
  Message message{.kind = MessageKind::kConsensus, .subnet = id_, .payload = std::move(payload)};
  if (to != nullptr) {
    (void)transport_.send(*to, std::move(message));
  } else {
    broadcast(message, nullptr);
  }
}

void Relay::report_peer(const consensus::NodeId& peer, const Error& why) { bad_message(peer, why); }

void Relay::bad_message(const NodeId& peer, const Error& why) {
  count(&Stats::bad_messages);
  std::fprintf(stderr, "peer %s: %s; disconnected\n", to_hex(peer).c_str(), why.message.c_str());
  transport_.disconnect(peer);
}

void Relay::gossip_transaction(BytesView raw) {
  if (!first_sighting(keccak256(raw))) return;
  const Bytes items[] = {rlp::encode_string(raw)};
  broadcast(
      Message{
          .kind = MessageKind::kTransactions, .subnet = id_, .payload = rlp::encode_list(items)},
      nullptr);
}

void Relay::tick() {
  const std::vector<Bytes> offered = pooled(kRegossipBatch);
  if (offered.empty()) return;
  std::vector<Bytes> items;
  std::size_t bytes = kFrameOverhead;
  for (const Bytes& raw : offered) {
    if (bytes + raw.size() + 8 > max_frame_bytes_) break;
    bytes += raw.size() + 8;
    items.push_back(rlp::encode_string(raw));
  }
  broadcast(
      Message{
          .kind = MessageKind::kTransactions, .subnet = id_, .payload = rlp::encode_list(items)},
      nullptr);
}

void Relay::on_message(const NodeId& peer, const Message& message) {
  switch (message.kind) {
    case MessageKind::kTransactions:
      on_transactions(peer, message.payload);
      return;
    case MessageKind::kConsensus:
      if (engine_ != nullptr) engine_->on_consensus_message(peer, message.payload);
      return;
    default:
      bad_message(peer, fail(Errc::kDecode, std::string("a ") + kind_name(message.kind) +
                                                " message for this chain")
                            .error());
  }
}

void Relay::on_transactions(const NodeId& peer, BytesView payload) {
  const auto items = decode_payload_list(payload);
  if (!items) {
    bad_message(peer, fail(Errc::kDecode, "transactions: " + items.error().message).error());
    return;
  }
  std::vector<Bytes> fresh;
  for (const rlp::Item& item : *items) {
    if (item.is_list) continue;  // transactions travel as strings, as in blocks' bodies
    if (!first_sighting(keccak256(item.payload))) {
      count(&Stats::transactions_duplicate);
      continue;
    }
    // A transaction the pool refuses (a nonce already used, fees too low) is not passed on;
    // admission already names the rule, and an honest peer sends few of them.
    if (!admit(item.payload)) {
      count(&Stats::transactions_refused);
      continue;
    }
    count(&Stats::transactions_admitted);
    fresh.push_back(rlp::encode_string(item.payload));
  }
  if (!fresh.empty()) {
    broadcast(
        Message{
            .kind = MessageKind::kTransactions, .subnet = id_, .payload = rlp::encode_list(fresh)},
        &peer);
    if (engine_ != nullptr) engine_->on_transaction();
  }
}

}  // namespace plexus::net
