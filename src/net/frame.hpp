#pragma once
// Length-prefixed frames: a 4-byte big-endian payload length, then the payload (an RLP envelope,
// net/envelope.hpp). The cap is checked on the 4-byte header, before a single payload byte is
// buffered, so a peer claiming 4 GiB costs us four bytes of memory, not four gigabytes.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::net {

inline constexpr std::size_t kFrameHeaderSize = 4;
// Avalanche's limit; a subnet with bigger blocks configures more.
inline constexpr std::size_t kDefaultMaxFrame = 2 * 1024 * 1024;

// Appends header and payload to `out`. Fails with kLimitExceeded when the payload is over `max`.
[[nodiscard]] Result<void> append_frame(Bytes& out, BytesView payload,
                                        std::size_t max = kDefaultMaxFrame);

// Reassembles frames from a byte stream that arrives in arbitrary pieces. Once it has reported an
// error it stays failed: the stream is out of step and the connection must be closed.
class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_frame = kDefaultMaxFrame) noexcept : max_(max_frame) {}

  // Appends received bytes. Only bytes actually received are buffered.
  void feed(BytesView bytes);
  // The next complete frame's payload, nullopt when more bytes are needed, or the rule broken:
  //   "frame: empty frame" and "frame: length N exceeds the cap of M bytes" (kLimitExceeded).
  [[nodiscard]] Result<std::optional<Bytes>> next();
  // Lowering the cap applies to the next header read (the handshake runs under a smaller one).
  void set_max_frame(std::size_t max) noexcept { max_ = max; }
  [[nodiscard]] std::size_t max_frame() const noexcept { return max_; }
  [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - offset_; }

 private:
  Bytes buffer_;
  std::size_t offset_ = 0;  // bytes of buffer_ already consumed
  std::size_t max_;
  std::optional<Error> failed_;
};

}  // namespace plexus::net
