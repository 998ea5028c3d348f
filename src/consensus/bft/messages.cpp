#include "consensus/bft/messages.hpp"

#include <string>

namespace plexus::consensus::bft {
namespace {

enum class Type : std::uint8_t {
  kProposal = 1,
  kVote = 2,
  kCertificate = 3,
  kBlockRequest = 4,
  kBlockReply = 5,
  kSyncRequest = 6,
  kSyncReply = 7,
  kEvidence = 8,
};

std::unexpected<Error> malformed(std::string what) {
  return fail(Errc::kDecode, "bft message: " + std::move(what));
}

Bytes wrap(Type type, const Bytes& body) {
  Bytes inner;
  rlp::append_uint(inner, static_cast<std::uint64_t>(type));
  inner.insert(inner.end(), body.begin(), body.end());
  Bytes out;
  append_list(out, inner);
  return out;
}

Bytes encode_body(const Proposal& p) {
  Bytes body;
  append_signed_vote(body, p.vote);
  rlp::append_string(body, p.block);
  Bytes certs;
  for (const QuorumCert& c : p.justification) append_quorum_cert(certs, c);
  append_list(body, certs);
  return body;
}

// Each entry is [round, block] or, with its senders, [round, block, senders].
Bytes encode_body(const SyncReply& r) {
  Bytes entries;
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    Bytes entry;
    rlp::append_uint(entry, r.blocks[i].first);
    rlp::append_string(entry, r.blocks[i].second);
    if (i < r.senders.size() && !r.senders[i].empty()) rlp::append_string(entry, r.senders[i]);
    append_list(entries, entry);
  }
  Bytes body;
  append_list(body, entries);
  append_quorum_cert(body, r.certificate);
  return body;
}

Result<Bytes> block_field(const rlp::Item& item) {
  if (item.is_list || item.payload.empty()) return malformed("block: expected non-empty bytes");
  return to_bytes(item.payload);
}

Result<std::vector<rlp::Item>> list_of(const rlp::Item& item, std::size_t max, const char* what) {
  if (!item.is_list) return malformed(std::string(what) + " is not a list");
  PLEXUS_TRY(auto items, rlp::list_items(item));
  if (items.size() > max)
    return malformed(std::string(what) + " has " + std::to_string(items.size()) +
                     " entries, at most " + std::to_string(max) + " allowed");
  return items;
}

}  // namespace

Bytes encode_message(const Message& message) {
  struct Encoder {
    Bytes operator()(const Proposal& p) const { return wrap(Type::kProposal, encode_body(p)); }
    Bytes operator()(const SignedVote& v) const {
      Bytes body;
      append_signed_vote(body, v);
      return wrap(Type::kVote, body);
    }
    Bytes operator()(const QuorumCert& c) const {
      Bytes body;
      append_quorum_cert(body, c);
      return wrap(Type::kCertificate, body);
    }
    Bytes operator()(const BlockRequest& r) const {
      Bytes body;
      rlp::append_string(body, r.digest.view());
      return wrap(Type::kBlockRequest, body);
    }
    Bytes operator()(const BlockReply& r) const {
      Bytes body;
      rlp::append_string(body, r.block);
      append_quorum_cert(body, r.certificate);
      return wrap(Type::kBlockReply, body);
    }
    Bytes operator()(const SyncRequest& r) const {
      Bytes body;
      rlp::append_uint(body, r.from_height);
      return wrap(Type::kSyncRequest, body);
    }
    Bytes operator()(const SyncReply& r) const { return wrap(Type::kSyncReply, encode_body(r)); }
    Bytes operator()(const Evidence& e) const {
      Bytes body;
      append_signed_vote(body, e.first);
      append_signed_vote(body, e.second);
      return wrap(Type::kEvidence, body);
    }
  };
  return std::visit(Encoder{}, message);
}

std::optional<std::uint64_t> message_epoch(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::optional<std::uint64_t> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Proposal>)
          return m.vote.vote.epoch;
        else if constexpr (std::is_same_v<T, SignedVote>)
          return m.vote.epoch;
        else if constexpr (std::is_same_v<T, QuorumCert>)
          return m.vote.epoch;
        else if constexpr (std::is_same_v<T, BlockReply>)
          return m.certificate.vote.epoch;
        else if constexpr (std::is_same_v<T, SyncReply>)
          return m.certificate.vote.epoch;
        else if constexpr (std::is_same_v<T, Evidence>)
          return m.first.vote.epoch;
        else
          return std::nullopt;
      },
      message);
}

