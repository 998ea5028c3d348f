#pragma once
// The snowman engine's messages on the wire: rlp([type, ...fields]), types numbered apart from
// the bft engine's so that one sent to the wrong engine is refused by type. Every decoder is
// strict; a message that does not decode is the sending peer's fault (kDecode) and the error
// names the rule it breaks.
#include <cstdint>
#include <optional>
#include <variant>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::consensus::snowman {

// A block its proposer built for `height`, sent to every validator.
struct Proposal {
  std::uint64_t height = 0;
  Bytes block;
};

// "Which block do you prefer at `height`?" The poller names its own preference (nullopt: none
// yet) and, on its first polls of a height, pushes the block too, so a validator that missed the
// proposal can vote for it.
struct Poll {
  std::uint64_t request_id = 0;
  std::uint64_t height = 0;
  std::optional<Hash256> preference;
  Bytes block;  // empty: not pushed
};

// The answer to a poll: the responder's preferred block at the height (nullopt: none), whether
// it is final there, and its bytes when they differ from the poller's preference.
struct Chits {
  std::uint64_t request_id = 0;
  std::uint64_t height = 0;
  std::optional<Hash256> preference;
  bool final = false;
  Bytes block;  // empty: the poller has it
};

using Message = std::variant<Proposal, Poll, Chits>;

[[nodiscard]] Bytes encode_message(const Message& message);
[[nodiscard]] Result<Message> decode_message(BytesView bytes);
[[nodiscard]] const char* message_name(const Message& message) noexcept;

}  // namespace plexus::consensus::snowman
