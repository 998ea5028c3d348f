#include "net/frame.hpp"

#include <string>

namespace plexus::net {

Result<void> append_frame(Bytes& out, BytesView payload, std::size_t max) {
  if (payload.size() > max)
    return fail(Errc::kLimitExceeded, "frame: payload of " + std::to_string(payload.size()) +
                                          " bytes exceeds the cap of " + std::to_string(max));
  if (payload.empty()) return fail(Errc::kInvalidArgument, "frame: empty frame");
  const auto n = static_cast<std::uint32_t>(payload.size());
  out.push_back(static_cast<Byte>(n >> 24));
  out.push_back(static_cast<Byte>(n >> 16));
  out.push_back(static_cast<Byte>(n >> 8));
  out.push_back(static_cast<Byte>(n));
  out.insert(out.end(), payload.begin(), payload.end());
  return {};
}

void FrameDecoder::feed(BytesView bytes) {
  if (failed_) return;
  // Drop consumed bytes before growing, so a long-lived stream does not keep its history.
  if (offset_ > 0 && offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > 64 * 1024 && offset_ * 2 > buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(offset_));
    offset_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

Result<std::optional<Bytes>> FrameDecoder::next() {
  if (failed_) return std::unexpected(*failed_);
  if (buffered() < kFrameHeaderSize) return std::optional<Bytes>{};
  const Byte* p = buffer_.data() + offset_;
  const std::uint64_t length = (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) |
                               (std::uint64_t{p[2]} << 8) | std::uint64_t{p[3]};
  if (length == 0) {
    failed_ = Error{Errc::kDecode, "frame: empty frame"};
    return std::unexpected(*failed_);
  }
  if (length > max_) {
    failed_ = Error{Errc::kLimitExceeded, "frame: length " + std::to_string(length) +
                                              " exceeds the cap of " + std::to_string(max_) +
                                              " bytes"};
    return std::unexpected(*failed_);
  }
  if (buffered() - kFrameHeaderSize < length) return std::optional<Bytes>{};
  const auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(offset_ + kFrameHeaderSize);
  Bytes payload(begin, begin + static_cast<std::ptrdiff_t>(length));
  offset_ += kFrameHeaderSize + length;
  return std::optional<Bytes>{std::move(payload)};
}

}  // namespace plexus::net
