#include <gtest/gtest.h>

#include "wasm/runtime.hpp"
#include "wasm_test_util.hpp"

namespace plexus::wasm {
namespace {

Result<Outcome> run(const Bytes& binary, std::vector<Value> args, CompileOptions options = {},
                    RuntimeLimits limits = {}) {
  PLEXUS_TRY(auto compiled, compile_module(binary, options));
  Store store(limits);
  PLEXUS_TRY(auto* inst, store.instantiate(compiled, {}));
  return store.invoke(inst->find_export("f")->func, args);
}

TEST(WasmInterpreter, AddsParameters) {
  const Bytes m = test::single_function_module({0x7F, 0x7F}, {0x7F},
                                               {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B});
  const auto out = run(m, {Value::i32(40), Value::i32(2)});
  ASSERT_TRUE(out) << out.error().to_string();
  ASSERT_EQ(out->trap, Trap::kNone);
  EXPECT_EQ(out->results.at(0), Value::i32(42));
}

TEST(WasmInterpreter, LoopSumsToN) {
  // local1 = 0; loop: local1 += local0; local0 -= 1; br_if loop (local0 != 0); local1
  const Bytes m = test::single_function_module(
      {0x7F}, {0x7F},
      {0x03, 0x40,                                      // loop
       0x20, 0x01, 0x20, 0x00, 0x6A, 0x21, 0x01,        //   local1 += local0
       0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,        //   local0 -= 1 (tee)
       0x0D, 0x00,                                      //   br_if 0
       0x0B,                                            // end
       0x20, 0x01, 0x0B},
      1);
  const auto out = run(m, {Value::i32(100)});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->results.at(0), Value::i32(5050));
}

TEST(WasmInterpreter, DivisionByZeroTraps) {
  const Bytes m = test::single_function_module({0x7F}, {0x7F},
                                               {0x41, 0x01, 0x20, 0x00, 0x6D, 0x0B});
  const auto out = run(m, {Value::i32(0)});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->trap, Trap::kDivideByZero);
}

TEST(WasmInterpreter, OutOfBoundsLoadTraps) {
  const Bytes m = test::single_function_module({0x7F}, {0x7F},
                                               {0x20, 0x00, 0x28, 0x02, 0x00, 0x0B}, 0, true);
  EXPECT_EQ(run(m, {Value::i32(65532)})->trap, Trap::kNone);
  EXPECT_EQ(run(m, {Value::i32(65533)})->trap, Trap::kMemoryOutOfBounds);
}

TEST(WasmInterpreter, InfiniteRecursionIsATrapNotACrash) {
  // (func $f (call $f))
  const Bytes m = test::single_function_module({}, {}, {0x10, 0x00, 0x0B});
  RuntimeLimits limits;
  limits.max_call_depth = 500;
  const auto out = run(m, {}, {}, limits);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->trap, Trap::kCallStackExhausted);
}

TEST(WasmInterpreter, HostFunctionIsCalled) {
  // (import "env" "twice" (func (param i32) (result i32))) (func (export "f") (param i32)
  //   (result i32) local.get 0 call 0)
  const Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                   0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,
                   0x02, 0x0D, 0x01, 0x03, 'e', 'n', 'v', 0x05, 't', 'w', 'i', 'c', 'e', 0x00, 0x00,
                   0x03, 0x02, 0x01, 0x00,
                   0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x01,
                   0x0A, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0B};
  auto compiled = compile_module(m);
  ASSERT_TRUE(compiled) << compiled.error().to_string();
  Store store;
  Extern twice{ExternKind::kFunc};
  twice.func = store.add_host_function(
      FuncType{{ValType::kI32}, {ValType::kI32}}, [](auto args, auto results) {
        results[0] = static_cast<std::uint32_t>(args[0] * 2);
        return Trap::kNone;
      });
  auto inst = store.instantiate(*compiled, std::vector<Extern>{twice});
  ASSERT_TRUE(inst) << inst.error().to_string();
  const Value arg = Value::i32(21);
  const auto out = store.invoke((*inst)->find_export("f")->func, {&arg, 1});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->results.at(0), Value::i32(42));
}

}  // namespace
}  // namespace plexus::wasm

namespace plexus::wasm {
namespace {

// local.get 0; i32.const 8; i32.add; i32.load offset=`offset` — fused into one instruction, which
// must still wrap the i32 addition before adding the static offset.
Bytes wrapped_load(std::uint8_t offset_leb) {
  return test::single_function_module(
      {0x7F}, {0x7F}, {0x20, 0x00, 0x41, 0x08, 0x6A, 0x28, 0x02, offset_leb, 0x0B}, 0, true);
}

TEST(WasmSuperinstructions, AddressArithmeticWrapsBeforeTheOffset) {
  const auto out = run(wrapped_load(0x00), {Value::i32(0xFFFFFFFCu)});  // address 4
  ASSERT_TRUE(out);
  EXPECT_EQ(out->trap, Trap::kNone);
  // 0xFFFFFFFC + 8 wraps to 4; offset 0x7C makes 0x80, still inside the page.
  EXPECT_EQ(run(wrapped_load(0x7C), {Value::i32(0xFFFFFFFCu)})->trap, Trap::kNone);
  // 0xFFFFFFF0 + 8 does not wrap: far beyond the one-page memory.
  EXPECT_EQ(run(wrapped_load(0x00), {Value::i32(0xFFFFFFF0u)})->trap, Trap::kMemoryOutOfBounds);
}

TEST(WasmSuperinstructions, CompareAndBranchMatchesUnfusedSemantics) {
  // (block (br_if 0 (i32.lt_u (local.get 0) (i32.const 10))) (return (i32.const 1))) i32.const 0
  const Bytes m = test::single_function_module(
      {0x7F}, {0x7F},
      {0x02, 0x40, 0x20, 0x00, 0x41, 0x0A, 0x49, 0x0D, 0x00, 0x41, 0x01, 0x0F, 0x0B, 0x41, 0x00,
       0x0B});
  EXPECT_EQ(run(m, {Value::i32(9)})->results.at(0), Value::i32(0));
  EXPECT_EQ(run(m, {Value::i32(10)})->results.at(0), Value::i32(1));
  EXPECT_EQ(run(m, {Value::i32(0xFFFFFFFFu)})->results.at(0), Value::i32(1));  // unsigned
}

}  // namespace
}  // namespace plexus::wasm
