#include "net/send_queue.hpp"

#include <string>

namespace plexus::net {

Result<void> SendQueue::push(Priority priority, Bytes frame) {
  if (bytes_ + frame.size() > max_bytes_)
    return fail(Errc::kLimitExceeded, "net: the peer's send queue is full (" +
                                          std::to_string(bytes_) + " bytes queued)");
  bytes_ += frame.size();
  classes_[static_cast<std::size_t>(priority)].push_back(std::move(frame));
  return {};
}

std::size_t SendQueue::pop_into(Bytes& out, std::size_t target) {
  std::size_t taken = 0;
  for (auto& fifo : classes_) {
    while (!fifo.empty() && out.size() < target) {
      out.insert(out.end(), fifo.front().begin(), fifo.front().end());
      bytes_ -= fifo.front().size();
      fifo.pop_front();
      ++taken;
    }
  }
  return taken;
}

}  // namespace plexus::net
