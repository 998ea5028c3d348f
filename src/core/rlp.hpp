#pragma once
// Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).
// Decoding is strict: non-minimal length prefixes, single bytes < 0x80 wrapped as strings, leading
// zeros in lengths or integers, truncated payloads and trailing bytes are all errors.
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::rlp {

// ---- encoding ----
void append_string(Bytes& out, BytesView payload);
void append_uint(Bytes& out, std::uint64_t value);  // minimal big-endian, 0 -> 0x80
void append_list_header(Bytes& out, std::size_t payload_length);
// Wraps already-encoded items into a list.
[[nodiscard]] Bytes encode_list(std::span<const Bytes> encoded_items);
[[nodiscard]] Bytes encode_string(BytesView payload);
[[nodiscard]] Bytes encode_uint(std::uint64_t value);
// Strips leading zero bytes of a big-endian number before encoding it as a string.
[[nodiscard]] BytesView trim_leading_zeros(BytesView big_endian) noexcept;

// ---- decoding ----
struct Item {
  bool is_list = false;
  BytesView payload;  // the string's bytes, or the list's concatenated encoded items
  BytesView encoded;  // the whole item including its prefix
};

// Reads one item from the front of `input` and advances it past the item.
[[nodiscard]] Result<Item> read_item(BytesView& input);
// `input` must be exactly one item.
[[nodiscard]] Result<Item> decode(BytesView input);
// Splits a list item into its elements.
[[nodiscard]] Result<std::vector<Item>> list_items(const Item& list);
// A string item holding a minimal big-endian unsigned integer of at most 8 bytes.
[[nodiscard]] Result<std::uint64_t> to_uint64(const Item& item);
// A string item holding a minimal big-endian unsigned integer of at most `max_bytes` bytes.
[[nodiscard]] Result<BytesView> to_uint_bytes(const Item& item, std::size_t max_bytes);

}  // namespace plexus::rlp
