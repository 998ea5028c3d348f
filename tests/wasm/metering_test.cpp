#include <bit>

#include <gtest/gtest.h>

#include "core/deadline.hpp"
#include "wasm/runtime.hpp"
#include "wasm_test_util.hpp"

namespace plexus::wasm {
namespace {

// (import "env" "tick" (func)) (func (export "f") (param i32)
//   (loop call $tick local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0))
const Bytes kTickLoop = {
    0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,                    // header
    0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00,        // types
    0x02, 0x0C, 0x01, 0x03, 'e', 'n', 'v', 0x04, 't', 'i', 'c', 'k', 0x00, 0x00,  // import
    0x03, 0x02, 0x01, 0x01,                                            // function
    0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x01,                           // export
    0x0A, 0x12, 0x01, 0x10, 0x00,                                      // code
    0x03, 0x40, 0x10, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B, 0x0B};

struct TickRun {
  Trap trap;
  std::uint64_t gas_left;
  std::uint64_t ticks;
};

TickRun run_ticks(std::uint64_t gas, std::uint32_t iterations, std::uint64_t host_cost = 0) {
  CompileOptions options;
  options.metering = true;
  auto compiled = compile_module(kTickLoop, options);
  EXPECT_TRUE(compiled) << compiled.error().to_string();
  Store store;
  std::uint64_t ticks = 0;
  Extern tick{ExternKind::kFunc};
  tick.func = store.add_host_function(FuncType{}, [&](auto, auto) {
    if (!store.charge_gas(host_cost)) return Trap::kOutOfGas;
    ++ticks;
    return Trap::kNone;
  });
  auto inst = store.instantiate(*compiled, std::vector<Extern>{tick});
  EXPECT_TRUE(inst);
  store.set_gas(gas);
  const Value arg = Value::i32(iterations);
  const auto out = store.invoke((*inst)->find_export("f")->func, {&arg, 1});
  EXPECT_TRUE(out);
  return TickRun{out->trap, store.gas_left(), ticks};
}

// One loop iteration is one basic block: call (10) + local.get, i32.const, i32.sub, local.tee,
// br_if (1 each) = 15 gas with the default schedule; the final return costs 1.
TEST(WasmMetering, ChargesTheScheduleExactly) {
  const TickRun r = run_ticks(10'000, 100);
  EXPECT_EQ(r.trap, Trap::kNone);
  EXPECT_EQ(r.ticks, 100u);
  EXPECT_EQ(r.gas_left, 10'000u - 100 * 15 - 1);
}

// Under a thread deadline already passed (eth_call's time budget, core/deadline.hpp) a loop with
// gas for a billion iterations stops within a few thousand blocks; without one it runs on.
TEST(WasmMetering, StopsAtTheThreadsDeadline) {
  {
    const deadline::Scope passed(deadline::Clock::now());
    const TickRun r = run_ticks(1'000'000'000'000ULL, 1'000'000'000);
    EXPECT_EQ(r.trap, Trap::kOutOfGas);
    EXPECT_LE(r.ticks, 2 * deadline::kPollInterval);
    EXPECT_TRUE(passed.hit());
  }
  EXPECT_EQ(run_ticks(1'000'000, 10'000).trap, Trap::kNone);
}

TEST(WasmMetering, OutOfGasAtTheSameBlockEveryRun) {
  const TickRun first = run_ticks(1000, 1'000'000);
  EXPECT_EQ(first.trap, Trap::kOutOfGas);
  // 66 whole iterations fit in 1000 gas (990); the 67th block is refused at its entry, before
  // its call, so the host saw exactly 66 ticks and 10 gas remain.
  EXPECT_EQ(first.ticks, 66u);
  EXPECT_EQ(first.gas_left, 10u);
  for (int i = 0; i < 5; ++i) {
    const TickRun again = run_ticks(1000, 1'000'000);
    EXPECT_EQ(again.trap, first.trap);
    EXPECT_EQ(again.ticks, first.ticks);
    EXPECT_EQ(again.gas_left, first.gas_left);
  }
}

TEST(WasmMetering, HostFunctionsChargeThroughTheStore) {
  // 15 gas per iteration in wasm plus 85 charged by the host function.
  const TickRun done = run_ticks(20'000, 100, 85);
  EXPECT_EQ(done.trap, Trap::kNone);
  EXPECT_EQ(done.gas_left, 20'000u - 100 * 100 - 1);
  // 1000 gas pays for exactly 10 iterations; the 11th block entry runs out.
  const TickRun out = run_ticks(1000, 100, 85);
  EXPECT_EQ(out.trap, Trap::kOutOfGas);
  EXPECT_EQ(out.ticks, 10u);
  EXPECT_EQ(out.gas_left, 0u);
  // 1020 gas: the 11th block is paid (15) but the host's 85 is not: the host traps.
  const TickRun host = run_ticks(1020, 100, 85);
  EXPECT_EQ(host.trap, Trap::kOutOfGas);
  EXPECT_EQ(host.ticks, 10u);
  EXPECT_EQ(host.gas_left, 1020u - 1000 - 15);
}

TEST(WasmMetering, UnmeteredModulesIgnoreGas) {
  auto compiled = compile_module(kTickLoop);
  ASSERT_TRUE(compiled);
  for (const auto& in : (*compiled)->functions[0].code) EXPECT_NE(in.op, op::kGas);
}

TEST(WasmMetering, MemoryGrowthIsChargedPerPage) {
  // (memory 0) (func (export "f") (param i32) (result i32) local.get 0 memory.grow)
  const Bytes m = test::single_function_module({0x7F}, {0x7F}, {0x20, 0x00, 0x40, 0x00, 0x0B},
                                               0, true);
  CompileOptions options;
  options.metering = true;
  auto compiled = compile_module(m, options);
  ASSERT_TRUE(compiled);
  Store store;
  auto inst = store.instantiate(*compiled, {});
  ASSERT_TRUE(inst);
  const std::uint64_t block = 1 + 2 + 1;  // local.get, memory.grow, return
  store.set_gas(block + 2 * options.gas.memory_page);
  const Value two = Value::i32(2);
  auto out = store.invoke((*inst)->find_export("f")->func, {&two, 1});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->trap, Trap::kNone);
  EXPECT_EQ(out->results.at(0), Value::i32(1));  // old size in pages
  EXPECT_EQ(store.gas_left(), 0u);
  store.set_gas(block + options.gas.memory_page);
  out = store.invoke((*inst)->find_export("f")->func, {&two, 1});
  EXPECT_EQ(out->trap, Trap::kOutOfGas);
}

TEST(WasmLimits, MemoryPagesLimitFailsTheGrow) {
  const Bytes m = test::single_function_module({0x7F}, {0x7F}, {0x20, 0x00, 0x40, 0x00, 0x0B},
                                               0, true);
  auto compiled = compile_module(m);
  ASSERT_TRUE(compiled);
  RuntimeLimits limits;
  limits.max_memory_pages = 4;
  Store store(limits);
  auto inst = store.instantiate(*compiled, {});
  ASSERT_TRUE(inst);
  const Value three = Value::i32(3), one = Value::i32(1);
  EXPECT_EQ(store.invoke((*inst)->find_export("f")->func, {&three, 1})->results.at(0),
            Value::i32(1));
  EXPECT_EQ(store.invoke((*inst)->find_export("f")->func, {&one, 1})->results.at(0),
            Value::i32(0xFFFFFFFFu));
}

TEST(WasmLimits, ValueStackLimitTraps) {
  // (func (export "f") (param i32) local.get 0 call 0) recursing with 20 locals per frame
  const Bytes m = test::single_function_module({0x7F}, {}, {0x20, 0x00, 0x10, 0x00, 0x0B}, 20);
  auto compiled = compile_module(m);
  ASSERT_TRUE(compiled);
  RuntimeLimits limits;
  limits.max_stack_slots = 1000;
  Store store(limits);
  auto inst = store.instantiate(*compiled, {});
  ASSERT_TRUE(inst);
  const Value arg = Value::i32(0);
  EXPECT_EQ(store.invoke((*inst)->find_export("f")->func, {&arg, 1})->trap,
            Trap::kCallStackExhausted);
}

TEST(WasmNan, CanonicalisationMakesNanBitsIdentical) {
  // (func (export "f") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
  const Bytes m = test::single_function_module({0x7D, 0x7D}, {0x7D},
                                               {0x20, 0x00, 0x20, 0x01, 0x95, 0x0B});
  CompileOptions options;
  options.canonicalize_nans = true;
  auto compiled = compile_module(m, options);
  ASSERT_TRUE(compiled);
  Store store;
  auto inst = store.instantiate(*compiled, {});
  ASSERT_TRUE(inst);
  // A negative NaN with a payload divided by one: hardware propagates the input NaN.
  const Value args[] = {Value::f32_bits(0xFFC01234u), Value::f32_bits(std::bit_cast<std::uint32_t>(1.0f))};
  const auto out = store.invoke((*inst)->find_export("f")->func, args);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->results.at(0), Value::f32_bits(0x7FC00000u));
}

}  // namespace
}  // namespace plexus::wasm
