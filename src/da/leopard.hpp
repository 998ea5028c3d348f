#pragma once
// Systematic Reed-Solomon encoding compatible byte for byte with Leopard-RS (catid/leopard, and the
// klauspost/reedsolomon port Celestia's rsmt2d uses): k data shards give k parity shards, in
// GF(2^8) when 2k <= 256 and in GF(2^16) above, with Leopard's Cantor-basis element
// representation and its additive-FFT encoder (an inverse FFT over the data, a forward FFT into the
// parity). Hand-written: no Debian package implements this code (ISA-L and Jerasure use the
// polynomial basis and matrix encoders, whose parity bytes differ), and the data root of every
// Celestia square depends on these exact bytes.
//
// In GF(2^16) a 64-byte block of a shard holds 32 elements, low bytes first then high bytes, as
// in Leopard; in GF(2^8) every byte is an element. Only the square's shape is supported: as many
// parity as data shards, k a power of two.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::da::leopard {

// Largest k the codec accepts: 2k shards must fit GF(2^16) (Leopard's own limit).
inline constexpr std::size_t kMaxDataShards = 32768;

class Codec {
 public:
  // The codec for k data and k parity shards; k must be a power of two up to kMaxDataShards.
  // Codecs are built once per k and shared (their tables depend only on k).
  [[nodiscard]] static Result<std::shared_ptr<const Codec>> for_width(std::size_t k);

  [[nodiscard]] std::size_t k() const noexcept { return k_; }
  [[nodiscard]] bool uses_gf16() const noexcept { return gf16_; }

  // Writes the k parity shards of the k data shards. Every shard is `bytes` long, a multiple of
  // 64; parity shards must not overlap data shards. Deterministic on every CPU: the vector and
  // portable paths compute the same bytes.
  void encode(const Byte* const* data, Byte* const* parity, std::size_t bytes) const;

  // The same with a chosen instruction-set path (tests compare them; benchmarks report them).
  enum class Kernel { kAuto, kPortable, kAvx2, kGfni };
  [[nodiscard]] static bool available(Kernel kernel);
  void encode_with(Kernel kernel, const Byte* const* data, Byte* const* parity,
                   std::size_t bytes) const;

  // One block of the transform. Radix 2: pairs (i, i + width) for i in [first, first + width)
  // with multiplier t01. Radix 4 (quad): two layers at once on (a, b, c, d) = i + {0, 1, 2, 3} *
  // width, pairs (a, b) with t01, (c, d) with t23 and (a, c), (b, d) with t02 — the inverse
  // transform does the width layer first, the forward one the 2 width layer. A multiplier is an
  // index into tables_, or -1 when the factor is zero and the butterfly only XORs.
  struct Group {
    std::uint32_t first = 0;
    std::uint32_t width = 0;
    std::int32_t t01 = -1;
    std::int32_t t23 = -1;
    std::int32_t t02 = -1;
    bool quad = false;
  };

  explicit Codec(std::size_t k);

 private:
  std::size_t k_;
  bool gf16_;
  std::vector<Group> inverse_;  // the inverse FFT over the data, layer by layer
  std::vector<Group> forward_;  // the forward FFT into the parity
  // Nibble product tables, one per distinct multiplier: GF(2^8) 2 x 32 bytes (product of the low
  // and the high nibble, duplicated for both 128-bit lanes); GF(2^16) 8 x 32 bytes (four nibbles,
  // low and high product byte each).
  std::vector<Byte> tables_;
  // The same multipliers as 8x8 bit matrices for GF2P8AFFINEQB, one 64-bit matrix per multiplier
  // in GF(2^8), four in GF(2^16) (low to low, high to low, low to high, high to high byte).
  std::vector<std::uint64_t> matrices_;
};

// The field's Leopard tables, exposed for tests: log of a Cantor-basis element (log(0) is the
// modulus) and the FFT skew factors as logs.
struct FieldTables {
  unsigned bits = 0;
  std::vector<std::uint16_t> log;
  std::vector<std::uint16_t> exp;
  std::vector<std::uint16_t> skew;
};
[[nodiscard]] const FieldTables& gf8_tables();
[[nodiscard]] const FieldTables& gf16_tables();

// a * exp(log_b) in the field of `t` (Leopard's MultiplyLog).
[[nodiscard]] std::uint16_t multiply_log(const FieldTables& t, std::uint16_t a, std::uint16_t log_b);

}  // namespace plexus::da::leopard
