#pragma once
// Three small loop programs as a real module (0x100::loops), shared by the benchmark and the
// tests that check it computes what the native versions compute:
//   arith(n):  acc = (acc + i * 3) % 1000003 for i in 0..n
//   vector(n): push 0..n into a vector<u64>, then pop everything back and sum it
//   fields(n): p.x += i; p.y += 1 through references to a local struct, returns x + y
#include <cstdint>

#include "move/binary/file_format.hpp"

namespace plexus::move {

[[nodiscard]] CompiledModule loop_programs_module();
[[nodiscard]] Bytes loop_programs_address();

// The same algorithms in C++.
[[nodiscard]] std::uint64_t native_arith_loop(std::uint64_t n);
[[nodiscard]] std::uint64_t native_vector_loop(std::uint64_t n);
[[nodiscard]] std::uint64_t native_fields_loop(std::uint64_t n);

}  // namespace plexus::move
