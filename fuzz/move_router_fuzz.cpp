// The Move router's envelope and creation payload: whatever decodes must encode back to the
// identical bytes (BCS is canonical, and the decoder refuses non-canonical lengths).
#include "fuzz_check.hpp"
#include "move/adapter/envelope.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  using namespace plexus::move;
  const BytesView input = fuzz::input_view(data, size);
  if (const auto call = decode_router_call(input))
    FUZZ_CHECK(encode_router_call(*call) == to_bytes(input));
  if (const auto modules = decode_creation_payload(input))
    FUZZ_CHECK(encode_creation_payload(*modules) == to_bytes(input));
  return 0;
}
