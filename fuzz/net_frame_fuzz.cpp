// Network frames and envelopes: a peer controls every byte, so the decoder must never crash,
// never buffer more than it was given, stay failed once it fails, and accept only canonical
// envelopes (an accepted envelope re-encodes to the same bytes).
#include <algorithm>

#include "fuzz_check.hpp"
#include "net/envelope.hpp"
#include "net/frame.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  const BytesView input = fuzz::input_view(data, size);
  if (input.empty()) return 0;
  // The first byte picks the read size (1..256) and whether the small cap is in force, so the
  // same frames are tried split at every boundary and against both limits.
  const std::size_t chunk = std::size_t{input[0]} + 1;
  const std::size_t cap = (input[0] & 1) ? 64 : net::kDefaultMaxFrame;
  const BytesView stream = input.subspan(1);

  net::FrameDecoder decoder(cap);
  bool failed = false;
  for (std::size_t offset = 0; offset < stream.size() && !failed; offset += chunk) {
    decoder.feed(stream.subspan(offset, std::min(chunk, stream.size() - offset)));
    FUZZ_CHECK(decoder.buffered() <= stream.size());
    while (true) {
      auto frame = decoder.next();
      if (!frame) {
        FUZZ_CHECK(!frame.error().message.empty());
        failed = true;
        break;
      }
      if (!*frame) break;
      FUZZ_CHECK(!(*frame)->empty() && (*frame)->size() <= cap);
      auto message = net::decode_envelope(**frame);
      if (message) {
        FUZZ_CHECK(net::encode_envelope(*message) == **frame);
      } else {
        FUZZ_CHECK(!message.error().message.empty());
      }
    }
  }
  if (failed) FUZZ_CHECK(!decoder.next());  // a failed stream never recovers
  return 0;
}
