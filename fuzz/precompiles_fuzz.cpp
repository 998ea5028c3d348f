// Precompiles 0x01..0x0a on arbitrary input: the first byte picks the contract, the rest is its
// call data. Checks the gas contract of precompiles.hpp, the output sizes the specs fix, and
// algebraic identities that an arithmetic bug would break: modexp against GMP, bn254 addition
// commutativity and doubling by multiplication.
#include <gmp.h>

#include <algorithm>

#include "evm/precompiles/precompiles.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace plexus;
namespace pc = plexus::evm::precompiles;

constexpr std::int64_t kGasLimit = 2'000'000;
// Larger operands make GMP's reference slow without finding anything new.
constexpr std::size_t kMaxModexpOperand = 1024;

Address precompile(std::uint8_t n) {
  Address a;
  a[19] = n;
  return a;
}

// Bytes [offset, offset + n) of the input, zero-padded past its end as the EVM reads call data.
Bytes padded(BytesView in, std::size_t offset, std::size_t n) {
  Bytes out(n, 0);
  if (offset < in.size()) {
    const std::size_t k = std::min(n, in.size() - offset);
    std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(offset), k, out.begin());
  }
  return out;
}

// A 32-byte big-endian length field, or SIZE_MAX when it does not fit the reference bound.
std::size_t length_field(BytesView in, std::size_t offset) {
  const Bytes word = padded(in, offset, 32);
  std::size_t value = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    if (i < 30 && word[i] != 0) return SIZE_MAX;
    value = value << 8 | word[i];
  }
  return value;
}

class Mpz {
 public:
  Mpz() { mpz_init(v_); }
  explicit Mpz(const Bytes& big_endian) {
    mpz_init(v_);
    if (!big_endian.empty()) mpz_import(v_, big_endian.size(), 1, 1, 1, 0, big_endian.data());
  }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  ~Mpz() { mpz_clear(v_); }
  mpz_t& get() { return v_; }

 private:
  mpz_t v_;
};

void check_modexp(BytesView in, const Bytes& out) {
  const std::size_t base_len = length_field(in, 0);
  const std::size_t exp_len = length_field(in, 32);
  const std::size_t mod_len = length_field(in, 64);
  if (base_len > kMaxModexpOperand || exp_len > kMaxModexpOperand ||
      mod_len > kMaxModexpOperand)
    return;
  FUZZ_CHECK(out.size() == mod_len);
  if (mod_len == 0) return;
  Mpz base(padded(in, 96, base_len));
  Mpz exp(padded(in, 96 + base_len, exp_len));
  Mpz mod(padded(in, 96 + base_len + exp_len, mod_len));
  Mpz result;
  if (mpz_sgn(mod.get()) != 0) mpz_powm(result.get(), base.get(), exp.get(), mod.get());
  Bytes expected(mod_len, 0);
  std::size_t count = 0;
  Bytes digits((mpz_sizeinbase(result.get(), 2) + 7) / 8 + 1, 0);
  mpz_export(digits.data(), &count, 1, 1, 1, 0, result.get());
  FUZZ_CHECK(count <= mod_len);
  std::copy_n(digits.begin(), count, expected.end() - static_cast<std::ptrdiff_t>(count));
  FUZZ_CHECK(out == expected);
}

void check_bn254_add(BytesView in, const Bytes& out) {
  FUZZ_CHECK(out.size() == 64);
  Bytes swapped = padded(in, 64, 64);
  const Bytes first = padded(in, 0, 64);
  swapped.insert(swapped.end(), first.begin(), first.end());
  const auto other = pc::execute(precompile(6), swapped, kGasLimit);
  FUZZ_CHECK(other.success && other.data == out);
}

void check_bn254_mul(BytesView in, const Bytes& out) {
  FUZZ_CHECK(out.size() == 64);
  // 2P computed by the multiplication equals P + P computed by the addition.
  Bytes doubled = padded(in, 0, 64);
  Bytes two = doubled;
  two.insert(two.end(), doubled.begin(), doubled.end());
  doubled.resize(96, 0);
  doubled.back() = 2;
  const auto by_mul = pc::execute(precompile(7), doubled, kGasLimit);
  const auto by_add = pc::execute(precompile(6), two, kGasLimit);
  FUZZ_CHECK(by_mul.success && by_add.success && by_mul.data == by_add.data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Cursor cursor(fuzz::input_view(data, size));
  const std::uint8_t which = static_cast<std::uint8_t>(cursor.byte() % 10 + 1);
  const BytesView in = cursor.rest();
  const auto out = pc::execute(precompile(which), in, kGasLimit);
  FUZZ_CHECK(out.gas_used >= 0 && out.gas_used <= kGasLimit);
  if (!out.success) {
    FUZZ_CHECK(out.gas_used == kGasLimit && out.data.empty());
    return 0;
  }
  switch (which) {
    case 1: FUZZ_CHECK(out.data.empty() || out.data.size() == 32); break;
    case 2: case 3: FUZZ_CHECK(out.data.size() == 32); break;
    case 4: FUZZ_CHECK(out.data == to_bytes(in)); break;
    case 5: check_modexp(in, out.data); break;
    case 6: check_bn254_add(in, out.data); break;
    case 7: check_bn254_mul(in, out.data); break;
    case 8: FUZZ_CHECK(out.data.size() == 32 && out.data[31] <= 1); break;
    case 9: FUZZ_CHECK(out.data.size() == 64); break;
    case 10: FUZZ_CHECK(out.data.size() == 64); break;
    default: break;
  }
  return 0;
}
