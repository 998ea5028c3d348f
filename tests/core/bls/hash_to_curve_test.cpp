// RFC 9380 vectors (../shared/testdata/bls/hash_to_curve): expand_message_xmd, and hash_to_curve /
// encode_to_curve for BLS12-381 G1 and G2, with the field elements and the mapped points.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/curves/hash_to_curve.hpp"
#include "core/hex.hpp"
#include "testdata.hpp"

namespace plexus::curves::bls12_381 {
namespace {

using nlohmann::json;

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

Fq fq(std::string_view hex) {
  const Bytes b = hex_or_throw(hex);
  return *Fq::from_be(b.data(), b.size());
}
// "0x<c0>,0x<c1>" as in the vector files.
Fq2 fq2(const std::string& s) {
  const auto comma = s.find(',');
  return {fq(s.substr(0, comma)), fq(s.substr(comma + 1))};
}
G1 g1(const json& p) { return {fq(p["x"].get<std::string>()), fq(p["y"].get<std::string>()), false}; }
G2 g2(const json& p) { return {fq2(p["x"]), fq2(p["y"]), false}; }

json load(const std::filesystem::path& path) {
  return json::parse(::plexus::testing::read_file(path));
}

TEST(BlsHashToCurve, ExpandMessageXmd) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "bls/hash_to_curve");
  int n = 0;
  for (const char* file : {"expand_message_xmd_SHA256_38.json", "expand_message_xmd_SHA256_256.json"}) {
    const json j = load(dir / file);
    const Bytes dst = text(j["DST"]);
    for (const json& t : j["tests"]) {
      const std::size_t len = std::stoul(t["len_in_bytes"].get<std::string>(), nullptr, 16);
      const auto out = expand_message_xmd(text(t["msg"]), dst, len);
      ASSERT_TRUE(out);
      EXPECT_EQ(to_hex(*out, false), t["uniform_bytes"].get<std::string>()) << file;
      ++n;
    }
  }
  EXPECT_EQ(n, 20);
}

template <class Point, class F>
void run_suite(const std::filesystem::path& path, Point (*parse)(const json&),
               F (*parse_u)(const std::string&), std::vector<F> (*to_field)(BytesView, BytesView, std::size_t),
               Point (*map)(const F&), Point (*full)(BytesView, BytesView), bool random_oracle) {
  const json j = load(path);
  const Bytes dst = text(j["dst"]);
  int n = 0;
  for (const json& v : j["vectors"]) {
    const Bytes msg = text(v["msg"]);
    const auto u = to_field(msg, dst, random_oracle ? 2 : 1);
    for (std::size_t i = 0; i < u.size(); ++i)
      EXPECT_TRUE(u[i] == parse_u(v["u"][i])) << path << " u" << i << " msg " << v["msg"];
    if (random_oracle) {
      for (std::size_t i = 0; i < 2; ++i) {
        const Point q = map(u[i]);
        const Point want = parse(v[i == 0 ? "Q0" : "Q1"]);
        EXPECT_TRUE(q.x == want.x && q.y == want.y) << path << " Q" << i << " msg " << v["msg"];
      }
    }
    const Point p = full(msg, dst);
    const Point want = parse(v["P"]);
    EXPECT_TRUE(!p.infinity && p.x == want.x && p.y == want.y) << path << " P msg " << v["msg"];
    ++n;
  }
  EXPECT_EQ(n, 5) << path;
}

Fq fq_str(const std::string& s) { return fq(s); }

TEST(BlsHashToCurve, G2RandomOracleAndEncode) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "bls/hash_to_curve");
  run_suite<G2, Fq2>(dir / "BLS12381G2_XMD_SHA-256_SSWU_RO_.json", g2, fq2, hash_to_fq2,
                     map_to_curve_g2, hash_to_g2, true);
  run_suite<G2, Fq2>(dir / "BLS12381G2_XMD_SHA-256_SSWU_NU_.json", g2, fq2, hash_to_fq2,
                     map_to_curve_g2, encode_to_g2, false);
}

TEST(BlsHashToCurve, G1RandomOracleAndEncode) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "bls/hash_to_curve");
  run_suite<G1, Fq>(dir / "BLS12381G1_XMD_SHA-256_SSWU_RO_.json", g1, fq_str, hash_to_fq,
                    map_to_curve_g1, hash_to_g1, true);
  run_suite<G1, Fq>(dir / "BLS12381G1_XMD_SHA-256_SSWU_NU_.json", g1, fq_str, hash_to_fq,
                    map_to_curve_g1, encode_to_g1, false);
}

}  // namespace
}  // namespace plexus::curves::bls12_381
