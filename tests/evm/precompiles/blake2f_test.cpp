// EIP-152 test vectors 0..8 for the blake2f precompile (0x09).
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "precompile_address.hpp"

namespace plexus::evm::precompiles {
namespace {

const Address kBlake2f = precompile_address(9);

// The vectors share h, m and t: BLAKE2b-512 of "abc" as a single final block.
constexpr std::string_view kState =
    "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5"
    "d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b";
constexpr std::string_view kMessageAndCounter =
    "6162630000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "03000000000000000000000000000000";

Bytes vector_input(std::string_view rounds_hex, std::string_view flag_hex) {
  return hex_or_throw(std::string(rounds_hex) + std::string(kState) +
                      std::string(kMessageAndCounter) + std::string(flag_hex));
}

TEST(Blake2f, Eip152Vectors) {
  struct Case {
    std::string_view rounds, flag, expected;
    std::int64_t gas;
  };
  const Case cases[] = {
      {"00000000", "01",
       "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b"
       "8c68059b9442be0454267ce079217e1319cde05b",
       0},
      {"0000000c", "01",
       "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de"
       "4533cc9518d38aa8dbf1925ab92386edd4009923",
       12},
      {"0000000c", "00",
       "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226"
       "039cd31b4e426ac4f2d3d666a610c2116fde4735",
       12},
      {"00000001", "01",
       "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e089"
       "93d53923de3d64fcc68c034e717b9293fed7a421",
       1},
      {"007a1200", "01",
       "6d2ce9e534d50e18ff866ae92d70cceba79bbcd14c63819fe48752c8aca87a4bb7dcc230d22a4047f0486cfc"
       "fb50a17b24b2899eb8fca370f22240adb5170189",
       8000000},
  };
  for (const Case& c : cases) {
    const Output out = execute(kBlake2f, vector_input(c.rounds, c.flag), 10'000'000);
    ASSERT_TRUE(out.success) << c.rounds;
    EXPECT_EQ(out.gas_used, c.gas);
    EXPECT_EQ(to_hex(out.data, false), c.expected) << c.rounds;
  }
}

TEST(Blake2f, MalformedInputFails) {
  const Bytes good = vector_input("0000000c", "01");
  // Vectors 0-2: empty, one byte short, one byte long.
  for (const Bytes& in : {Bytes{}, Bytes(good.begin(), good.end() - 1), concat(good, Bytes{0})}) {
    const Output out = execute(kBlake2f, in, 1000);
    EXPECT_FALSE(out.success);
    EXPECT_EQ(out.gas_used, 1000);
  }
  // Vector 3: a final-block flag other than 0 or 1.
  EXPECT_FALSE(execute(kBlake2f, vector_input("0000000c", "02"), 1000).success);
  // Not enough gas for the rounds.
  EXPECT_FALSE(execute(kBlake2f, good, 11).success);
}

}  // namespace
}  // namespace plexus::evm::precompiles
