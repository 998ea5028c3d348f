#include "net/types.hpp"

namespace plexus::net {

std::string to_string(const Endpoint& endpoint) {
  // IPv6 literals are bracketed so the port stays unambiguous.
  const bool v6 = endpoint.host.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

const char* kind_name(MessageKind kind) noexcept {
  switch (kind) {
    case MessageKind::kHandshake: return "handshake";
    case MessageKind::kPing: return "ping";
    case MessageKind::kPong: return "pong";
    case MessageKind::kTransactions: return "transactions";
    case MessageKind::kBlockAnnounce: return "block-announce";
    case MessageKind::kBlockRequest: return "block-request";
    case MessageKind::kBlockResponse: return "block-response";
    case MessageKind::kConsensus: return "consensus";
    case MessageKind::kMessageShares: return "message-shares";
  }
  return "unknown";
}

Priority default_priority(MessageKind kind) noexcept {
  switch (kind) {
    case MessageKind::kTransactions:
    case MessageKind::kMessageShares: return Priority::kTransactions;
    case MessageKind::kBlockAnnounce:
    case MessageKind::kBlockRequest:
    case MessageKind::kBlockResponse: return Priority::kBlocks;
    default: return Priority::kConsensus;
  }
}

}  // namespace plexus::net
