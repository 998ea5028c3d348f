#pragma once
// Solidity-ABI encoding and example-module loading for the contract tests.
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "core/hash.hpp"
#include "core/uint256.hpp"

namespace plexus::wasm::test {

inline Address address_of(std::uint8_t tag) {
  Address a;
  a[0] = 0xA0;
  a[19] = tag;
  return a;
}

inline Bytes32 word(const uint256& v) { return to_bytes32(v); }

inline Bytes32 word(const Address& a) {
  Bytes32 w;
  std::copy(a.bytes.begin(), a.bytes.end(), w.bytes.begin() + 12);
  return w;
}

inline Bytes32 event_topic(std::string_view signature) { return keccak256(as_bytes(signature)); }

// selector(signature) followed by the argument words.
inline Bytes abi_call(std::string_view signature, std::initializer_list<Bytes32> args = {}) {
  const Hash256 h = keccak256(as_bytes(signature));
  Bytes out(h.bytes.begin(), h.bytes.begin() + 4);
  for (const auto& w : args) out.insert(out.end(), w.bytes.begin(), w.bytes.end());
  return out;
}

inline Bytes abi_args(std::initializer_list<Bytes32> args) {
  Bytes out;
  for (const auto& w : args) out.insert(out.end(), w.bytes.begin(), w.bytes.end());
  return out;
}

// Solidity's Error(string) revert data.
inline Bytes error_string(std::string_view message) {
  Bytes out = abi_call("Error(string)", {word(uint256(32)), word(uint256(message.size()))});
  Bytes tail(as_bytes(message).begin(), as_bytes(message).end());
  tail.resize((tail.size() + 31) / 32 * 32, 0);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

inline uint256 as_u256(BytesView output) {
  return output.size() == 32 ? load_be(output) : uint256(~std::uint64_t{0});
}

// A built example contract from build/examples, or nullopt when it was not built.
inline std::optional<Bytes> example_module(const std::string& name) {
#ifdef PLEXUS_EXAMPLES_DIR
  std::ifstream in(std::string(PLEXUS_EXAMPLES_DIR) + "/" + name + ".wasm", std::ios::binary);
  if (!in) return std::nullopt;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
#else
  (void)name;
  return std::nullopt;
#endif
}

}  // namespace plexus::wasm::test

// Skips the test loudly when an example contract was not built (toolchain missing).
#define PLEXUS_EXAMPLE_OR_SKIP(var, name)                                                   \
  const auto var##_opt = ::plexus::wasm::test::example_module(name);                      \
  if (!var##_opt)                                                                          \
    GTEST_SKIP() << "SKIPPED: example contract " name ".wasm not built (clang-19/wasm-ld " \
                    "or Debian rustc with libstd-rust-dev-wasm32 missing; see examples/)";  \
  const Bytes& var = *var##_opt
