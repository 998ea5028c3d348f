// RLP: strict decoding must accept exactly the canonical encodings, so an input whose every
// nested item decodes re-encodes byte for byte. decode() checks only the outer item (list
// elements are read lazily by list_items()), so the walk below reports errors inside lists.
#include <optional>
#include <vector>

#include "core/rlp.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace plexus;

constexpr int kMaxDepth = 64;  // items nested deeper are compared as they are, not re-encoded

// nullopt when a nested item does not decode.
std::optional<Bytes> reencode(const rlp::Item& item, int depth) {
  if (!item.is_list) return rlp::encode_string(item.payload);
  auto elements = rlp::list_items(item);
  if (!elements) {
    FUZZ_CHECK(!elements.error().message.empty());
    return std::nullopt;
  }
  std::vector<Bytes> encoded;
  for (const auto& element : *elements) {
    FUZZ_CHECK(element.encoded.data() >= item.payload.data() &&
               element.encoded.data() + element.encoded.size() <=
                   item.payload.data() + item.payload.size());
    if (depth >= kMaxDepth) {
      encoded.push_back(to_bytes(element.encoded));
      continue;
    }
    auto inner = reencode(element, depth + 1);
    if (!inner) return std::nullopt;
    encoded.push_back(std::move(*inner));
  }
  return rlp::encode_list(encoded);
}

void check_integers(const rlp::Item& item) {
  if (item.is_list) return;
  if (auto value = rlp::to_uint64(item))
    FUZZ_CHECK(rlp::encode_uint(*value) == to_bytes(item.encoded));
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
    if (auto again = reencode(*item, 0)) FUZZ_CHECK(*again == to_bytes(input));
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
