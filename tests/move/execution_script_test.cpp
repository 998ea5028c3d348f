// Scripts: verified, linked against published modules and executed.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "move/vm/runtime.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

const SignatureToken kU64{TokenKind::kU64, 0, {}};

// script { fun main(a: u64, b: u64) { if (0x1::u64::max(a, b) != 7) abort 42 } }
CompiledScript max_script() {
  CompiledScript s;
  s.version_word = 6;
  s.address_length = 32;
  s.address_identifiers = {testing::address(1)};
  s.identifiers = {"u64", "max"};
  s.module_handles = {{0, 0}};
  s.signatures = {{kU64, kU64}, {kU64}, {}};
  s.function_handles = {{0, 1, 0, 1, {}, {}}};
  s.parameters = 0;
  s.code.locals = 2;
  s.code.code = {{Opcode::MoveLoc, 0, 0}, {Opcode::MoveLoc, 1, 0}, {Opcode::Call, 0, 0},
                 {Opcode::LdU64, 0, 7},   {Opcode::Neq, 0, 0},     {Opcode::BrFalse, 8, 0},
                 {Opcode::LdU64, 0, 42},  {Opcode::Abort, 0, 0},   {Opcode::Ret, 0, 0}};
  return s;
}

TEST(MoveScripts, LinkAndRun) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  ModuleStore store;
  ASSERT_TRUE(store.publish_bundle(testing::load_folder(dir, "MoveStdlib")));
  GlobalStorage storage;
  MoveVm vm(store, storage);
  // Through the serializer and deserializer first.
  const auto script = deserialize_script(serialize_script(max_script()));
  ASSERT_TRUE(script) << script.error().to_string();
  auto ok = vm.execute_script(*script, {}, {Value::u64(7), Value::u64(3)});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_TRUE(ok->returns.empty());
  auto aborted = vm.execute_script(*script, {}, {Value::u64(1), Value::u64(3)});
  ASSERT_FALSE(aborted);
  EXPECT_EQ(aborted.error().status, StatusCode::ABORTED);
  EXPECT_EQ(aborted.error().abort_code, 42u);
}

TEST(MoveScripts, MissingDependencyAndBadCodeAreRejected) {
  ModuleStore empty;
  GlobalStorage storage;
  MoveVm vm(empty, storage);
  auto r = vm.execute_script(max_script(), {}, {Value::u64(7), Value::u64(3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::LINKER_ERROR);
  auto bad = max_script();
  bad.code.code[4].op = Opcode::Add;  // u64 where BrFalse needs bool
  r = vm.execute_script(bad, {}, {Value::u64(7), Value::u64(3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::BR_TYPE_MISMATCH_ERROR);
}

}  // namespace
}  // namespace plexus::move
