// Executing Initia stdlib code (bytecode v7, Aptos flavour): enums returned by natives and
// tested by real framework code, and the Aptos-era vector natives.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "move/vm/runtime.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

class MoveInitiaExecution : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = ::plexus::testing::testdata_dir("move");
    if (!dir) GTEST_SKIP() << "test data missing: move";
    auto r = store_.publish_bundle(testing::load_folder(*dir, "stdlib"));
    ASSERT_TRUE(r) << r.error().to_string();
  }

  VmResult<ExecutionResult> run(const std::string& module, const std::string& fn,
                                std::vector<Type> targs, std::vector<Value> args) {
    MoveVm vm(store_, storage_);
    return vm.execute(ModuleId{testing::address(1), module}, fn, std::move(targs), std::move(args));
  }

  ModuleStore store_;
  GlobalStorage storage_;
  const Type u64_ = Type::of(TypeKind::kU64);
};

TEST_F(MoveInitiaExecution, CompareReturnsAnOrderingEnum) {
  auto ord = run("cmp", "compare", {u64_}, {Value::u64(1), Value::u64(2)});
  ASSERT_TRUE(ord) << ord.error().to_string();
  auto lt = run("cmp", "is_lt", {}, {ord->returns[0]});
  ASSERT_TRUE(lt) << lt.error().to_string();
  EXPECT_TRUE(lt->returns[0].as_bool());
  auto eq = run("cmp", "is_eq", {}, {ord->returns[0]});
  ASSERT_TRUE(eq);
  EXPECT_FALSE(eq->returns[0].as_bool());
  ord = run("cmp", "compare", {Type::of(TypeKind::kVector, {u64_})},
            {testing::u64_vector({1, 2, 3}), testing::u64_vector({1, 2})});
  ASSERT_TRUE(ord);
  auto gt = run("cmp", "is_gt", {}, {ord->returns[0]});
  ASSERT_TRUE(gt);
  EXPECT_TRUE(gt->returns[0].as_bool());
}

TEST_F(MoveInitiaExecution, VectorInsertAndRemoveUseMoveRange) {
  auto r =
      run("vector", "insert", {u64_},
          {testing::u64_vector({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), Value::u64(1), Value::u64(99)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(
      equals(r->mutable_references.at(0), testing::u64_vector({0, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9})));
  r = run("vector", "remove", {u64_},
          {testing::u64_vector({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), Value::u64(2)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->returns.at(0).as_u64(), 2u);
  EXPECT_TRUE(
      equals(r->mutable_references.at(0), testing::u64_vector({0, 1, 3, 4, 5, 6, 7, 8, 9})));
}

TEST_F(MoveInitiaExecution, BcsSerializedSize) {
  const auto r = run("bcs", "serialized_size", {Type::of(TypeKind::kVector, {u64_})},
                     {testing::u64_vector({1, 2, 3})});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->returns.at(0).as_u64(), 25u);
}

}  // namespace
}  // namespace plexus::move
