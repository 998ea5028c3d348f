#include "core/hd_wallet.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/hex.hpp"

namespace plexus::hd {
namespace {

std::string repeat_word(std::string_view word, int times, std::string_view last) {
  std::string out;
  for (int i = 0; i < times; ++i) out += std::string(word) + " ";
  return out + std::string(last);
}

// Official BIP-39 vectors (passphrase "TREZOR").
TEST(Bip39, OfficialVectors) {
  auto seed = mnemonic_to_seed(repeat_word("abandon", 11, "about"), "TREZOR");
  ASSERT_TRUE(seed) << seed.error().to_string();
  EXPECT_EQ(to_hex(*seed, false),
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d182"
            "64c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
  seed = mnemonic_to_seed(
      "legal winner thank year wave sausage worth useful legal winner thank yellow", "TREZOR");
  ASSERT_TRUE(seed) << seed.error().to_string();
  EXPECT_EQ(to_hex(*seed, false),
            "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559"
            "a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607");
  seed = mnemonic_to_seed(repeat_word("abandon", 23, "art"), "TREZOR");
  ASSERT_TRUE(seed) << seed.error().to_string();
  EXPECT_EQ(to_hex(*seed, false),
            "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245caf"
            "a9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8");
}

TEST(Bip39, IrregularWhitespaceMeansTheSameWords) {
  const auto canonical = mnemonic_to_seed(kDevMnemonic);
  const auto spaced =
      mnemonic_to_seed("  test test\ttest test test test test test test test test   junk\n");
  ASSERT_TRUE(canonical && spaced);
  EXPECT_EQ(*canonical, *spaced);
  EXPECT_NE(*canonical, *mnemonic_to_seed(kDevMnemonic, "x"));
}

TEST(Bip39, RejectsUnknownWord) {
  const auto seed = mnemonic_to_seed(repeat_word("abandon", 11, "abuot"));
  ASSERT_FALSE(seed);
  EXPECT_EQ(seed.error().code, Errc::kInvalidArgument);
  EXPECT_NE(seed.error().message.find("\"abuot\""), std::string::npos) << seed.error().message;
  // Upper case is not in the list either.
  EXPECT_FALSE(mnemonic_to_seed(repeat_word("abandon", 11, "About")));
}

TEST(Bip39, RejectsBadChecksum) {
  // "abandon" x 12 is all-zero entropy whose checksum is not zero.
  const auto seed = mnemonic_to_seed(repeat_word("abandon", 11, "abandon"));
  ASSERT_FALSE(seed);
  EXPECT_EQ(seed.error().code, Errc::kInvalidArgument);
  EXPECT_NE(seed.error().message.find("checksum"), std::string::npos) << seed.error().message;
  EXPECT_FALSE(mnemonic_to_seed("test test test test test test test test test test test test"));
}

TEST(Bip39, RejectsBadWordCountAndNonAscii) {
  EXPECT_EQ(mnemonic_to_seed("").error().code, Errc::kInvalidArgument);
  EXPECT_EQ(mnemonic_to_seed(repeat_word("abandon", 10, "about")).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(mnemonic_to_seed(repeat_word("abandon", 26, "about")).error().code,
            Errc::kInvalidArgument);
  const auto accented = mnemonic_to_seed(kDevMnemonic, "caf\xc3\xa9");
  ASSERT_FALSE(accented);
  EXPECT_EQ(accented.error().code, Errc::kNotSupported);
  EXPECT_NE(accented.error().message.find("non-ASCII"), std::string::npos);
}

// BIP-32 test vector 1, which mixes hardened and normal steps.
TEST(Bip32, TestVector1) {
  const Bytes seed = hex_or_throw("000102030405060708090a0b0c0d0e0f");
  const auto key_hex = [&](std::string_view path) {
    auto key = derive_key(BytesView(seed), path);
    return key ? to_hex(key->secret(), false) : key.error().to_string();
  };
  EXPECT_EQ(key_hex("m"), "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35");
  EXPECT_EQ(key_hex("m/0'"), "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea");
  EXPECT_EQ(key_hex("m/0h/1"), "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368");
  EXPECT_EQ(key_hex("m/0H/1/2'"),
            "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca");
  EXPECT_EQ(key_hex("m/0'/1/2'/2/1000000000"),
            "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8");
}

TEST(Bip32, RejectsMalformedPathsAndSeeds) {
  const Seed seed = *mnemonic_to_seed(kDevMnemonic);
  for (const std::string_view path :
       {"", "44'/60'", "m/", "m//0", "m/0/", "m/x", "m/-1", "m/+1", "m/0''", "m/2147483648",
        "m/99999999999", "m0", "m/1 ", "n/0"}) {
    const auto key = derive_key(seed, path);
    ASSERT_FALSE(key) << "path \"" << path << "\"";
    EXPECT_EQ(key.error().code, Errc::kInvalidArgument) << path;
  }
  EXPECT_TRUE(derive_key(seed, "m/2147483647'"));
  const Bytes short_seed(15, 1);
  EXPECT_EQ(derive_key(BytesView(short_seed), "m").error().code, Errc::kInvalidArgument);
}

// The accounts every Hardhat, Foundry and ganache user knows.
TEST(HdWallet, HardhatDevAccounts) {
  const auto keys = dev_account_keys(kDevMnemonic, 3);
  ASSERT_TRUE(keys) << keys.error().to_string();
  ASSERT_EQ(keys->size(), 3U);
  EXPECT_EQ(to_hex((*keys)[0].secret()),
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  EXPECT_EQ(to_hex((*keys)[0].address()), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  EXPECT_EQ(to_hex((*keys)[1].address()), "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  EXPECT_EQ(to_hex((*keys)[2].address()), "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
  EXPECT_FALSE(dev_account_keys("test junk", 1));
}

}  // namespace
}  // namespace plexus::hd
