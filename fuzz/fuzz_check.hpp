#pragma once
// Shared by every fuzz target. A target reports a broken property with FUZZ_CHECK, which aborts:
// libFuzzer records the input as a crash, and the standalone regression driver fails its test.
// Crashes and sanitizer reports need nothing extra.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/bytes.hpp"

#define FUZZ_CHECK(cond)                                                               \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                             \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace plexus::fuzz {

// The fuzzer's input as a byte view (data may be null when size is 0).
[[nodiscard]] inline BytesView input_view(const std::uint8_t* data, std::size_t size) noexcept {
  return size == 0 ? BytesView{} : BytesView{data, size};
}

// Consumes bytes from the front of the input; reads past the end yield zeros so targets can
// split any input into fields without length checks of their own.
class Cursor {
 public:
  explicit Cursor(BytesView in) noexcept : in_(in) {}
  [[nodiscard]] std::uint8_t byte() noexcept { return pos_ < in_.size() ? in_[pos_++] : 0; }
  [[nodiscard]] std::uint16_t u16() noexcept {
    const std::uint16_t hi = byte();
    return static_cast<std::uint16_t>(hi << 8 | byte());
  }
  // Up to n bytes (fewer at the end of the input).
  [[nodiscard]] BytesView take(std::size_t n) noexcept {
    const std::size_t k = n < remaining() ? n : remaining();
    const BytesView out = in_.subspan(pos_, k);
    pos_ += k;
    return out;
  }
  [[nodiscard]] BytesView rest() noexcept { return take(remaining()); }
  [[nodiscard]] std::size_t remaining() const noexcept { return in_.size() - pos_; }

 private:
  BytesView in_;
  std::size_t pos_ = 0;
};

}  // namespace plexus::fuzz