Result<Message> decode_message(BytesView bytes) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(bytes));
  if (!item.is_list) return malformed("not a list");
  PLEXUS_TRY(const auto f, rlp::list_items(item));
  if (f.empty()) return malformed("empty");
  PLEXUS_TRY(const std::uint64_t type, rlp::to_uint64(f[0]));
  const auto expect = [&](std::size_t n) -> Result<void> {
    if (f.size() != n + 1)
      return malformed("type " + std::to_string(type) + " has " + std::to_string(f.size() - 1) +
                       " fields, expected " + std::to_string(n));
    return {};
  };
  switch (static_cast<Type>(type)) {
    case Type::kProposal: {
      PLEXUS_CHECK(expect(3));
      Proposal p;
      PLEXUS_TRY(p.vote, read_signed_vote(f[1]));
      if (p.vote.vote.kind != VoteKind::kNotarize)
        return malformed("a proposal carries the leader's notarize vote");
      PLEXUS_TRY(p.block, block_field(f[2]));
      PLEXUS_TRY(const auto certs, list_of(f[3], kMaxJustification, "justification"));
      for (const rlp::Item& c : certs) {
        PLEXUS_TRY(QuorumCert cert, read_quorum_cert(c));
        p.justification.push_back(std::move(cert));
      }
      return Message{std::move(p)};
    }
    case Type::kVote: {
      PLEXUS_CHECK(expect(1));
      PLEXUS_TRY(SignedVote v, read_signed_vote(f[1]));
      return Message{std::move(v)};
    }
    case Type::kCertificate: {
      PLEXUS_CHECK(expect(1));
      PLEXUS_TRY(QuorumCert c, read_quorum_cert(f[1]));
      return Message{std::move(c)};
    }
    case Type::kBlockRequest: {
      PLEXUS_CHECK(expect(1));
      if (f[1].is_list || f[1].payload.size() != 32) return malformed("digest is not 32 bytes");
      return Message{BlockRequest{Hash256::right_aligned(f[1].payload)}};
    }
    case Type::kBlockReply: {
      PLEXUS_CHECK(expect(2));
      BlockReply r;
      PLEXUS_TRY(r.block, block_field(f[1]));
      PLEXUS_TRY(r.certificate, read_quorum_cert(f[2]));
      if (r.certificate.vote.kind == VoteKind::kSkip)
        return malformed("a block comes with a notarization or finalization");
      return Message{std::move(r)};
    }
    case Type::kSyncRequest: {
      PLEXUS_CHECK(expect(1));
      PLEXUS_TRY(const std::uint64_t from, rlp::to_uint64(f[1]));
      return Message{SyncRequest{from}};
    }
    case Type::kSyncReply: {
      PLEXUS_CHECK(expect(2));
      SyncReply r;
      PLEXUS_TRY(const auto entries, list_of(f[1], kMaxSyncBlocks, "synced blocks"));
      if (entries.empty()) return malformed("a sync reply without blocks");
      for (const rlp::Item& e : entries) {
        PLEXUS_TRY(const auto fields, list_of(e, 3, "synced block"));
        if (fields.size() < 2) return malformed("a synced block is [round, block, senders?]");
        PLEXUS_TRY(const std::uint64_t round, rlp::to_uint64(fields[0]));
        PLEXUS_TRY(Bytes block, block_field(fields[1]));
        Bytes senders;
        if (fields.size() == 3) {
          const rlp::Item& list = fields[2];
          if (list.is_list || list.payload.empty() || list.payload.size() % Address::size() != 0)
            return malformed(
                "a synced block's senders are not a non-empty run of 20-byte "
                "addresses");
          senders = to_bytes(list.payload);
        }
        r.blocks.emplace_back(round, std::move(block));
        r.senders.push_back(std::move(senders));
      }
      PLEXUS_TRY(r.certificate, read_quorum_cert(f[2]));
      if (r.certificate.vote.kind != VoteKind::kFinalize)
        return malformed("a sync reply ends with a finalization");
      return Message{std::move(r)};
    }
    case Type::kEvidence: {
      PLEXUS_CHECK(expect(2));
      Evidence e;
      PLEXUS_TRY(e.first, read_signed_vote(f[1]));
      PLEXUS_TRY(e.second, read_signed_vote(f[2]));
      return Message{std::move(e)};
    }
  }
  return malformed("unknown type " + std::to_string(type));
}

const char* message_name(const Message& message) noexcept {
  static constexpr const char* kNames[] = {"proposal",      "vote",        "certificate",
                                           "block request", "block reply", "sync request",
                                           "sync reply",    "evidence"};
  return kNames[message.index()];
}

Bytes encode_evidence(const Evidence& evidence) { return encode_message(Message{evidence}); }

}  // namespace plexus::consensus::bft
