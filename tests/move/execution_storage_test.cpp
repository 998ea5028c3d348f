// Global storage scenario on a module built in the test: publish it, move_to a resource,
// borrow_global_mut it, read it, move_from it; a second move_to to the same address fails.
#include <gtest/gtest.h>

#include "move/binary/binary.hpp"
#include "move/binary/module_builder.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

using I = Instruction;

Bytes account(std::uint8_t last) {
  Bytes a(32, 0);
  a.back() = last;
  return a;
}

const SignatureToken kU64{TokenKind::kU64, 0, {}};
const SignatureToken kAddress{TokenKind::kAddress, 0, {}};
const SignatureToken kBool{TokenKind::kBool, 0, {}};

// module 0x42::counter { struct Counter has key { value: u64 } ... }
CompiledModule counter_module() {
  ModuleBuilder b(account(0x42), "counter");
  const TableIndex counter =
      b.add_struct("Counter", AbilitySet{AbilitySet::kKey}, {{"value", kU64}});
  const TableIndex value = b.field_handle(counter, 0);
  const SignatureToken signer_ref{TokenKind::kReference, 0, {{TokenKind::kSigner, 0, {}}}};
  const SignatureToken u64_mut{TokenKind::kMutableReference, 0, {kU64}};
  b.add_function({"publish",
                  Visibility::kPublic,
                  true,
                  {signer_ref, kU64},
                  {},
                  {},
                  {{Opcode::MoveLoc, 0, 0},
                   {Opcode::MoveLoc, 1, 0},
                   {Opcode::Pack, counter, 0},
                   {Opcode::MoveTo, counter, 0},
                   {Opcode::Ret, 0, 0}},
                  {},
                  {}});
  b.add_function({"increment",
                  Visibility::kPublic,
                  true,
                  {kAddress},
                  {},
                  {u64_mut},
                  {{Opcode::MoveLoc, 0, 0},
                   {Opcode::MutBorrowGlobal, counter, 0},
                   {Opcode::MutBorrowField, value, 0},
                   {Opcode::StLoc, 1, 0},
                   {Opcode::CopyLoc, 1, 0},
                   {Opcode::ReadRef, 0, 0},
                   {Opcode::LdU64, 0, 1},
                   {Opcode::Add, 0, 0},
                   {Opcode::MoveLoc, 1, 0},
                   {Opcode::WriteRef, 0, 0},
                   {Opcode::Ret, 0, 0}},
                  {counter},
                  {}});
  b.add_function({"get",
                  Visibility::kPublic,
                  false,
                  {kAddress},
                  {kU64},
                  {},
                  {{Opcode::MoveLoc, 0, 0},
                   {Opcode::ImmBorrowGlobal, counter, 0},
                   {Opcode::ImmBorrowField, value, 0},
                   {Opcode::ReadRef, 0, 0},
                   {Opcode::Ret, 0, 0}},
                  {counter},
                  {}});
  b.add_function({"take",
                  Visibility::kPublic,
                  false,
                  {kAddress},
                  {kU64},
                  {},
                  {{Opcode::MoveLoc, 0, 0},
                   {Opcode::MoveFrom, counter, 0},
                   {Opcode::Unpack, counter, 0},
                   {Opcode::Ret, 0, 0}},
                  {counter},
                  {}});
  b.add_function({"exists_at",
                  Visibility::kPublic,
                  false,
                  {kAddress},
                  {kBool},
                  {},
                  {{Opcode::MoveLoc, 0, 0}, {Opcode::Exists, counter, 0}, {Opcode::Ret, 0, 0}},
                  {},
                  {}});
  return std::move(b).build();
}

class MoveStorageScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    // Through the binary format and back, so the scenario also exercises the serializer.
    auto module = deserialize_module(serialize_module(counter_module()));
    ASSERT_TRUE(module) << module.error().to_string();
    auto published = store_.publish(std::move(*module));
    ASSERT_TRUE(published) << published.error().to_string();
  }

  VmResult<ExecutionResult> run(const std::string& fn, std::vector<Value> args) {
    MoveVm vm(store_, storage_);
    return vm.execute(ModuleId{account(0x42), "counter"}, fn, {}, std::move(args));
  }

  ModuleStore store_;
  GlobalStorage storage_;
  const Bytes alice_ = account(0xA1);
};

TEST_F(MoveStorageScenario, MoveToBorrowGlobalMutMoveFrom) {
  auto r = run("exists_at", {Value::address_of(alice_)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->returns[0].as_bool());

  ASSERT_TRUE(run("publish", {Value::signer(alice_), Value::u64(10)}));
  EXPECT_EQ(storage_.size(), 1u);
  r = run("exists_at", {Value::address_of(alice_)});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->returns[0].as_bool());

  for (int i = 0; i < 3; ++i) {
    auto inc = run("increment", {Value::address_of(alice_)});
    ASSERT_TRUE(inc) << inc.error().to_string();
  }
  r = run("get", {Value::address_of(alice_)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->returns[0].as_u64(), 13u);

  r = run("take", {Value::address_of(alice_)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->returns[0].as_u64(), 13u);
  EXPECT_EQ(storage_.size(), 0u);

  r = run("get", {Value::address_of(alice_)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::MISSING_DATA);
}

TEST_F(MoveStorageScenario, SecondMoveToFails) {
  ASSERT_TRUE(run("publish", {Value::signer(alice_), Value::u64(1)}));
  const auto again = run("publish", {Value::signer(alice_), Value::u64(2)});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status, StatusCode::RESOURCE_ALREADY_EXISTS);
  EXPECT_NE(again.error().message.find("counter::publish"), std::string::npos);
  const auto r = run("get", {Value::address_of(alice_)});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->returns[0].as_u64(), 1u);  // the first resource is untouched
}

TEST_F(MoveStorageScenario, ResourcesArePerAddress) {
  const Bytes bob = account(0xB0);
  ASSERT_TRUE(run("publish", {Value::signer(alice_), Value::u64(1)}));
  ASSERT_TRUE(run("publish", {Value::signer(bob), Value::u64(2)}));
  ASSERT_TRUE(run("increment", {Value::address_of(bob)}));
  EXPECT_EQ(run("get", {Value::address_of(alice_)})->returns[0].as_u64(), 1u);
  EXPECT_EQ(run("get", {Value::address_of(bob)})->returns[0].as_u64(), 3u);
}

}  // namespace
}  // namespace plexus::move
