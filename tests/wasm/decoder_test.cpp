#include <gtest/gtest.h>

#include "wasm/compiler.hpp"
#include "wasm/reader.hpp"
#include "wasm_test_util.hpp"

namespace plexus::wasm {
namespace {

TEST(WasmReader, RejectsOverlongAndOversizedLeb) {
  const Bytes overlong = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_FALSE(Reader(overlong).u32());
  const Bytes too_large = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};  // bits beyond 32 set
  EXPECT_FALSE(Reader(too_large).u32());
  const Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  EXPECT_EQ(*Reader(max).u32(), 0xFFFFFFFFu);
  const Bytes minus_one = {0x7F};
  EXPECT_EQ(*Reader(minus_one).s32(), -1);
  const Bytes bad_sign = {0xFF, 0xFF, 0xFF, 0xFF, 0x4F};  // unused bits not a sign extension
  EXPECT_FALSE(Reader(bad_sign).s32());
}

TEST(WasmReader, Utf8) {
  EXPECT_TRUE(is_valid_utf8(as_bytes("h\xC3\xA9llo")));
  EXPECT_FALSE(is_valid_utf8(as_bytes("\xC0\x80")));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8(as_bytes("\xED\xA0\x80")));      // surrogate
  EXPECT_FALSE(is_valid_utf8(as_bytes("\xF4\x90\x80\x80")));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8(as_bytes("\xE2\x82")));          // truncated
}

TEST(WasmDecoder, AcceptsMinimalModule) {
  const Bytes m = test::single_function_module({}, {0x7F}, {0x41, 0x2A, 0x0B});
  const auto compiled = compile_module(m);
  ASSERT_TRUE(compiled) << compiled.error().to_string();
  EXPECT_EQ((*compiled)->functions.size(), 1u);
}

TEST(WasmDecoder, TruncationsAreErrorsNotCrashes) {
  const Bytes m = test::single_function_module({0x7F}, {0x7F},
                                               {0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}, 2, true);
  ASSERT_TRUE(compile_module(m));
  // The code section (the last one, 13 bytes here) cut anywhere is an error; a cut at a section
  // boundary before it may be a valid smaller module, so those prefixes only must not crash.
  const std::size_t code_start = m.size() - 13;
  ASSERT_EQ(m[code_start], 10);
  for (std::size_t n = 0; n < m.size(); ++n) {
    const Bytes prefix(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
    const auto r = compile_module(prefix);
    if (n > code_start) {
      EXPECT_FALSE(r) << "prefix of " << n << " bytes";
    }
  }
}

TEST(WasmDecoder, SingleByteCorruptionsNeverCrash) {
  const Bytes m = test::single_function_module({0x7F}, {0x7F},
                                               {0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}, 2, true);
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (int v : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
      Bytes copy = m;
      copy[i] = static_cast<std::uint8_t>(v);
      (void)compile_module(copy);  // any result is fine; it must not crash or read out of bounds
    }
  }
  SUCCEED();
}

TEST(WasmValidator, RejectsTypeMismatch) {
  // (func (result i32) i64.const 1)
  const Bytes m = test::single_function_module({}, {0x7F}, {0x42, 0x01, 0x0B});
  const auto r = compile_module(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kValidation);
}

TEST(WasmValidator, RejectsMemoryAccessWithoutMemory) {
  const Bytes m = test::single_function_module({}, {0x7F}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B});
  EXPECT_FALSE(compile_module(m));
}

}  // namespace
}  // namespace plexus::wasm
