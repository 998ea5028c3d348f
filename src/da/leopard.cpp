#include "da/leopard.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "da/leopard_kernels.hpp"

namespace plexus::da::leopard {
namespace {

// Each 64-byte block of the tables_ entry: the 16 products duplicated into both 128-bit lanes, so
// a 256-bit shuffle can use them as loaded.
void put_lane_pair(Byte* out, const Byte* products16) {
  std::memcpy(out, products16, 16);
  std::memcpy(out + 16, products16, 16);
}

void append_table(std::vector<Byte>& tables, const FieldTables& t, bool gf16, std::uint16_t log_m) {
  if (!gf16) {
    Byte lo[16], hi[16];
    for (unsigned x = 0; x < 16; ++x) {
      lo[x] = static_cast<Byte>(multiply_log(t, static_cast<std::uint16_t>(x), log_m));
      hi[x] = static_cast<Byte>(multiply_log(t, static_cast<std::uint16_t>(x << 4), log_m));
    }
    const std::size_t at = tables.size();
    tables.resize(at + detail::kGf8TableBytes);
    put_lane_pair(tables.data() + at, lo);
    put_lane_pair(tables.data() + at + 32, hi);
    return;
  }
  const std::size_t at = tables.size();
  tables.resize(at + detail::kGf16TableBytes);
  for (unsigned nibble = 0; nibble < 4; ++nibble) {
    Byte lo[16], hi[16];
    for (unsigned x = 0; x < 16; ++x) {
      const std::uint16_t p = multiply_log(t, static_cast<std::uint16_t>(x << (4 * nibble)), log_m);
      lo[x] = static_cast<Byte>(p & 0xff);
      hi[x] = static_cast<Byte>(p >> 8);
    }
    put_lane_pair(tables.data() + at + 64 * nibble, lo);
    put_lane_pair(tables.data() + at + 64 * nibble + 32, hi);
  }
}

// Row i of the matrix (the byte GF2P8AFFINEQB reads for output bit i, byte 7 - i) holds bit i of
// the products of the eight unit inputs.
std::uint64_t bit_matrix(const FieldTables& t, std::uint16_t log_m, unsigned in_shift,
                         unsigned out_shift) {
  std::uint64_t matrix = 0;
  for (unsigned i = 0; i < 8; ++i) {
    std::uint64_t row = 0;
    for (unsigned j = 0; j < 8; ++j) {
      const std::uint16_t p = multiply_log(t, static_cast<std::uint16_t>(1u << (j + in_shift)), log_m);
      row |= static_cast<std::uint64_t>((p >> (i + out_shift)) & 1u) << j;
    }
    matrix |= row << (8 * (7 - i));
  }
  return matrix;
}

void append_matrices(std::vector<std::uint64_t>& out, const FieldTables& t, bool gf16,
                     std::uint16_t log_m) {
  if (!gf16) {
    out.push_back(bit_matrix(t, log_m, 0, 0));
    return;
  }
  out.push_back(bit_matrix(t, log_m, 0, 0));
  out.push_back(bit_matrix(t, log_m, 8, 0));
  out.push_back(bit_matrix(t, log_m, 0, 8));
  out.push_back(bit_matrix(t, log_m, 8, 8));
}

}  // namespace

Codec::Codec(std::size_t k) : k_(k), gf16_(2 * k > 256) {
  const FieldTables& t = gf16_ ? gf16_tables() : gf8_tables();
  const unsigned modulus = (1u << t.bits) - 1;
  std::map<std::uint16_t, std::int32_t> table_of;
  const auto table = [&](std::uint16_t log_m) -> std::int32_t {
    if (log_m == modulus) return -1;  // a factor of zero: the butterfly is a plain XOR
    auto [it, fresh] = table_of.try_emplace(log_m, static_cast<std::int32_t>(table_of.size()));
    if (fresh) {
      append_table(tables_, t, gf16_, log_m);
      append_matrices(matrices_, t, gf16_, log_m);
    }
    return it->second;
  };
  const auto m = static_cast<std::uint32_t>(k);
  // Leopard reads the inverse transform's skew factors from offset m - 1 (the data sits on the
  // points after the parity's) and the forward transform's from offset -1. Layers are paired
  // into radix-4 blocks; with an odd number of layers the last one stays radix 2.
  const auto skew_at = [&](std::uint32_t base, std::uint32_t i) { return t.skew[base + i - 1]; };
  const auto build = [&](std::vector<Group>& out, std::uint32_t base, bool inverse) {
    std::uint32_t layers = 0;
    while ((1u << layers) < m) ++layers;
    for (std::uint32_t done = 0; done < layers;) {
      const std::uint32_t w = inverse ? 1u << done : m >> (done + 1);
      if (done + 1 < layers) {
        const std::uint32_t q = inverse ? w : w / 2;  // the narrower of the two layers
        for (std::uint32_t g = 0; g < m; g += 4 * q)
          out.push_back(Group{g, q, table(skew_at(base, g + q)), table(skew_at(base, g + 3 * q)),
                              table(skew_at(base, g + 2 * q)), true});
        done += 2;
      } else {
        for (std::uint32_t g = 0; g < m; g += 2 * w)
          out.push_back(Group{g, w, table(skew_at(base, g + w)), -1, -1, false});
        done += 1;
      }
    }
  };
  build(inverse_, m, true);
  build(forward_, 0, false);
}

Result<std::shared_ptr<const Codec>> Codec::for_width(std::size_t k) {
  if (k == 0 || (k & (k - 1)) != 0 || k > kMaxDataShards)
    return fail(Errc::kInvalidArgument, "leopard: the data shard count " + std::to_string(k) +
                                            " is not a power of two up to 32768");
  static std::mutex mutex;
  static std::map<std::size_t, std::shared_ptr<const Codec>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[k];
  if (!slot) slot = std::make_shared<const Codec>(k);
  return slot;
}

bool Codec::available(Kernel kernel) {
  switch (kernel) {
    case Kernel::kAvx2: return detail::avx2_kernels() != nullptr;
    case Kernel::kGfni: return detail::gfni_kernels() != nullptr;
    default: return true;
  }
}

void Codec::encode(const Byte* const* data, Byte* const* parity, std::size_t bytes) const {
  encode_with(Kernel::kAuto, data, parity, bytes);
}

void Codec::encode_with(Kernel kernel, const Byte* const* data, Byte* const* parity,
                        std::size_t bytes) const {
  for (std::size_t i = 0; i < k_; ++i) std::memcpy(parity[i], data[i], bytes);
  if (k_ == 1) return;  // Leopard copies the single data shard (so does Celestia's 1x1 square)
  const detail::Kernels* chosen = &detail::best_kernels();
  if (kernel == Kernel::kPortable) chosen = &detail::portable_kernels();
  if (kernel == Kernel::kAvx2 && detail::avx2_kernels()) chosen = detail::avx2_kernels();
  if (kernel == Kernel::kGfni && detail::gfni_kernels()) chosen = detail::gfni_kernels();
  const detail::Kernels& kern = *chosen;
  const Byte* tables = kern.matrices ? reinterpret_cast<const Byte*>(matrices_.data()) : tables_.data();
  const detail::PassFn inverse = gf16_ ? kern.gf16_inverse : kern.gf8_inverse;
  const detail::PassFn forward = gf16_ ? kern.gf16_forward : kern.gf8_forward;
  // Radix-4 blocks over whole shards: slicing the shards to keep all of them in the first-level
  // cache measured slower (the loop overhead outweighed the misses).
  inverse(inverse_.data(), inverse_.size(), tables, parity, 0, bytes);
  forward(forward_.data(), forward_.size(), tables, parity, 0, bytes);
}

}  // namespace plexus::da::leopard
