// Executes real functions of the Rooch MoveStdlib and checks their results.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "corpus.hpp"
#include "move/vm/runtime.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

class MoveStdlibExecution : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = ::plexus::testing::testdata_dir("move");
    if (!dir) GTEST_SKIP() << "test data missing: move";
    auto r = store_.publish_bundle(testing::load_folder(*dir, "MoveStdlib"));
    ASSERT_TRUE(r) << r.error().to_string();
  }

  VmResult<ExecutionResult> run(const std::string& module, const std::string& fn,
                                std::vector<Type> targs, std::vector<Value> args) {
    MoveVm vm(store_, storage_);
    return vm.execute(ModuleId{testing::address(1), module}, fn, std::move(targs), std::move(args));
  }

  Type type(const std::string& text) {
    auto t = parse_type(store_, text, 32);
    EXPECT_TRUE(t) << text;
    return *t;
  }

  ModuleStore store_;
  GlobalStorage storage_;
  const Type u64_ = Type::of(TypeKind::kU64);
};

TEST_F(MoveStdlibExecution, VectorReverse) {
  const auto r = run("vector", "reverse", {u64_}, {testing::u64_vector({1, 2, 3, 4})});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->mutable_references.size(), 1u);
  EXPECT_TRUE(equals(r->mutable_references[0], testing::u64_vector({4, 3, 2, 1})));
  EXPECT_GT(r->gas_used, 0u);
}

TEST_F(MoveStdlibExecution, VectorIndexOfAndContains) {
  auto r = run("vector", "index_of", {u64_}, {testing::u64_vector({5, 6, 7}), Value::u64(7)});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->returns.size(), 2u);
  EXPECT_TRUE(r->returns[0].as_bool());
  EXPECT_EQ(r->returns[1].as_u64(), 2u);
  r = run("vector", "contains", {u64_}, {testing::u64_vector({5, 6, 7}), Value::u64(9)});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->returns[0].as_bool());
}

