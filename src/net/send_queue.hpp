#pragma once
// A peer's outgoing frames, one FIFO per priority class. Writes take frames most urgent class
// first, so a vote queued behind a thousand transactions goes out next, not last: the
// head-of-line blocking left is one write batch. The byte cap bounds what a slow reader can
// make us hold.
#include <array>
#include <cstddef>
#include <deque>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "net/types.hpp"

namespace plexus::net {

class SendQueue {
 public:
  explicit SendQueue(std::size_t max_bytes) noexcept : max_bytes_(max_bytes) {}

  // Fails with kLimitExceeded, queueing nothing, when the frame would pass the byte cap.
  [[nodiscard]] Result<void> push(Priority priority, Bytes frame);
  // Moves whole frames, most urgent first, into `out` until it holds at least `target` bytes or
  // the queue is empty. Returns the number of frames taken.
  std::size_t pop_into(Bytes& out, std::size_t target);
  [[nodiscard]] bool empty() const noexcept { return bytes_ == 0; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  std::array<std::deque<Bytes>, kPriorityCount> classes_;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
};

}  // namespace plexus::net
