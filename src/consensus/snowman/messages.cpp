#include "consensus/snowman/messages.hpp"

#include <string>

#include "core/rlp.hpp"

namespace plexus::consensus::snowman {
namespace {

// Apart from the bft engine's types (1..8).
enum class Type : std::uint8_t { kProposal = 0x21, kPoll = 0x22, kChits = 0x23 };

std::unexpected<Error> malformed(std::string what) {
  return fail(Errc::kDecode, "snowman message: " + std::move(what));
}

Result<std::optional<Hash256>> read_preference(const rlp::Item& item) {
  if (item.is_list) return malformed("a preference is bytes, not a list");
  if (item.payload.empty()) return std::optional<Hash256>{};
  if (item.payload.size() != 32)
    return malformed("a preference is a 32-byte block hash or empty, not " +
                     std::to_string(item.payload.size()) + " bytes");
  return std::optional<Hash256>(Hash256::right_aligned(item.payload));
}

Result<Bytes> read_block(const rlp::Item& item, bool may_be_empty) {
  if (item.is_list) return malformed("a block is bytes, not a list");
  if (item.payload.empty() && !may_be_empty) return malformed("a proposal carries a block");
  return to_bytes(item.payload);
}

// [proposer, signature] after a block: both only with a block; a signature is at most 96 bytes
// (a BLS signature), and may be empty.
struct Signed {
  std::uint64_t proposer = 0;
  Bytes signature;
};
Result<Signed> read_signed(const rlp::Item& proposer, const rlp::Item& signature,
                           const Bytes& block) {
  Signed out;
  PLEXUS_TRY(out.proposer, rlp::to_uint64(proposer));
  if (signature.is_list) return malformed("a signature is bytes, not a list");
  if (signature.payload.size() > 96)
    return malformed("a proposer's signature is at most 96 bytes, not " +
                     std::to_string(signature.payload.size()));
  out.signature = to_bytes(signature.payload);
  if (block.empty() && (!out.signature.empty() || out.proposer != 0))
    return malformed("a proposer and its signature come with a block");
  return out;
}

void append_signed(Bytes& body, std::uint64_t proposer, const Bytes& signature) {
  rlp::append_uint(body, proposer);
  rlp::append_string(body, signature);
}

Bytes wrap(Type type, const Bytes& body) {
  Bytes inner;
  rlp::append_uint(inner, static_cast<std::uint64_t>(type));
  inner.insert(inner.end(), body.begin(), body.end());
  Bytes out;
  rlp::append_list_header(out, inner.size());
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

}  // namespace

Bytes encode_message(const Message& message) {
  struct Encoder {
    Bytes operator()(const Proposal& p) const {
      Bytes body;
      rlp::append_uint(body, p.height);
      rlp::append_string(body, p.block);
      append_signed(body, p.proposer, p.signature);
      return wrap(Type::kProposal, body);
    }
    Bytes operator()(const Poll& p) const {
      Bytes body = head(p.request_id, p.height, p.preference);
      rlp::append_string(body, p.block);
      append_signed(body, p.proposer, p.signature);
      return wrap(Type::kPoll, body);
    }
    Bytes operator()(const Chits& c) const {
      Bytes body = head(c.request_id, c.height, c.preference);
      rlp::append_uint(body, c.final ? 1 : 0);
      rlp::append_string(body, c.block);
      append_signed(body, c.proposer, c.signature);
      return wrap(Type::kChits, body);
    }
    // [request_id, height, preference]: how polls and chits begin.
    static Bytes head(std::uint64_t request_id, std::uint64_t height,
                      const std::optional<Hash256>& preference) {
      Bytes body;
      rlp::append_uint(body, request_id);
      rlp::append_uint(body, height);
      rlp::append_string(body, preference ? preference->view() : BytesView{});
      return body;
    }
  };
  return std::visit(Encoder{}, message);
}

Result<Message> decode_message(BytesView bytes) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(bytes));
  if (!item.is_list) return malformed("not a list");
  PLEXUS_TRY(const auto f, rlp::list_items(item));
  if (f.empty()) return malformed("empty");
  PLEXUS_TRY(const std::uint64_t type, rlp::to_uint64(f[0]));
  const auto expect = [&](std::size_t n, const char* name) -> Result<void> {
    if (f.size() != n + 1)
      return malformed(std::string(name) + " has " + std::to_string(f.size() - 1) +
                       " fields, expected " + std::to_string(n));
    return {};
  };
  switch (static_cast<Type>(type)) {
    case Type::kProposal: {
      PLEXUS_CHECK(expect(4, "a proposal"));
      Proposal p;
      PLEXUS_TRY(p.height, rlp::to_uint64(f[1]));
      if (p.height == 0) return malformed("height 0 is genesis, never proposed");
      PLEXUS_TRY(p.block, read_block(f[2], false));
      PLEXUS_TRY(Signed s, read_signed(f[3], f[4], p.block));
      p.proposer = s.proposer;
      p.signature = std::move(s.signature);
      return Message{std::move(p)};
    }
    case Type::kPoll: {
      PLEXUS_CHECK(expect(6, "a poll"));
      Poll p;
      PLEXUS_TRY(p.request_id, rlp::to_uint64(f[1]));
      PLEXUS_TRY(p.height, rlp::to_uint64(f[2]));
      if (p.height == 0) return malformed("height 0 is genesis, never polled");
      PLEXUS_TRY(p.preference, read_preference(f[3]));
      PLEXUS_TRY(p.block, read_block(f[4], true));
      if (!p.block.empty() && !p.preference)
        return malformed("a poll pushes only the block it prefers");
      PLEXUS_TRY(Signed s, read_signed(f[5], f[6], p.block));
      p.proposer = s.proposer;
      p.signature = std::move(s.signature);
      return Message{std::move(p)};
    }
    case Type::kChits: {
      PLEXUS_CHECK(expect(7, "chits"));
      Chits c;
      PLEXUS_TRY(c.request_id, rlp::to_uint64(f[1]));
      PLEXUS_TRY(c.height, rlp::to_uint64(f[2]));
      PLEXUS_TRY(c.preference, read_preference(f[3]));
      PLEXUS_TRY(const std::uint64_t final, rlp::to_uint64(f[4]));
      if (final > 1) return malformed("final is 0 or 1");
      c.final = final == 1;
      if (c.final && !c.preference) return malformed("final chits name a block");
      PLEXUS_TRY(c.block, read_block(f[5], true));
      if (!c.block.empty() && !c.preference)
        return malformed("chits carry only the block they prefer");
      PLEXUS_TRY(Signed s, read_signed(f[6], f[7], c.block));
      c.proposer = s.proposer;
      c.signature = std::move(s.signature);
      return Message{std::move(c)};
    }
  }
  return malformed("unknown type " + std::to_string(type));
}

const char* message_name(const Message& message) noexcept {
  static constexpr const char* kNames[] = {"proposal", "poll", "chits"};
  return kNames[message.index()];
}

}  // namespace plexus::consensus::snowman
