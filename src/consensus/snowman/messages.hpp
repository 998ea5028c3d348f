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

// A block travels with its proposer (an index into the validator set that decides its height)
// and the proposer's signature over it (ReplicaIo::sign_proposal) when known, so that whoever
// passes it on, a node can tell whose window it was built in. Final blocks travel unsigned.

// A block its proposer built for `height`, sent to every validator.
struct Proposal {
  std::uint64_t height = 0;
  Bytes block;
  std::uint64_t proposer = 0;
  Bytes signature;
};

// "Which block do you prefer at `height`?" The poller names its own preference (nullopt: none
// yet) and, on its first polls of a height, pushes the block too, so a validator that missed the
// proposal can vote for it.
struct Poll {
  std::uint64_t request_id = 0;
  std::uint64_t height = 0;
  std::optional<Hash256> preference;
  Bytes block;  // empty: not pushed
  std::uint64_t proposer = 0;
  Bytes signature;  // with the block, when the poller has it
};

// The answer to a poll: the responder's preferred block at the height (nullopt: none), whether
// it is final there, and its bytes when they differ from the poller's preference.
struct Chits {
  std::uint64_t request_id = 0;
  std::uint64_t height = 0;
  std::optional<Hash256> preference;
  bool final = false;
  Bytes block;  // empty: the poller has it
  std::uint64_t proposer = 0;
  Bytes signature;  // with the block, when known
};

using Message = std::variant<Proposal, Poll, Chits>;

[[nodiscard]] Bytes encode_message(const Message& message);
[[nodiscard]] Result<Message> decode_message(BytesView bytes);
[[nodiscard]] const char* message_name(const Message& message) noexcept;

}  // namespace plexus::consensus::snowman
