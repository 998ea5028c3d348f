#include "net/subnet_relay.hpp"

#include <algorithm>

#include "core/rlp.hpp"

namespace plexus::net {
namespace {

// Room for the envelope and the list header around a response's blocks.
constexpr std::size_t kFrameOverhead = 1024;

}  // namespace

Result<void> SubnetRelay::admit(BytesView raw) {
  PLEXUS_CHECK(chain_.submit(raw));
  return {};
}

void SubnetRelay::announce_block(const chain::Block& block) {
  auto encoded = chain::encode_block(block);
  if (!encoded) return;
  broadcast(Message{.kind = MessageKind::kBlockAnnounce, .subnet = id_, .payload = *encoded},
            nullptr);
}

void SubnetRelay::request_blocks(std::uint64_t first, std::uint64_t last) {
  const std::vector<NodeId> peers = transport_.peers();
  if (peers.empty() || last < first) return;
  last = std::min(last, first + kMaxBlocksPerResponse - 1);
  // One peer at a time, in turn: a peer that stalls or lies costs one round, not the sync.
  NodeId peer;
  {
    std::lock_guard lock(peer_mutex_);
    peer = peers[next_peer_++ % peers.size()];
  }
  const Bytes range[] = {rlp::encode_uint(first), rlp::encode_uint(last)};
  (void)transport_.send(peer, Message{.kind = MessageKind::kBlockRequest,
                                      .subnet = id_,
                                      .payload = rlp::encode_list(range)});
}

void SubnetRelay::tick() {
  Relay::tick();
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
    case MessageKind::kBlockAnnounce:
      on_blocks(peer, message.payload, false);
      return;
    case MessageKind::kBlockResponse:
      on_blocks(peer, message.payload, true);
      return;
    case MessageKind::kBlockRequest:
      on_request(peer, message.payload);
      return;
    default:
      Relay::on_message(peer, message);
  }
}

void SubnetRelay::on_blocks(const NodeId& peer, BytesView payload, bool list) {
  std::vector<BytesView> encoded;
  if (list) {
    const auto items = decode_payload_list(payload);
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
    count(&Stats::blocks_received);
    if (engine() == nullptr) continue;
    // A full queue is the engine's back-pressure, not the peer's fault: sync asks again.
    (void)engine()->on_block(peer, *block);
  }
}

void SubnetRelay::on_request(const NodeId& peer, BytesView payload) {
  const auto range = decode_payload_list(payload);
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
  count(&Stats::blocks_served, blocks.size());
  (void)transport_.send(peer, Message{.kind = MessageKind::kBlockResponse,
                                      .subnet = id_,
                                      .payload = rlp::encode_list(blocks)});
}

}  // namespace plexus::net
