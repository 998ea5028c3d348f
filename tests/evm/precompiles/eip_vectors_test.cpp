// The vectors published with EIP-2537 (BLS12-381, Prague) and EIP-7951 (P256VERIFY, Osaka),
// read from the shared test data (ethereum/eip_vectors), through the precompile dispatch as a
// CALL reaches it: every success vector must give its output for exactly its gas, every failure
// vector must fail.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "precompile_address.hpp"
#include "testdata.hpp"

namespace plexus::evm::precompiles {
namespace {

using json = nlohmann::json;
constexpr std::int64_t kPlentyOfGas = 100'000'000;

Bytes hex_bytes(const json& value) { return from_hex(value.get<std::string>()).value(); }

// The precompile a vector file exercises, from its name (fail- prefix removed). A single-pair
// MSM is the multiplication of the files named mul_*.
Byte bls_precompile_of(const std::string& name) {
  static const std::map<std::string, Byte> kByFile{
      {"add_G1_bls.json", 0x0b},        {"mul_G1_bls.json", 0x0c},
      {"msm_G1_bls.json", 0x0c},        {"add_G2_bls.json", 0x0d},
      {"mul_G2_bls.json", 0x0e},        {"msm_G2_bls.json", 0x0e},
      {"pairing_check_bls.json", 0x0f}, {"map_fp_to_G1_bls.json", 0x10},
      {"map_fp2_to_G2_bls.json", 0x11},
  };
  const auto it = kByFile.find(name);
  return it == kByFile.end() ? 0 : it->second;
}

TEST(EipVectors, Eip2537Bls12381) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/eip_vectors/eip-2537");
  std::size_t passed = 0;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    const bool failure_file = name.starts_with("fail-");
    if (failure_file) name = name.substr(5);
    const Byte which = bls_precompile_of(name);
    ASSERT_NE(which, 0) << "unknown vector file " << entry.path().filename();
    ++files;
    const json cases = json::parse(testing::read_file(entry.path()));
    for (const json& c : cases) {
      const std::string label =
          entry.path().filename().string() + " " + c["Name"].get<std::string>();
      const Bytes input = hex_bytes(c["Input"]);
      const Output out = execute(precompile_address(which), input, kPlentyOfGas, Revision::kOsaka);
      if (failure_file) {
        EXPECT_FALSE(out.success) << label << " should fail: " << c["ExpectedError"];
        if (!out.success) ++passed;
        continue;
      }
      ASSERT_TRUE(out.success) << label;
      EXPECT_EQ(to_hex(out.data, false), c["Expected"].get<std::string>()) << label;
      EXPECT_EQ(out.gas_used, c["Gas"].get<std::int64_t>()) << label;
      // Exactly the price is enough; one gas less is not.
      const auto gas = c["Gas"].get<std::int64_t>();
      EXPECT_TRUE(execute(precompile_address(which), input, gas, Revision::kOsaka).success);
      EXPECT_FALSE(execute(precompile_address(which), input, gas - 1, Revision::kOsaka).success);
      if (to_hex(out.data, false) == c["Expected"].get<std::string>() && out.gas_used == gas)
        ++passed;
    }
  }
  EXPECT_GT(files, 0u);
  std::printf("EIP-2537 vectors: %zu passed in %zu files\n", passed, files);
}

TEST(EipVectors, Eip7951P256Verify) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/eip_vectors/eip-7951");
  // The published file keeps RIP-7212's price (3450); Osaka doubled it (EIP-7951: 6900).
  constexpr std::int64_t kOsakaGas = 6900;
  Address p256;
  p256[Address::size() - 2] = 0x01;
  const json cases = json::parse(testing::read_file(dir / "test-vectors.json"));
  std::size_t passed = 0;
  for (const json& c : cases) {
    const Output out = execute(p256, hex_bytes(c["Input"]), kPlentyOfGas, Revision::kOsaka);
    ASSERT_TRUE(out.success) << c["Name"];
    EXPECT_EQ(to_hex(out.data, false), c["Expected"].get<std::string>()) << c["Name"];
    EXPECT_EQ(out.gas_used, kOsakaGas) << c["Name"];
    if (to_hex(out.data, false) == c["Expected"].get<std::string>()) ++passed;
  }
  EXPECT_EQ(passed, cases.size());
  std::printf("EIP-7951 vectors: %zu of %zu passed\n", passed, cases.size());
}

TEST(EipVectors, NewPrecompilesExistFromTheirFork) {
  Address p256;
  p256[Address::size() - 2] = 0x01;
  EXPECT_FALSE(is_precompile(p256, Revision::kPrague));
  EXPECT_TRUE(is_precompile(p256, Revision::kOsaka));
  EXPECT_FALSE(is_precompile(precompile_address(0x0b), Revision::kCancun));
  EXPECT_TRUE(is_precompile(precompile_address(0x11), Revision::kPrague));
  EXPECT_FALSE(is_precompile(precompile_address(0x12), Revision::kOsaka));
  EXPECT_EQ(addresses(Revision::kCancun).size(), 10u);
  EXPECT_EQ(addresses(Revision::kOsaka).size(), 18u);
  EXPECT_EQ(addresses(Revision::kOsaka).back(), p256);
}

}  // namespace
}  // namespace plexus::evm::precompiles
