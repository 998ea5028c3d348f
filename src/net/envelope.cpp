#include "net/envelope.hpp"

#include <string>
#include <vector>

#include "core/rlp.hpp"

namespace plexus::net {

Bytes encode_envelope(const Message& message) {
  Bytes body;
  rlp::append_uint(body, static_cast<std::uint64_t>(message.kind));
  rlp::append_string(body, message.subnet.view());
  rlp::append_string(body, message.payload);
  Bytes out;
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<Message> decode_envelope(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item item, rlp::decode(encoded));
  if (!item.is_list) return fail(Errc::kDecode, "envelope: not an RLP list");
  PLEXUS_TRY(const std::vector<rlp::Item> fields, rlp::list_items(item));
  if (fields.size() != 3)
    return fail(Errc::kDecode, "envelope: expected 3 fields, got " + std::to_string(fields.size()));
  if (fields[0].is_list) return fail(Errc::kDecode, "envelope: kind must be an integer");
  PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(fields[0]));
  if (kind == 0 || kind > kMaxMessageKind)
    return fail(Errc::kDecode, "envelope: unknown message kind " + std::to_string(kind));
  if (fields[1].is_list || fields[1].payload.size() != SubnetId::size())
    return fail(Errc::kDecode, "envelope: subnet id must be 32 bytes, got " +
                                   (fields[1].is_list ? std::string("a list")
                                                      : std::to_string(fields[1].payload.size())));
  if (fields[2].is_list) return fail(Errc::kDecode, "envelope: payload must be a byte string");
  Message message{.kind = static_cast<MessageKind>(kind),
                  .subnet = SubnetId::right_aligned(fields[1].payload),
                  .payload = to_bytes(fields[2].payload)};
  return message;
}

}  // namespace plexus::net
