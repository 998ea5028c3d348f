#include "platform/fields.hpp"

namespace plexus::platform::fields {
namespace {

std::unexpected<Error> bad(std::string_view what, std::string_view detail) {
  return fail(Errc::kDecode, std::string(what) + ": " + std::string(detail));
}

}  // namespace

Bytes text(std::string_view value) { return rlp::encode_string(as_bytes(value)); }

Bytes bytes(BytesView value) { return rlp::encode_string(value); }

Bytes u256(const uint256& value) { return rlp::encode_string(to_minimal_be(value)); }

Bytes addresses(const std::vector<Address>& values) {
  std::vector<Bytes> encoded;
  for (const Address& a : values) encoded.push_back(rlp::encode_string(a.view()));
  return rlp::encode_list(encoded);
}

Result<std::vector<rlp::Item>> list(BytesView encoded, std::size_t count, std::string_view what,
                                    Errc code) {
  auto decoded = rlp::decode(encoded);
  if (!decoded || !decoded->is_list) return fail(code, std::string(what) + ": not a list");
  auto out = rlp::list_items(*decoded);
  if (!out || out->size() != count)
    return fail(code, std::string(what) + ": expected " + std::to_string(count) + " fields");
  return out;
}

Result<std::vector<rlp::Item>> items(const rlp::Item& item, std::string_view what) {
  if (!item.is_list) return bad(what, "expected a list");
  return rlp::list_items(item);
}

Result<Bytes> read_bytes(const rlp::Item& item, std::string_view what) {
  if (item.is_list) return bad(what, "expected a string");
  return to_bytes(item.payload);
}

Result<std::string> read_text(const rlp::Item& item, std::string_view what) {
  if (item.is_list) return bad(what, "expected a string");
  return std::string(item.payload.begin(), item.payload.end());
}

Result<Address> read_address(const rlp::Item& item, std::string_view what) {
  if (item.is_list || item.payload.size() != 20) return bad(what, "bad address");
  return Address::right_aligned(item.payload);
}

Result<Hash256> read_hash(const rlp::Item& item, std::string_view what) {
  if (item.is_list || item.payload.size() != 32) return bad(what, "bad hash");
  return Hash256::right_aligned(item.payload);
}

Result<uint256> read_u256(const rlp::Item& item) {
  PLEXUS_TRY(const BytesView value, rlp::to_uint_bytes(item, 32));
  return load_be(value);
}

Result<std::uint32_t> read_u32(const rlp::Item& item, std::string_view what) {
  PLEXUS_TRY(const std::uint64_t value, rlp::to_uint64(item));
  if (value > 0xffffffffULL) return bad(what, "value above 32 bits");
  return static_cast<std::uint32_t>(value);
}

Result<std::vector<Address>> read_addresses(const rlp::Item& item, std::string_view what) {
  PLEXUS_TRY(const auto list, items(item, what));
  std::vector<Address> out;
  for (const rlp::Item& a : list) {
    PLEXUS_TRY(const Address address, read_address(a, what));
    out.push_back(address);
  }
  return out;
}

}  // namespace plexus::platform::fields
