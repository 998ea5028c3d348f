#include "rpc/params.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/hex.hpp"

namespace plexus::rpc {
namespace {

std::unexpected<Error> invalid(std::size_t index, std::string_view what) {
  return fail(Errc::kInvalidArgument,
              "invalid argument " + std::to_string(index) + ": " + std::string(what));
}

Result<std::string_view> hex_text(const json& value, std::size_t index) {
  if (!value.is_string()) return invalid(index, "expected a hex string");
  const std::string& s = value.get_ref<const std::string&>();
  if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    return invalid(index, "hex string without 0x prefix");
  return std::string_view(s).substr(2);
}

// Minimal hex digits of a QUANTITY, checked for shape only.
Result<std::string_view> quantity_digits(const json& value, std::size_t index,
                                         std::size_t max_digits) {
  PLEXUS_TRY(std::string_view digits, hex_text(value, index));
  if (digits.empty()) return invalid(index, "hex string \"0x\"");
  if (digits.size() > 1 && digits[0] == '0')
    return invalid(index, "hex number with leading zero digits");
  if (digits.size() > max_digits) return invalid(index, "hex number too large");
  for (const char c : digits)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return invalid(index, "invalid hex string");
  return digits;
}

template <std::size_t N>
Result<FixedBytes<N>> fixed_value(const json& value, std::size_t index, std::string_view kind) {
  PLEXUS_TRY(std::string_view digits, hex_text(value, index));
  auto parsed = fixed_from_hex<N>(digits, HexPrefix::kForbidden);
  if (!parsed) return invalid(index, std::string("expected a ") + std::string(kind));
  return *parsed;
}

}  // namespace

Result<const json*> param_at(const json& params, std::size_t index, bool required) {
  if (!params.is_array()) return fail(Errc::kInvalidArgument, "non-array args");
  if (index >= params.size() || params[index].is_null()) {
    if (required)
      return fail(Errc::kInvalidArgument,
                  "missing value for required argument " + std::to_string(index));
    return nullptr;
  }
  return &params[index];
}

Result<void> expect_at_most(const json& params, std::size_t count) {
  if (!params.is_array()) return fail(Errc::kInvalidArgument, "non-array args");
  if (params.size() > count)
    return fail(Errc::kInvalidArgument,
                "too many arguments, want at most " + std::to_string(count));
  return {};
}

Result<std::uint64_t> quantity_u64(const json& value, std::size_t index) {
  PLEXUS_TRY(std::string_view digits, quantity_digits(value, index, 16));
  std::uint64_t v = 0;
  for (const char c : digits)
    v = (v << 4) | static_cast<std::uint64_t>(std::isdigit(static_cast<unsigned char>(c))
                                                  ? c - '0'
                                                  : std::tolower(c) - 'a' + 10);
  return v;
}

Result<uint256> quantity_u256(const json& value, std::size_t index) {
  PLEXUS_TRY(std::string_view digits, quantity_digits(value, index, 64));
  auto parsed = parse_uint256("0x" + std::string(digits));
  if (!parsed) return invalid(index, parsed.error().message);
  return *parsed;
}

Result<uint256> word_value(const json& value, std::size_t index) {
  PLEXUS_TRY(std::string_view digits, hex_text(value, index));
  if (digits.empty()) return invalid(index, "hex string \"0x\"");
  if (digits.size() > 64) return invalid(index, "hex number too large");
  const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
  return quantity_u256(json("0x" + std::string(digits.substr(first))), index);
}

Result<Bytes> data_bytes(const json& value, std::size_t index) {
  PLEXUS_TRY(std::string_view digits, hex_text(value, index));
  auto parsed = from_hex(digits, HexPrefix::kForbidden);
  if (!parsed) return invalid(index, "invalid hex data");
  return std::move(*parsed);
}

Result<Address> address_value(const json& value, std::size_t index) {
  return fixed_value<20>(value, index, "20-byte address");
}

Result<Hash256> hash_value(const json& value, std::size_t index) {
  return fixed_value<32>(value, index, "32-byte hash");
}

std::string quantity(std::uint64_t value) { return to_hex_string(uint256(value)); }
std::string quantity(const uint256& value) { return to_hex_string(value); }

std::string opaque_id(std::uint64_t n) {
  char buf[35];
  std::snprintf(buf, sizeof buf, "0x%032llx", static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace plexus::rpc
