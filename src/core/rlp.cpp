#include "core/rlp.hpp"

namespace plexus::rlp {
namespace {

std::size_t byte_length(std::uint64_t v) noexcept {
  std::size_t n = 0;
  while (v) {
    ++n;
    v >>= 8;
  }
  return n;
}

void append_be(Bytes& out, std::uint64_t v, std::size_t n) {
  for (std::size_t i = n; i-- > 0;) out.push_back(static_cast<Byte>(v >> (8 * i)));
}

void append_header(Bytes& out, std::size_t length, Byte short_base) {
  if (length < 56) {
    out.push_back(static_cast<Byte>(short_base + length));
  } else {
    const std::size_t n = byte_length(length);
    out.push_back(static_cast<Byte>(short_base + 55 + n));
    append_be(out, length, n);
  }
}

}  // namespace

void append_string(Bytes& out, BytesView payload) {
  if (payload.size() == 1 && payload[0] < 0x80) {
    out.push_back(payload[0]);
    return;
  }
  append_header(out, payload.size(), 0x80);
  out.insert(out.end(), payload.begin(), payload.end());
}

void append_uint(Bytes& out, std::uint64_t value) {
  if (value == 0) {
    out.push_back(0x80);
  } else if (value < 0x80) {
    out.push_back(static_cast<Byte>(value));
  } else {
    const std::size_t n = byte_length(value);
    out.push_back(static_cast<Byte>(0x80 + n));
    append_be(out, value, n);
  }
}

void append_list_header(Bytes& out, std::size_t payload_length) {
  append_header(out, payload_length, 0xc0);
}

Bytes encode_list(std::span<const Bytes> encoded_items) {
  std::size_t total = 0;
  for (const Bytes& item : encoded_items) total += item.size();
  Bytes out;
  out.reserve(total + 9);
  append_list_header(out, total);
  for (const Bytes& item : encoded_items) out.insert(out.end(), item.begin(), item.end());
  return out;
}

Bytes encode_string(BytesView payload) {
  Bytes out;
  out.reserve(payload.size() + 9);
  append_string(out, payload);
  return out;
}

Bytes encode_uint(std::uint64_t value) {
  Bytes out;
  append_uint(out, value);
  return out;
}

BytesView trim_leading_zeros(BytesView big_endian) noexcept {
  std::size_t i = 0;
  while (i < big_endian.size() && big_endian[i] == 0) ++i;
  return big_endian.subspan(i);
}

Result<Item> read_item(BytesView& input) {
  if (input.empty()) return fail(Errc::kDecode, "rlp: unexpected end of input");
  const Byte prefix = input[0];
  Item item;
  std::size_t header = 1;
  std::size_t length = 0;
  if (prefix < 0x80) {
    item.payload = input.subspan(0, 1);
    item.encoded = item.payload;
    input = input.subspan(1);
    return item;
  }
  if (prefix <= 0xb7) {
    length = prefix - 0x80;
  } else if (prefix < 0xc0 || prefix > 0xf7) {
    item.is_list = prefix >= 0xc0;
    const std::size_t n = prefix - (item.is_list ? 0xf7 : 0xb7);
    if (input.size() < 1 + n) return fail(Errc::kDecode, "rlp: truncated length prefix");
    if (input[1] == 0) return fail(Errc::kDecode, "rlp: length prefix has leading zeros");
    if (n > 8) return fail(Errc::kDecode, "rlp: length prefix too large");
    std::uint64_t len = 0;
    for (std::size_t i = 0; i < n; ++i) len = len << 8 | input[1 + i];
    if (len < 56) return fail(Errc::kDecode, "rlp: non-minimal long length prefix");
    header = 1 + n;
    if (len > input.size() - header) return fail(Errc::kDecode, "rlp: payload exceeds input");
    length = static_cast<std::size_t>(len);
  } else {
    item.is_list = true;
    length = prefix - 0xc0;
  }
  if (length > input.size() - header) return fail(Errc::kDecode, "rlp: payload exceeds input");
  item.payload = input.subspan(header, length);
  if (!item.is_list && prefix == 0x81 && item.payload[0] < 0x80)
    return fail(Errc::kDecode, "rlp: single byte below 0x80 must not be prefixed");
  item.encoded = input.subspan(0, header + length);
  input = input.subspan(header + length);
  return item;
}

Result<Item> decode(BytesView input) {
  PLEXUS_TRY(Item item, read_item(input));
  if (!input.empty()) return fail(Errc::kDecode, "rlp: trailing bytes after item");
  return item;
}

Result<std::vector<Item>> list_items(const Item& list) {
  if (!list.is_list) return fail(Errc::kDecode, "rlp: expected a list, got a string");
  std::vector<Item> items;
  BytesView rest = list.payload;
  while (!rest.empty()) {
    PLEXUS_TRY(Item item, read_item(rest));
    items.push_back(item);
  }
  return items;
}

Result<BytesView> to_uint_bytes(const Item& item, std::size_t max_bytes) {
  if (item.is_list) return fail(Errc::kDecode, "rlp: expected an integer, got a list");
  if (!item.payload.empty() && item.payload[0] == 0)
    return fail(Errc::kDecode, "rlp: integer has leading zeros");
  if (item.payload.size() > max_bytes)
    return fail(Errc::kDecode, "rlp: integer wider than " + std::to_string(max_bytes) + " bytes");
  return item.payload;
}

Result<std::uint64_t> to_uint64(const Item& item) {
  PLEXUS_TRY(BytesView bytes, to_uint_bytes(item, 8));
  std::uint64_t v = 0;
  for (Byte b : bytes) v = v << 8 | b;
  return v;
}

}  // namespace plexus::rlp
