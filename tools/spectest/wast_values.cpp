#include "wast_values.hpp"

#include <charconv>

namespace plexus::spectest {
namespace {

std::optional<wasm::ValType> parse_type(const std::string& t) {
  using wasm::ValType;
  if (t == "i32") return ValType::kI32;
  if (t == "i64") return ValType::kI64;
  if (t == "f32") return ValType::kF32;
  if (t == "f64") return ValType::kF64;
  if (t == "funcref") return ValType::kFuncRef;
  if (t == "externref") return ValType::kExternRef;
  return std::nullopt;
}

std::optional<std::uint64_t> parse_u64(const std::string& s) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<wasm::Value> parse_value(const nlohmann::json& j) {
  const auto type = parse_type(j.value("type", ""));
  if (!type) return std::nullopt;
  const std::string value = j.contains("value") ? j["value"].get<std::string>() : "null";
  wasm::Value v{*type, 0};
  if (wasm::is_ref(*type)) {
    if (value == "null") return v;
    const auto n = parse_u64(value);
    if (!n) return std::nullopt;
    v.bits = *n + 1;  // host references are offset by one so 0 stays null
    return v;
  }
  const auto n = parse_u64(value);
  if (!n) return std::nullopt;
  v.bits = *n;
  return v;
}

bool matches(const nlohmann::json& expected, const wasm::Value& actual) {
  const auto type = parse_type(expected.value("type", ""));
  if (!type || *type != actual.type) return false;
  const std::string value = expected.contains("value") ? expected["value"].get<std::string>() : "";
  if (value == "nan:canonical" || value == "nan:arithmetic") {
    const bool canonical = value == "nan:canonical";
    if (actual.type == wasm::ValType::kF32) {
      const auto bits = static_cast<std::uint32_t>(actual.bits) & 0x7FFFFFFFu;
      return canonical ? bits == 0x7FC00000u : (bits & 0x7FC00000u) == 0x7FC00000u;
    }
    const std::uint64_t bits = actual.bits & 0x7FFFFFFFFFFFFFFFull;
    return canonical ? bits == 0x7FF8000000000000ull
                     : (bits & 0x7FF8000000000000ull) == 0x7FF8000000000000ull;
  }
  if (actual.type == wasm::ValType::kFuncRef && value != "null") return actual.bits != 0;
  const auto parsed = parse_value(expected);
  return parsed && parsed->bits == actual.bits;
}

std::string describe(const wasm::Value& v) {
  return std::string(wasm::val_type_name(v.type)) + ":" + std::to_string(v.bits);
}

}  // namespace plexus::spectest
