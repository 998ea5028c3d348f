// 0x05 modexp (EIP-198) with EIP-2565 pricing, and from Osaka EIP-7883's pricing and EIP-7823's
// 1024-byte bound on each operand; the arithmetic is GMP's.
//
// The three length fields are 256-bit and untrusted, so gas is computed first with saturating
// arithmetic and nothing is read or allocated until the caller has paid for it: every buffer
// below is bounded by the gas charged.
#include <gmp.h>

#include <algorithm>

#include "core/uint256.hpp"
#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles::builtin {
namespace {

constexpr std::size_t kHeaderSize = 96;
constexpr std::uint64_t kMinGas = 200;

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) noexcept {
  return a > ~std::uint64_t{0} - b ? ~std::uint64_t{0} : a + b;
}

// `length` bytes of input from `offset`, reading zeros past its end.
Bytes padded_slice(BytesView input, std::uint64_t offset, std::size_t length) {
  Bytes out(length, 0);
  if (offset < input.size()) {
    const std::size_t n = std::min<std::uint64_t>(length, input.size() - offset);
    std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
  }
  return out;
}

struct Lengths {
  uint256 base, exp, mod;
};

Lengths read_lengths(BytesView input) {
  const Bytes header = padded_slice(input, 0, kHeaderSize);
  const BytesView h(header);
  return {load_be(h.subspan(0, 32)), load_be(h.subspan(32, 32)), load_be(h.subspan(64, 32))};
}

std::size_t bit_length(const FixedBytes<32>& word) noexcept {
  for (std::size_t i = 0; i < 32; ++i)
    if (word[i] != 0) return 8 * (32 - i) - static_cast<std::size_t>(__builtin_clz(word[i]) - 24);
  return 0;
}

// RAII for GMP integers.
struct Mpz {
  mpz_t v;
  Mpz() { mpz_init(v); }
  explicit Mpz(const Bytes& big_endian) {
    mpz_init(v);
    mpz_import(v, big_endian.size(), 1, 1, 1, 0, big_endian.data());
  }
  ~Mpz() { mpz_clear(v); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

// The iteration count of EIP-2565 (exponent bits beyond the first, at least 1), with
// `per_extra_byte` iterations for each exponent byte past the first 32 (8, then 16 in Osaka).
uint256 iteration_count(BytesView input, std::uint64_t base_len, std::uint64_t exp_len,
                        std::uint64_t per_extra_byte) {
  // The iteration count looks at the exponent's first (at most) 32 bytes and its length.
  const std::size_t head_len = static_cast<std::size_t>(std::min<std::uint64_t>(exp_len, 32));
  const Bytes head = padded_slice(input, saturating_add(kHeaderSize, base_len), head_len);
  const std::size_t head_bits = bit_length(FixedBytes<32>::right_aligned(head));
  uint256 iterations = head_bits > 0 ? head_bits - 1 : 0;
  if (exp_len > 32) iterations += uint256(exp_len - 32) * per_extra_byte;
  return std::max(iterations, uint256(1));
}

}  // namespace

std::uint64_t modexp_gas(BytesView input) noexcept {
  const Lengths len = read_lengths(input);
  if (!fits_uint64(len.base) || !fits_uint64(len.mod)) return kGasUnaffordable;
  const std::uint64_t base_len = static_cast<std::uint64_t>(len.base);
  const std::uint64_t max_len = std::max(base_len, static_cast<std::uint64_t>(len.mod));
  const uint256 words = (uint256(max_len) + 7) / 8;
  const uint256 complexity = words * words;  // < 2^122
  if (complexity == 0) return kMinGas;       // nothing to multiply, whatever the exponent length
  if (!fits_uint64(len.exp)) return kGasUnaffordable;
  const uint256 iterations =
      iteration_count(input, base_len, static_cast<std::uint64_t>(len.exp), 8);
  const uint256 gas = std::max(complexity * iterations / 3, uint256(kMinGas));  // < 2^192
  return fits_uint64(gas) ? static_cast<std::uint64_t>(gas) : kGasUnaffordable;
}

std::uint64_t modexp_gas_osaka(BytesView input) noexcept {
  // EIP-7823: 1024 bytes per operand is enough for RSA-8192, and bounds the work of a call.
  constexpr std::uint64_t kMaxLength = 1024;
  constexpr std::uint64_t kMinGasOsaka = 500;
  const Lengths len = read_lengths(input);
  if (len.base > kMaxLength || len.exp > kMaxLength || len.mod > kMaxLength)
    return kGasUnaffordable;
  const std::uint64_t base_len = static_cast<std::uint64_t>(len.base);
  const std::uint64_t max_len = std::max(base_len, static_cast<std::uint64_t>(len.mod));
  // EIP-7883: a floor of 16 for operands up to 32 bytes, twice the words squared above.
  const std::uint64_t words = (max_len + 7) / 8;
  const std::uint64_t complexity = max_len <= 32 ? 16 : 2 * words * words;
  const uint256 iterations =
      iteration_count(input, base_len, static_cast<std::uint64_t>(len.exp), 16);
  const uint256 gas = std::max(uint256(complexity) * iterations, uint256(kMinGasOsaka));
  return fits_uint64(gas) ? static_cast<std::uint64_t>(gas) : kGasUnaffordable;
}

Result<Bytes> modexp(BytesView input) {
  // Called only after modexp_gas() was paid, so every length is bounded by the gas.
  const Lengths len = read_lengths(input);
  const std::size_t mod_len = static_cast<std::size_t>(static_cast<std::uint64_t>(len.mod));
  if (mod_len == 0) return Bytes{};
  const std::size_t base_len = static_cast<std::size_t>(static_cast<std::uint64_t>(len.base));
  const std::uint64_t exp_len = static_cast<std::uint64_t>(len.exp);
  const std::uint64_t exp_offset = kHeaderSize + base_len;
  const std::uint64_t mod_offset = saturating_add(exp_offset, exp_len);

  const Mpz modulus(padded_slice(input, mod_offset, mod_len));
  Bytes out(mod_len, 0);
  if (mpz_sgn(modulus.v) == 0) return out;  // x mod 0 is defined as 0

  // A non-zero modulus lies (at least partly) inside the input, so base and exponent do too:
  // their buffers are bounded by the input size.
  const Mpz base(padded_slice(input, kHeaderSize, base_len));
  const Mpz exponent(padded_slice(input, exp_offset, static_cast<std::size_t>(exp_len)));
  Mpz result;
  mpz_powm(result.v, base.v, exponent.v, modulus.v);
  std::size_t written = 0;
  Bytes value((mpz_sizeinbase(result.v, 2) + 7) / 8 + 1, 0);
  mpz_export(value.data(), &written, 1, 1, 1, 0, result.v);
  std::copy_n(value.begin(), written, out.end() - static_cast<std::ptrdiff_t>(written));
  return out;
}

}  // namespace plexus::evm::precompiles::builtin
