// modexp (0x05): the EIP-198 examples priced with EIP-2565, small hand-checked cases, and
// length fields too large to pay for.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "precompile_address.hpp"

namespace plexus::evm::precompiles {
namespace {

const Address kModexp = precompile_address(5);

std::string word(std::string_view hex) {
  return std::string(64 - hex.size(), '0') + std::string(hex);
}

Bytes input(std::string_view b_len, std::string_view e_len, std::string_view m_len,
            std::string_view tail) {
  return hex_or_throw(word(b_len) + word(e_len) + word(m_len) + std::string(tail));
}

constexpr std::string_view kP = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
constexpr std::string_view kPMinus2 =
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e";
constexpr std::int64_t kGas = 10'000'000;

TEST(Modexp, Eip198Examples) {
  // 3^(p-2) mod p = 1 (Fermat); 32-byte words: complexity 16, 255 iterations -> 1360 gas.
  Output out = execute(
      kModexp, input("1", "20", "20", "03" + std::string(kPMinus2) + std::string(kP)), kGas);
  ASSERT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 1360);
  EXPECT_EQ(to_hex(out.data, false), word("1"));
  // An empty base is 0.
  out = execute(kModexp, input("0", "20", "20", std::string(kPMinus2) + std::string(kP)), kGas);
  ASSERT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 1360);
  EXPECT_EQ(to_hex(out.data, false), word("0"));
}

TEST(Modexp, SmallCases) {
  // 2^10 mod 1000 = 24, at the 200 gas minimum.
  Output out = execute(kModexp, input("1", "1", "2", "020a03e8"), kGas);
  ASSERT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 200);
  EXPECT_EQ(to_hex(out.data), "0x0018");
  // A modulus cut short by the end of input is zero-padded on the right: 2^10 mod 0x0300 = 256.
  out = execute(kModexp, input("1", "1", "2", "020a03"), kGas);
  EXPECT_EQ(to_hex(out.data), "0x0100");
  // x^0 mod 1 = 0, and anything mod 0 is 0 of the modulus's length.
  EXPECT_EQ(to_hex(execute(kModexp, input("1", "0", "1", "0301"), kGas).data), "0x00");
  EXPECT_EQ(to_hex(execute(kModexp, input("1", "1", "3", "0302000000"), kGas).data), "0x000000");
  // 3^256 mod 1000 = 521 with a 2-byte exponent.
  EXPECT_EQ(to_hex(execute(kModexp, input("1", "2", "2", "03010003e8"), kGas).data), "0x0209");
  // No header at all: every length is zero.
  out = execute(kModexp, {}, kGas);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 200);
  EXPECT_TRUE(out.data.empty());
}

TEST(Modexp, LongExponentPricing) {
  // 64-byte exponent whose first 32 bytes are 1: 8 * 32 + 0 = 256 iterations; a 64-byte modulus
  // gives complexity 64, so 64 * 256 / 3 = 5461 gas.
  const std::string exp = word("1") + word("0");
  const Bytes in = input("1", "40", "40", "02" + exp + std::string(128, '1'));
  EXPECT_FALSE(execute(kModexp, in, 5460).success);
  const Output out = execute(kModexp, in, 5461);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 5461);
  EXPECT_EQ(out.data.size(), 64u);
}

TEST(Modexp, HugeLengthsAreGasBoundNotAllocated) {
  const std::string max = std::string(64, 'f');
  // Nothing to multiply: a 2^256-1 byte exponent with empty base and modulus costs the minimum.
  Output out = execute(kModexp, input("0", max, "0", ""), kGas);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 200);
  EXPECT_TRUE(out.data.empty());
  // Huge modulus, base or exponent lengths cannot be paid for.
  for (const Bytes& in : {input("0", "0", max, ""), input(max, "0", "1", ""),
                          input("1", "10000000000000000", "1", "03")}) {
    out = execute(kModexp, in, std::numeric_limits<std::int64_t>::max());
    EXPECT_FALSE(out.success);
  }
  // A 2^40-byte exponent is affordable with an absurd gas limit; its modulus then lies past the
  // end of the input, so the answer is zero and nothing of that size is read or allocated.
  const Bytes in = input("1", "ffffffffff", "20", "03");
  EXPECT_FALSE(execute(kModexp, in, kGas).success);
  out = execute(kModexp, in, std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.data, Bytes(32, 0));
}

// Osaka: EIP-7883 prices (minimum 500, complexity 16 up to 32 bytes and 2 words^2 above, 16
// iterations per exponent byte past 32, no division by 3) and EIP-7823's 1024-byte bound.
TEST(Modexp, OsakaPricingAndBounds) {
  constexpr Revision kOsaka = Revision::kOsaka;
  // 3^(p-2) mod p: complexity 16, 255 iterations.
  Output out = execute(
      kModexp, input("1", "20", "20", "03" + std::string(kPMinus2) + std::string(kP)), kGas,
      kOsaka);
  ASSERT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 16 * 255);
  EXPECT_EQ(to_hex(out.data, false), word("1"));
  // The minimum, also for an empty input.
  EXPECT_EQ(execute(kModexp, input("1", "1", "2", "020a03e8"), kGas, kOsaka).gas_used, 500);
  EXPECT_EQ(execute(kModexp, {}, kGas, kOsaka).gas_used, 500);
  // 64-byte operands: 2 * 8^2 = 128 per iteration; a 33-byte exponent whose first 32 bytes are
  // zero has 16 iterations (16 per byte past 32, nothing for the zero head).
  const std::string base64(128, '0');
  out = execute(kModexp,
                input("40", "21", "40", base64 + std::string(64, '0') + "01" + base64), kGas,
                kOsaka);
  EXPECT_TRUE(out.success);
  EXPECT_EQ(out.gas_used, 128 * 16);
  // 1024 bytes is the most any operand may be.
  EXPECT_TRUE(execute(kModexp, input("400", "1", "1", "02" + std::string(2048, '0')), kGas,
                      kOsaka).success);
  for (const Bytes& in : {input("401", "1", "1", ""), input("1", "401", "1", ""),
                          input("1", "1", "401", "")})
    EXPECT_FALSE(execute(kModexp, in, std::numeric_limits<std::int64_t>::max(), kOsaka).success);
}

}  // namespace
}  // namespace plexus::evm::precompiles
