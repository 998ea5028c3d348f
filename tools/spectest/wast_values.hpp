#pragma once
// Typed values of wast2json's JSON ("type"/"value" pairs) and comparison of results against
// expectations, including nan:canonical and nan:arithmetic.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "wasm/types.hpp"

namespace plexus::spectest {

// An argument or constant; nullopt for a type this harness does not support (v128).
[[nodiscard]] std::optional<wasm::Value> parse_value(const nlohmann::json& j);

// Whether `actual` satisfies the expectation `expected`.
[[nodiscard]] bool matches(const nlohmann::json& expected, const wasm::Value& actual);

[[nodiscard]] std::string describe(const wasm::Value& v);

}  // namespace plexus::spectest
