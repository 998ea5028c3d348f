#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/curves/precompiles.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "kzg_vectors.hpp"
#include "testdata.hpp"

namespace plexus::curves {
namespace {

// FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS as two 32-byte words.
const std::string kSuccess =
    "0000000000000000000000000000000000000000000000000000000000001000"
    "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

// go-ethereum's pointEvaluation1 vector.
const std::string kGethInput =
    "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
    "564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306"
    "24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1"
    "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca2"
    "5f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253"
    "fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a";

Result<Bytes> run(const Bytes& input) { return kzg_point_evaluation(input); }

TEST(Kzg, GethVector) {
  const Result<Bytes> out = run(hex_or_throw(kGethInput));
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(to_hex(*out, false), kSuccess);
}

TEST(Kzg, ExecutionSpecVectors) {
  for (const vectors::KzgVector& v : vectors::kKzgVectors) {
    const Result<Bytes> out = run(hex_or_throw(v.input));
    EXPECT_EQ(out.has_value(), v.valid) << v.name;
    if (out) {
      EXPECT_EQ(to_hex(*out, false), kSuccess) << v.name;
    }
  }
}

TEST(Kzg, RejectsMalformedInput) {
  const Bytes good = hex_or_throw(kGethInput);
  EXPECT_FALSE(run(Bytes(good.begin(), good.end() - 1)));  // 191 bytes
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(run(longer));  // 193 bytes
  EXPECT_FALSE(run({}));

  Bytes wrong_version = good;
  wrong_version[0] = 0x02;
  EXPECT_FALSE(run(wrong_version));

  Bytes wrong_hash = good;
  wrong_hash[31] ^= 1;
  EXPECT_FALSE(run(wrong_hash));

  Bytes wrong_y = good;
  wrong_y[95] ^= 1;  // y no longer matches the proof
  EXPECT_FALSE(run(wrong_y));

  // z = BLS_MODULUS is out of range even though z = 0 might verify.
  Bytes big_z = good;
  const Bytes modulus = hex_or_throw(kSuccess.substr(64));
  std::copy(modulus.begin(), modulus.end(), big_z.begin() + 32);
  EXPECT_FALSE(run(big_z));

  // An uncompressed-flag commitment (top bit cleared) with a matching versioned hash.
  Bytes uncompressed = good;
  uncompressed[96] &= 0x7f;
  const Hash256 h = sha256(BytesView(uncompressed).subspan(96, 48));
  std::copy(h.bytes.begin() + 1, h.bytes.end(), uncompressed.begin() + 1);
  EXPECT_FALSE(run(uncompressed));
}

// Every external KZG vector wrapped in the execution-spec-tests state tests: the case name says
// whether the proof is correct.
TEST(Kzg, StateTestExternalVectors) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/state_tests/Pyspecs/cancun/eip4844_blobs");
  const auto doc = nlohmann::json::parse(
      plexus::testing::read_file(dir / "point_evaluation_precompile_external_vectors.json"));
  std::size_t checked = 0;
  for (const auto& [name, test] : doc.items()) {
    const bool valid = name.find("case_correct_proof") != std::string::npos;
    const Result<Bytes> out = run(hex_or_throw(test["transaction"]["data"][0].get<std::string>()));
    EXPECT_EQ(out.has_value(), valid) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 122u);
}

}  // namespace
}  // namespace plexus::curves
