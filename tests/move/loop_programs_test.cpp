// The benchmark's loop programs verify, publish and compute what their C++ versions compute.
#include <gtest/gtest.h>

#include "move/vm/loop_programs.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

TEST(MoveLoopPrograms, MatchNativeResults) {
  ModuleStore store;
  auto published = store.publish(loop_programs_module());
  ASSERT_TRUE(published) << published.error().to_string();
  GlobalStorage storage;
  MoveVm vm(store, storage);
  const ModuleId id{loop_programs_address(), "loops"};
  const std::pair<const char*, std::uint64_t (*)(std::uint64_t)> programs[] = {
      {"arith", native_arith_loop}, {"vector", native_vector_loop}, {"fields", native_fields_loop}};
  for (const auto& [name, native] : programs) {
    for (std::uint64_t n : {0ull, 1ull, 7ull, 1000ull}) {
      const auto r = vm.execute(id, name, {}, {Value::u64(n)});
      ASSERT_TRUE(r) << name << ": " << r.error().to_string();
      EXPECT_EQ(r->returns.at(0).as_u64(), native(n)) << name << "(" << n << ")";
    }
  }
}

TEST(MoveLoopPrograms, GasGrowsWithWorkAndRunsOut) {
  ModuleStore store;
  ASSERT_TRUE(store.publish(loop_programs_module()));
  GlobalStorage storage;
  VmConfig config;
  config.gas_limit = 10'000;
  MoveVm vm(store, storage, config);
  const ModuleId id{loop_programs_address(), "loops"};
  const auto small = vm.execute(id, "arith", {}, {Value::u64(10)});
  const auto large = vm.execute(id, "arith", {}, {Value::u64(100)});
  ASSERT_TRUE(small && large);
  EXPECT_GT(large->gas_used, small->gas_used);
  const auto exhausted = vm.execute(id, "arith", {}, {Value::u64(100'000)});
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().status, StatusCode::OUT_OF_GAS);
}

}  // namespace
}  // namespace plexus::move
