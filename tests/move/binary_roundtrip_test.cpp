// Deserializer/serializer over the whole corpus, plus the reference's two script unit cases.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "move/verifier/verifier.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

TEST(MoveBinary, EveryCorpusModuleRoundTripsByteForByte) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  const auto files = testing::corpus_modules(dir);
  ASSERT_EQ(files.size(), 134u + 159u + 96u + 82u);
  std::size_t ok = 0;
  for (const auto& f : files) {
    const Bytes bytes = testing::read_bytes(f.path);
    const auto module = deserialize_module(bytes, f.config);
    ASSERT_TRUE(module) << f.path << ": " << module.error().to_string();
    EXPECT_EQ(serialize_module(*module), bytes) << f.path;
    ++ok;
  }
  EXPECT_EQ(ok, files.size());
}

TEST(MoveBinary, ReferenceUnitScripts) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move/modules/move-language-deserializer-unit");
  const BinaryConfig config{16, kMaxVersion};
  const Bytes empty = testing::read_bytes(dir / "empty_script.mv");
  const auto script = deserialize_script(empty, config);
  ASSERT_TRUE(script) << script.error().to_string();
  EXPECT_EQ(script->version(), 1u);
  ASSERT_EQ(script->code.code.size(), 1u);
  EXPECT_EQ(script->code.code[0].op, Opcode::Ret);
  EXPECT_EQ(serialize_script(*script), empty);
  EXPECT_TRUE(verify_script(*script));

  const auto bad =
      deserialize_script(testing::read_bytes(dir / "invalid_script_no_signature.mv"), config);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, StatusCode::INDEX_OUT_OF_BOUNDS) << bad.error().to_string();
}

TEST(MoveBinary, ModuleBytesAreNotAScript) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move/modules/rooch-framework-r27/MoveStdlib");
  const auto r = deserialize_script(testing::read_bytes(dir / "vector.mv"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::MALFORMED);
}

TEST(MoveBinary, StarcoinNeedsSixteenByteAddresses) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move/modules/starcoin-framework/v12");
  const auto r = deserialize_module(testing::read_bytes(dir / "Vector.mv"), BinaryConfig{32, 7});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::MALFORMED);
}

TEST(MoveBinary, HeaderErrors) {
  const Bytes bad_magic{0xA1, 0x1C, 0xEB, 0x0C, 6, 0, 0, 0, 0, 0};
  EXPECT_EQ(deserialize_module(bad_magic).error().status, StatusCode::BAD_MAGIC);
  const Bytes v9{0xA1, 0x1C, 0xEB, 0x0B, 9, 0, 0, 0, 0, 0};
  EXPECT_EQ(deserialize_module(v9).error().status, StatusCode::UNKNOWN_VERSION);
  const Bytes v0{0xA1, 0x1C, 0xEB, 0x0B, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(deserialize_module(v0).error().status, StatusCode::UNKNOWN_VERSION);
  const Bytes unknown_table{0xA1, 0x1C, 0xEB, 0x0B, 6, 0, 0, 0, 1, 0x09, 0, 1, 0, 0};
  EXPECT_EQ(deserialize_module(unknown_table).error().status, StatusCode::UNKNOWN_TABLE_TYPE);
  const Bytes gap{0xA1, 0x1C, 0xEB, 0x0B, 6, 0, 0, 0, 1, 0x07, 1, 1, 0, 0};
  EXPECT_EQ(deserialize_module(gap).error().status, StatusCode::BAD_HEADER_TABLE);
}

// Every truncation and every single-byte corruption of a real module must give an error or a
// module, never a crash (run under the sanitizers to catch UB).
TEST(MoveBinary, TruncationsAndCorruptionsAreHandled) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move/modules/rooch-framework-r27/MoveStdlib");
  const Bytes bytes = testing::read_bytes(dir / "option.mv");
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const auto r = deserialize_module(BytesView(bytes).first(n));
    EXPECT_FALSE(r) << "truncated at " << n;
  }
  Bytes trailing = bytes;
  trailing.push_back(0);
  EXPECT_EQ(deserialize_module(trailing).error().status, StatusCode::TRAILING_BYTES);
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    Bytes m = bytes;
    m[i] ^= 0xA5;
    if (!deserialize_module(m)) ++rejected;
  }
  EXPECT_GT(rejected, bytes.size() / 4);
}

// Corrupted modules that still deserialize go through the whole verifier: it must reject or
// accept them without crashing (under the sanitizers: without UB).
TEST(MoveBinary, VerifierSurvivesCorruptedModules) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move/modules");
  std::size_t verified = 0, parsed = 0;
  for (const char* rel :
       {"rooch-framework-r27/MoveStdlib/option.mv", "initia-movevm/stdlib/option.mv"}) {
    const Bytes bytes = testing::read_bytes(dir / rel);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (Byte flip : {Byte{0x01}, Byte{0x40}}) {
        Bytes m = bytes;
        m[i] ^= flip;
        const auto module = deserialize_module(m);
        if (!module) continue;
        ++parsed;
        if (verify_module(*module)) ++verified;
      }
    }
  }
  EXPECT_GT(parsed, 0u);
  EXPECT_LT(verified, parsed);
}

}  // namespace
}  // namespace plexus::move
