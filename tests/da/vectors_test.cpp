// The shared conformance vectors (testdata/da, see its MANIFEST.txt): rsmt2d's extended squares,
// celestia-app's data roots, and go-square's real Mocha shares with their expected parse error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "da/square.hpp"
#include "da_test_util.hpp"
#include "testdata.hpp"

namespace plexus::da {
namespace {

using json = nlohmann::json;

Bytes base64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Bytes out;
  unsigned acc = 0, bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    const auto v = kAlphabet.find(c);
    if (v == std::string::npos) throw std::runtime_error("not base64");
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<Byte>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  return out;
}

json load(const std::filesystem::path& file) { return json::parse(plexus::testing::read_file(file)); }

TEST(DaVectors, ExtendedSquares) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "da");
  const json v = load(dir / "vectors.json");
  std::size_t passed = 0;
  for (const json& c : v.at("eds")) {
    const std::size_t k = c.at("k");
    Bytes ods;
    for (const json& row : c.at("ods_byte_values"))
      for (const json& value : row) ods.insert(ods.end(), kShareSize, static_cast<Byte>(value.get<int>()));
    const auto eds = ExtendedSquare::extend(ods);
    ASSERT_TRUE(eds) << eds.error().message;
    ASSERT_EQ(eds->width(), 2 * k);
    const json& want = c.at("eds_byte_values");
    for (std::size_t r = 0; r < 2 * k; ++r)
      for (std::size_t col = 0; col < 2 * k; ++col)
        EXPECT_EQ(Bytes(eds->share(r, col).begin(), eds->share(r, col).end()),
                  Bytes(kShareSize, static_cast<Byte>(want[r][col].get<int>())))
            << c.at("name").get<std::string>() << " (" << r << ", " << col << ")";
    ++passed;
  }
  EXPECT_EQ(passed, 2u);
}

TEST(DaVectors, DataRoots) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "da");
  const json v = load(dir / "vectors.json");
  const json& roots = v.at("data_root");
  ASSERT_EQ(roots.size(), 2u);
  // The shares are described in words; built here as described.
  const Bytes min = square_bytes(std::vector<Share>{tail_padding_share()});
  Bytes typical;
  const Share s = testing::filled_share(namespace_v0(Bytes(10, 0x01)), 0xFF);
  for (int i = 0; i < 4; ++i) typical.insert(typical.end(), s.bytes.begin(), s.bytes.end());
  const Bytes* squares[] = {&min, &typical};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto eds = ExtendedSquare::extend(*squares[i]);
    ASSERT_TRUE(eds);
    ASSERT_EQ(eds->original_width(), roots[i].at("k").get<std::size_t>());
    const auto dah = eds->header();
    ASSERT_TRUE(dah) << dah.error().message;
    EXPECT_EQ(to_hex(dah->hash()), "0x" + roots[i].at("data_root").get<std::string>())
        << roots[i].at("name").get<std::string>();
  }
}

TEST(DaVectors, MochaShares) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "da");
  const json v = load(dir / "mocha-shares.json");
  std::vector<Share> shares;
  for (const json& s : v) {
    const auto share = share_from(base64(s.get<std::string>()));
    ASSERT_TRUE(share) << share.error().message;
    shares.push_back(*share);
  }
  ASSERT_EQ(shares.size(), 3423u);
  EXPECT_TRUE(is_sequence_start(shares[0]));
  for (std::size_t i = 1; i < shares.size(); ++i) ASSERT_FALSE(is_sequence_start(shares[i])) << i;
  const Namespace ns = namespace_v0(as_bytes("renerene"));
  for (const Share& s : shares) ASSERT_EQ(namespace_of(s), ns);

  const auto all = parse_sparse_shares(shares);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].data.size(), 1'649'397u);
  EXPECT_EQ((*all)[0].share_version, 1);
  EXPECT_EQ((*all)[0].signer.size(), kSignerSize);

  const auto cut = parse_sparse_shares(std::span(shares).first(3422));
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("sequence length 1649397 exceeds the 1649380 bytes present"),
            std::string::npos)
      << cut.error().message;
}

}  // namespace
}  // namespace plexus::da
