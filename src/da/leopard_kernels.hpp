#pragma once
// The butterfly passes of the Leopard encoder, one implementation per instruction set. Internal to
// the da library: leopard.cpp picks one at run time; all produce the same bytes.
#include <cstddef>

#include "da/leopard.hpp"

namespace plexus::da::leopard::detail {

// Bytes of one multiplier's nibble tables (see Codec::tables_).
inline constexpr std::size_t kGf8TableBytes = 64;
inline constexpr std::size_t kGf16TableBytes = 256;

// Runs `count` butterfly groups on bytes [offset, offset + length) of the shards in `work`
// (length a multiple of 64). Inverse groups compute y ^= x, x ^= y * c; forward groups
// x ^= y * c, y ^= x.
using PassFn = void (*)(const Codec::Group* groups, std::size_t count, const Byte* tables,
                        Byte* const* work, std::size_t offset, std::size_t length);

struct Kernels {
  PassFn gf8_inverse;
  PassFn gf8_forward;
  PassFn gf16_inverse;
  PassFn gf16_forward;
  // The passes read bit matrices (Codec::matrices_) instead of nibble tables.
  bool matrices = false;
};

[[nodiscard]] const Kernels& portable_kernels();
// Null when the CPU (or the build's target) has no AVX2.
[[nodiscard]] const Kernels* avx2_kernels();
// Null without AVX-512BW and GFNI. Multiplies by GF(2) bit matrices (GF2P8AFFINEQB): a product by
// a constant is linear over GF(2) in any basis, Leopard's Cantor basis included.
[[nodiscard]] const Kernels* gfni_kernels();

// The fastest path the CPU has.
[[nodiscard]] const Kernels& best_kernels();

}  // namespace plexus::da::leopard::detail
