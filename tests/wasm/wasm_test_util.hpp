#pragma once
// Hand-assembled modules for the unit tests: a tiny builder of the binary format.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "core/bytes.hpp"

namespace plexus::wasm::test {

inline void put_u32(Bytes& out, std::uint32_t v) {
  do {
    std::uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

inline void put_section(Bytes& out, std::uint8_t id, const Bytes& body) {
  out.push_back(id);
  put_u32(out, static_cast<std::uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

// A module with one function type `params -> results`, one exported function "f" with `code`
// (the expression after the local declarations, including the final end) and `locals` i32
// locals; `memory` adds a one-page memory.
inline Bytes single_function_module(std::initializer_list<std::uint8_t> params,
                                    std::initializer_list<std::uint8_t> results,
                                    std::initializer_list<std::uint8_t> code,
                                    std::uint32_t locals = 0, bool memory = false) {
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  Bytes type = {0x01, 0x60};
  put_u32(type, static_cast<std::uint32_t>(params.size()));
  type.insert(type.end(), params);
  put_u32(type, static_cast<std::uint32_t>(results.size()));
  type.insert(type.end(), results);
  put_section(m, 1, type);
  put_section(m, 3, {0x01, 0x00});
  if (memory) put_section(m, 5, {0x01, 0x00, 0x01});
  put_section(m, 7, {0x01, 0x01, 'f', 0x00, 0x00});
  Bytes body;
  if (locals) {
    body.push_back(0x01);
    put_u32(body, locals);
    body.push_back(0x7F);
  } else {
    body.push_back(0x00);
  }
  body.insert(body.end(), code);
  Bytes section = {0x01};
  put_u32(section, static_cast<std::uint32_t>(body.size()));
  section.insert(section.end(), body.begin(), body.end());
  put_section(m, 10, section);
  return m;
}

}  // namespace plexus::wasm::test