TEST_F(MoveStdlibExecution, VectorBorrowOutOfRangeFails) {
  const auto r = run("vector", "borrow", {u64_}, {testing::u64_vector({1}), Value::u64(3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::VECTOR_OPERATION_ERROR);
}

TEST_F(MoveStdlibExecution, Option) {
  auto some = run("option", "some", {u64_}, {Value::u64(42)});
  ASSERT_TRUE(some) << some.error().to_string();
  const Value opt = some->returns.at(0);
  EXPECT_TRUE(equals(opt, Value::make_struct({testing::u64_vector({42})})));
  auto is_some = run("option", "is_some", {u64_}, {opt});
  ASSERT_TRUE(is_some);
  EXPECT_TRUE(is_some->returns[0].as_bool());
  auto value = run("option", "destroy_some", {u64_}, {opt});
  ASSERT_TRUE(value);
  EXPECT_EQ(value->returns[0].as_u64(), 42u);
  auto none = run("option", "none", {u64_}, {});
  ASSERT_TRUE(none);
  auto with_default = run("option", "get_with_default", {u64_}, {none->returns[0], Value::u64(9)});
  ASSERT_TRUE(with_default);
  EXPECT_EQ(with_default->returns[0].as_u64(), 9u);
  // extract from none aborts with option::EOPTION_NOT_SET (0x40001).
  auto extract = run("option", "extract", {u64_}, {none->returns[0]});
  ASSERT_FALSE(extract);
  EXPECT_EQ(extract.error().status, StatusCode::ABORTED);
  EXPECT_EQ(extract.error().abort_code, 0x40001u);
  EXPECT_NE(extract.error().message.find("0x1::option::extract"), std::string::npos);
}

TEST_F(MoveStdlibExecution, StringUtf8) {
  const std::string hello = "h\xC3\xA9llo";  // "héllo"
  auto ok = run("string", "utf8", {}, {Value::bytes(as_bytes(hello))});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_TRUE(equals(ok->returns[0], Value::make_struct({Value::bytes(as_bytes(hello))})));
  auto len = run("string", "length", {}, {ok->returns[0]});
  ASSERT_TRUE(len);
  EXPECT_EQ(len->returns[0].as_u64(), 6u);
  auto index = run("string", "index_of", {},
                   {ok->returns[0], Value::make_struct({Value::bytes(as_bytes("llo"))})});
  ASSERT_TRUE(index) << index.error().to_string();
  EXPECT_EQ(index->returns[0].as_u64(), 3u);
  auto sub = run("string", "sub_string", {}, {ok->returns[0], Value::u64(1), Value::u64(3)});
  ASSERT_TRUE(sub) << sub.error().to_string();
  EXPECT_TRUE(equals(sub->returns[0], Value::make_struct({Value::bytes(as_bytes("\xC3\xA9"))})));
  // Cutting inside the two-byte character aborts (EINVALID_INDEX = 2).
  auto bad_cut = run("string", "sub_string", {}, {ok->returns[0], Value::u64(2), Value::u64(3)});
  ASSERT_FALSE(bad_cut);
  EXPECT_EQ(bad_cut.error().abort_code, 2u);
  for (const std::string bad : {"\xFF", "\xC3", "\xED\xA0\x80", "\xC0\xAF"}) {
    auto r = run("string", "utf8", {}, {Value::bytes(as_bytes(bad))});
    ASSERT_FALSE(r) << to_hex(as_bytes(bad));
    EXPECT_EQ(r.error().status, StatusCode::ABORTED);
    EXPECT_EQ(r.error().abort_code, 1u);  // string::EINVALID_UTF8
  }
}

TEST_F(MoveStdlibExecution, BcsToBytes) {
  auto r = run("bcs", "to_bytes", {u64_}, {Value::u64(0x0102030405060708)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(bytes_of(r->returns[0]), (Bytes{8, 7, 6, 5, 4, 3, 2, 1}));
  r = run("bcs", "to_bytes", {Type::of(TypeKind::kAddress)},
          {Value::address_of(testing::address(0xAB))});
  ASSERT_TRUE(r);
  EXPECT_EQ(bytes_of(r->returns[0]), testing::address(0xAB));
  r = run("bcs", "to_bytes", {type("vector<u64>")}, {testing::u64_vector({1, 256})});
  ASSERT_TRUE(r);
  EXPECT_EQ(bytes_of(r->returns[0]), (Bytes{2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
  r = run("bcs", "to_bytes", {type("vector<u8>")}, {Value::bytes(Bytes(200, 7))});
  ASSERT_TRUE(r);
  const Bytes encoded = bytes_of(r->returns[0]);
  ASSERT_EQ(encoded.size(), 202u);
  EXPECT_EQ(encoded[0], 0xC8);  // ULEB128(200) = C8 01
  EXPECT_EQ(encoded[1], 0x01);
}

TEST_F(MoveStdlibExecution, Hashes) {
  auto r = run("hash", "sha2_256", {}, {Value::bytes(as_bytes("abc"))});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(to_hex(bytes_of(r->returns[0]), false),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  r = run("hash", "sha3_256", {}, {Value::bytes(as_bytes("abc"))});
  ASSERT_TRUE(r);
  EXPECT_EQ(to_hex(bytes_of(r->returns[0]), false),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}

TEST_F(MoveStdlibExecution, TypeNameAndSigner) {
  auto r = run("type_name", "get", {type("0x1::option::Option<u64>")}, {});
  ASSERT_TRUE(r) << r.error().to_string();
  const Bytes name = bytes_of(r->returns[0].elems()[0].elems()[0]);
  EXPECT_EQ(std::string(name.begin(), name.end()), std::string(63, '0') + "1::option::Option<u64>");
  r = run("signer", "address_of", {}, {Value::signer(testing::address(0x42))});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r->returns[0].address, testing::address(0x42));
}

TEST_F(MoveStdlibExecution, ArithmeticInStdlib) {
  auto r = run("u64", "pow", {}, {Value::u64(3), Value::integer(ValueKind::kU8, 4)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->returns[0].as_u64(), 81u);
  r = run("u64", "pow", {}, {Value::u64(1ull << 32), Value::integer(ValueKind::kU8, 2)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::ARITHMETIC_ERROR);
}

TEST_F(MoveStdlibExecution, OnlyPublicOrEntryFunctionsCanBeCalled) {
  // string::internal_check_utf8 is public native, internal_index_of is private.
  EXPECT_TRUE(run("string", "internal_check_utf8", {}, {Value::bytes(as_bytes("a"))}));
  const auto r = run("string", "internal_index_of", {},
                     {Value::bytes(as_bytes("a")), Value::bytes(as_bytes("a"))});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::FUNCTION_RESOLUTION_FAILURE);
  const auto missing = run("string", "no_such_function", {}, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, StatusCode::FUNCTION_RESOLUTION_FAILURE);
  const auto arity = run("vector", "reverse", {}, {testing::u64_vector({1})});
  ASSERT_FALSE(arity);
  EXPECT_EQ(arity.error().status, StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
}

TEST_F(MoveStdlibExecution, OutOfGasIsDeterministic) {
  VmConfig config;
  config.gas_limit = 50;
  MoveVm vm(store_, storage_, config);
  const auto r = vm.execute(ModuleId{testing::address(1), "vector"}, "reverse", {u64_},
                            {testing::u64_vector({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::OUT_OF_GAS);
}

}  // namespace
}  // namespace plexus::move
