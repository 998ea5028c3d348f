#pragma once
// The message envelope carried by every frame: RLP list [kind, subnet, payload].
//   kind     an unsigned integer, one of MessageKind (net/types.hpp)
//   subnet   exactly 32 bytes; all zero for the primary network and node-level messages
//   payload  a byte string, opaque here; its meaning belongs to the kind's handler
// RLP because the project already has a strict codec for it (core/rlp.hpp): non-canonical or
// trailing bytes are errors, so every accepted envelope has exactly one encoding.
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "net/types.hpp"

namespace plexus::net {

[[nodiscard]] Bytes encode_envelope(const Message& message);
// Errors name the rule: "envelope: unknown message kind 9", "envelope: subnet id must be 32
// bytes, got 31", "envelope: expected 3 fields, got 2", or the RLP decoder's message.
[[nodiscard]] Result<Message> decode_envelope(BytesView encoded);

}  // namespace plexus::net
