// RLP: strict decoding must accept exactly the canonical encodings, so anything decode() accepts
// re-encodes byte for byte, and nothing it reads lies outside the input.
#include <vector>

#include "core/rlp.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace plexus;

constexpr int kMaxDepth = 64;  // deeper inputs are still decoded; only the re-encoding stops

Bytes reencode(const rlp::Item& item, int depth) {
  if (!item.is_list) return rlp::encode_string(item.payload);
  auto elements = rlp::list_items(item);
  FUZZ_CHECK(elements.has_value());  // decode() already validated the whole item
  std::vector<Bytes> encoded;
  for (const auto& element : *elements)
    encoded.push_back(depth < kMaxDepth ? reencode(element, depth + 1) : to_bytes(element.encoded));
  return rlp::encode_list(encoded);
}

void check_integers(const rlp::Item& item) {
  if (item.is_list) return;
  if (auto value = rlp::to_uint64(item)) FUZZ_CHECK(rlp::encode_uint(*value) == to_bytes(item.encoded));
  if (auto value = rlp::to_uint_bytes(item, 32)) {
    FUZZ_CHECK(value->size() <= 32);
    FUZZ_CHECK(rlp::trim_leading_zeros(*value).size() == value->size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const BytesView input = fuzz::input_view(data, size);
  if (auto item = rlp::decode(input)) {
    FUZZ_CHECK(item->encoded.size() == input.size());
    FUZZ_CHECK(reencode(*item, 0) == to_bytes(input));
    check_integers(*item);
  }
  // Streaming reads consume the input item by item and always make progress.
  BytesView rest = input;
  while (!rest.empty()) {
    const std::size_t before = rest.size();
    auto item = rlp::read_item(rest);
    if (!item) break;
    FUZZ_CHECK(rest.size() < before);
    FUZZ_CHECK(item->encoded.size() == before - rest.size());
  }
  return 0;
}
