#include "net/subnet_relay.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::net {
namespace {

// Room for the envelope and the list header around a response's blocks.
constexpr std::size_t kFrameOverhead = 1024;

Bytes text_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

// The items of a payload that must be one RLP list.
Result<std::vector<rlp::Item>> decode_list(BytesView payload) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(payload));
  if (!item.is_list) return fail(Errc::kDecode, "not a list");
  return rlp::list_items(item);
}

}  // namespace

SubnetId subnet_id(std::string_view name) {
  Bytes preimage = text_bytes("plexus subnet ");
  preimage.insert(preimage.end(), name.begin(), name.end());
  return SubnetId::right_aligned(keccak256(preimage).view());
}

SubnetRelay::SubnetRelay(Transport& transport, SubnetId id, chain::SubnetChain& chain,
                         std::uint32_t max_frame_bytes)
    : transport_(transport), id_(id), chain_(chain), max_frame_bytes_(max_frame_bytes) {}

SubnetRelay::Stats SubnetRelay::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

bool SubnetRelay::first_sighting(const Hash256& hash) {
  std::lock_guard lock(mutex_);
  if (!seen_.insert(hash).second) return false;
  seen_order_.push_back(hash);
  if (seen_order_.size() > kSeenTransactions) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

void SubnetRelay::broadcast(const Message& message, const NodeId* except) {
  for (const NodeId& peer : transport_.peers())
    if (except == nullptr || peer != *except) (void)transport_.send(peer, message);
}

void SubnetRelay::announce_block(const chain::Block& block) {
  auto encoded = chain::encode_block(block);
  if (!encoded) return;
  broadcast(Message{.kind = MessageKind::kBlockAnnounce, .subnet = id_, .payload = *encoded},
            nullptr);
}

void SubnetRelay::send_consensus(const consensus::NodeId* to, Bytes payload) {
  Message message{.kind = MessageKind::kConsensus, .subnet = id_, .payload = std::move(payload)};
  if (to != nullptr) {
    (void)transport_.send(*to, std::move(message));
  } else {
    broadcast(message, nullptr);
  }
}

void SubnetRelay::request_blocks(std::uint64_t first, std::uint64_t last) {
  const std::vector<NodeId> peers = transport_.peers();
  if (peers.empty() || last < first) return;
  last = std::min(last, first + kMaxBlocksPerResponse - 1);
  // One peer at a time, in turn: a peer that stalls or lies costs one round, not the sync.
  NodeId peer;
  {
    std::lock_guard lock(mutex_);
    peer = peers[next_peer_++ % peers.size()];
  }
  const Bytes range[] = {rlp::encode_uint(first), rlp::encode_uint(last)};
  (void)transport_.send(peer, Message{.kind = MessageKind::kBlockRequest,
                                      .subnet = id_,
                                      .payload = rlp::encode_list(range)});
}

void SubnetRelay::report_peer(const consensus::NodeId& peer, const Error& why) {
  bad_message(peer, why);
}

void SubnetRelay::bad_message(const NodeId& peer, const Error& why) {
  {
    std::lock_guard lock(mutex_);
    ++stats_.bad_messages;
  }
  std::fprintf(stderr, "peer %s: %s; disconnected\n", to_hex(peer).c_str(), why.message.c_str());
  transport_.disconnect(peer);
}

void SubnetRelay::gossip_transaction(BytesView raw) {
  if (!first_sighting(keccak256(raw))) return;
  const Bytes items[] = {rlp::encode_string(raw)};
  broadcast(
      Message{
          .kind = MessageKind::kTransactions, .subnet = id_, .payload = rlp::encode_list(items)},
      nullptr);
}

void SubnetRelay::tick() {
  const std::vector<Bytes> pooled = chain_.pooled_transactions(kRegossipBatch);
  if (!pooled.empty()) {
    std::vector<Bytes> items;
    std::size_t bytes = kFrameOverhead;
    for (const Bytes& raw : pooled) {
      if (bytes + raw.size() + 8 > max_frame_bytes_) break;
      bytes += raw.size() + 8;
      items.push_back(rlp::encode_string(raw));
    }
    broadcast(
        Message{
            .kind = MessageKind::kTransactions, .subnet = id_, .payload = rlp::encode_list(items)},
        nullptr);
  }
  for (const NodeId& peer : transport_.peers()) on_connect(peer);
}

void SubnetRelay::on_connect(const NodeId& peer) {
  // Tell the newcomer how far this node is; a node behind asks for the rest.
  const chain::ChainHead head = chain_.head();
  if (head.number == 0) return;
  auto block = chain_.blocks().by_number(head.number);
  if (!block || !*block) return;
  auto encoded = chain::encode_block((*block)->block);
  if (!encoded) return;
  (void)transport_.send(
      peer, Message{.kind = MessageKind::kBlockAnnounce, .subnet = id_, .payload = *encoded});
}

void SubnetRelay::on_message(const NodeId& peer, const Message& message) {
  switch (message.kind) {
    case MessageKind::kTransactions:
      on_transactions(peer, message.payload);
      return;
    case MessageKind::kBlockAnnounce:
      on_blocks(peer, message.payload, false);
      return;
    case MessageKind::kBlockResponse:
      on_blocks(peer, message.payload, true);
      return;
    case MessageKind::kBlockRequest:
      on_request(peer, message.payload);
      return;
    case MessageKind::kConsensus:
      if (engine_ != nullptr) engine_->on_consensus_message(peer, message.payload);
      return;
    default:
      bad_message(peer, fail(Errc::kDecode,
                             std::string("a ") + kind_name(message.kind) + " message for a subnet")
                            .error());
  }
}

void SubnetRelay::on_transactions(const NodeId& peer, BytesView payload) {
  const auto items = decode_list(payload);
  if (!items) {
    bad_message(peer, fail(Errc::kDecode, "transactions: " + items.error().message).error());
    return;
  }
  std::vector<Bytes> fresh;
  for (const rlp::Item& item : *items) {
    if (item.is_list) continue;  // transactions travel as strings, as in blocks' bodies
    if (!first_sighting(keccak256(item.payload))) {
      std::lock_guard lock(mutex_);
      ++stats_.transactions_duplicate;
      continue;
    }
    // A transaction the pool refuses (a nonce already used, fees too low) is not passed on;
    // admission already names the rule, and an honest peer sends few of them.
    const auto admitted = chain_.submit(item.payload);
    std::lock_guard lock(mutex_);
    if (!admitted) {
      ++stats_.transactions_refused;
      continue;
    }
    ++stats_.transactions_admitted;
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

void SubnetRelay::on_blocks(const NodeId& peer, BytesView payload, bool list) {
  std::vector<BytesView> encoded;
  if (list) {
    const auto items = decode_list(payload);
    if (!items) {
      bad_message(peer, fail(Errc::kDecode, "blocks: " + items.error().message).error());
      return;
    }
    for (const rlp::Item& block : *items) encoded.push_back(block.encoded);
  } else {
    encoded.push_back(payload);
  }
  for (const BytesView bytes : encoded) {
    auto block = chain::decode_block(bytes);
    if (!block) {
      bad_message(peer, block.error());
      return;
    }
    {
      std::lock_guard lock(mutex_);
      ++stats_.blocks_received;
    }
    if (engine_ == nullptr) continue;
    // A full queue is the engine's back-pressure, not the peer's fault: sync asks again.
    (void)engine_->on_block(peer, *block);
  }
}

void SubnetRelay::on_request(const NodeId& peer, BytesView payload) {
  const auto range = decode_list(payload);
  if (!range || range->size() != 2) {
    bad_message(peer, fail(Errc::kDecode, "block request: expected [first, last]").error());
    return;
  }
  const auto first = rlp::to_uint64((*range)[0]);
  const auto last = rlp::to_uint64((*range)[1]);
  if (!first || !last || *last < *first) {
    bad_message(peer, fail(Errc::kDecode, "block request: bad range").error());
    return;
  }
  const std::uint64_t head = chain_.head().number;
  const std::uint64_t end = std::min({*last, head, *first + kMaxBlocksPerResponse - 1});
  std::vector<Bytes> blocks;
  std::size_t bytes = kFrameOverhead;
  for (std::uint64_t n = *first; n <= end; ++n) {
    auto record = chain_.blocks().by_number(n);
    if (!record || !*record) break;
    auto encoded = chain::encode_block((*record)->block);
    if (!encoded || bytes + encoded->size() > max_frame_bytes_) break;
    bytes += encoded->size();
    blocks.push_back(std::move(*encoded));
  }
  if (blocks.empty()) return;  // nothing this node has: the asker tries another peer
  {
    std::lock_guard lock(mutex_);
    stats_.blocks_served += blocks.size();
  }
  (void)transport_.send(peer, Message{.kind = MessageKind::kBlockResponse,
                                      .subnet = id_,
                                      .payload = rlp::encode_list(blocks)});
}

}  // namespace plexus::net
