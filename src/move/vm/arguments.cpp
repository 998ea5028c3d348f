#include "move/vm/arguments.hpp"

#include <charconv>

#include "core/hex.hpp"

namespace plexus::move {
namespace {

std::unexpected<VmError> bad(std::string_view text, const char* why) {
  return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT,
                 std::string(why) + ": '" + std::string(text) + "'");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

VmResult<Value> integer(ValueKind kind, unsigned bits, std::string_view text) {
  if (bits == 256) {
    auto v = parse_uint256(text);
    if (!v) return bad(text, "not a u256");
    return Value::u256(*v);
  }
  u128 v = 0;
  if (text.empty()) return bad(text, "empty integer");
  for (char c : text) {
    if (c < '0' || c > '9') return bad(text, "not a decimal integer");
    const u128 next = v * 10 + static_cast<u128>(c - '0');
    if (next / 10 != v && v != 0) return bad(text, "integer too large");
    v = next;
  }
  const u128 max = bits == 128 ? ~u128{0} : (u128{1} << bits) - 1;
  if (v > max) return bad(text, "integer too large");
  return Value::integer(kind, v);
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    if (s[i] == ']') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (!trim(s.substr(start)).empty()) out.push_back(trim(s.substr(start)));
  return out;
}

}  // namespace

VmResult<Value> parse_value(const Type& type, std::string_view text, std::size_t address_length) {
  text = trim(text);
  switch (type.kind) {
    case TypeKind::kBool:
      if (text == "true") return Value::boolean(true);
      if (text == "false") return Value::boolean(false);
      return bad(text, "not a bool");
    case TypeKind::kU8:
      return integer(ValueKind::kU8, 8, text);
    case TypeKind::kU16:
      return integer(ValueKind::kU16, 16, text);
    case TypeKind::kU32:
      return integer(ValueKind::kU32, 32, text);
    case TypeKind::kU64:
      return integer(ValueKind::kU64, 64, text);
    case TypeKind::kU128:
      return integer(ValueKind::kU128, 128, text);
    case TypeKind::kU256:
      return integer(ValueKind::kU256, 256, text);
    case TypeKind::kAddress:
    case TypeKind::kSigner: {
      MOVE_TRY(auto a, parse_address(text, address_length));
      return type.kind == TypeKind::kSigner ? Value::signer(std::move(a))
                                            : Value::address_of(std::move(a));
    }
    case TypeKind::kReference:
    case TypeKind::kMutableReference:
      return parse_value(type.args[0], text, address_length);
    case TypeKind::kVector: {
      const Type& elem = type.args[0];
      if (elem.kind == TypeKind::kU8 && text.starts_with("0x")) {
        auto b = from_hex(text);
        if (!b) return bad(text, "bad hex bytes");
        return Value::bytes(*b);
      }
      if (elem.kind == TypeKind::kU8 && text.size() >= 2 && text.front() == '\'' &&
          text.back() == '\'')
        return Value::bytes(as_bytes(text.substr(1, text.size() - 2)));
      if (text.size() < 2 || text.front() != '[' || text.back() != ']')
        return bad(text, "expected [a, b, ...]");
      std::vector<Value> elems;
      for (auto part : split_list(text.substr(1, text.size() - 2))) {
        MOVE_TRY(auto v, parse_value(elem, part, address_length));
        elems.push_back(std::move(v));
      }
      return Value::vector(std::move(elems));
    }
    case TypeKind::kStruct:
      return bad(text, "struct arguments are not supported");
  }
  return bad(text, "unsupported type");
}

}  // namespace plexus::move
