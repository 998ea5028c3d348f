// Unverified code under the run-time checks: the paranoid type checks stop ill-typed code with
// the reference's statuses, and the value guard keeps the interpreter well defined without them.
#include <gtest/gtest.h>

#include "move/ir/compiler.hpp"
#include "move/vm/runtime.hpp"
#include "move/vm/runtime_type_checks.hpp"

namespace plexus::move {
namespace {

constexpr std::size_t kAddressLength = 16;

const char* kIllTyped = R"(module 0x42.T {
    struct S has drop { v: u64 }
    struct N { v: u64 }
    public make_n(): Self.N {
    label b0:
        return N { v: 1 };
    }
    public copy_n() {
        let n: Self.N;
        let m: Self.N;
    label b0:
        n = Self.make_n();
        m = copy(n);
        return;
    }
    public add_bool(): u64 {
    label b0:
        return 1 + true;
    }
    public write_wrong() {
        let s: Self.S;
        let r: &mut u64;
    label b0:
        s = S { v: 0 };
        r = &mut (&mut s).S::v;
        *move(r) = true;
        return;
    }
    public take_s(s: Self.S) {
        let x: u64;
    label b0:
        S { v: x } = move(s);
        return;
    }
    public call_wrong() {
    label b0:
        Self.take_s(7);
        return;
    }
    public fine(): u64 {
        let s: Self.S;
    label b0:
        s = S { v: 41 };
        return *&(&s).S::v + 1;
    }
})";

CompiledModule ill_typed() {
  auto r = ir::assemble(kIllTyped, {});
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<CompiledModule>(*r)) return {};
  return std::get<CompiledModule>(std::move(*r));
}

struct Fixture {
  ModuleStore store;
  GlobalStorage storage;
  ModuleId id;

  Fixture() {
    store.skip_verification_for_testing();
    auto m = ill_typed();
    id = self_id(m);
    auto published = store.publish(std::move(m));
    EXPECT_TRUE(published) << (published ? "" : published.error().to_string());
  }
  VmResult<ExecutionResult> run(const char* fn, bool paranoid) {
    VmConfig config;
    config.address_length = kAddressLength;
    config.paranoid_type_checks = paranoid;
    MoveVm vm(store, storage, config);
    return vm.execute(id, fn, {}, {});
  }
};

StatusCode status_of(const VmResult<ExecutionResult>& r) {
  return r ? StatusCode::EXECUTED : r.error().status;
}

TEST(MoveRuntimeTypeChecks, VerifiedStoreRefusesIllTypedModule) {
  ModuleStore store;
  EXPECT_TRUE(store.verifies());
  EXPECT_FALSE(store.publish(ill_typed()));
}

TEST(MoveRuntimeTypeChecks, WellTypedCodeRunsAlike) {
  Fixture fx;
  for (bool paranoid : {false, true}) {
    auto r = fx.run("fine", paranoid);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->returns.size(), 1u);
    EXPECT_EQ(r->returns[0].as_u64(), 42u);
  }
}

TEST(MoveRuntimeTypeChecks, AbilitiesAreCheckedOnlyWhenParanoid) {
  Fixture fx;
  EXPECT_TRUE(fx.run("copy_n", false));
  EXPECT_EQ(status_of(fx.run("copy_n", true)), StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR);
}

TEST(MoveRuntimeTypeChecks, WrongValueKindIsAnInternalTypeErrorInBothModes) {
  Fixture fx;
  for (bool paranoid : {false, true})
    EXPECT_EQ(status_of(fx.run("add_bool", paranoid)), StatusCode::INTERNAL_TYPE_ERROR);
}

TEST(MoveRuntimeTypeChecks, WriteOfAnotherTypeThroughAReference) {
  Fixture fx;
  EXPECT_TRUE(fx.run("write_wrong", false));
  EXPECT_EQ(status_of(fx.run("write_wrong", true)), StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR);
}

TEST(MoveRuntimeTypeChecks, CallArgumentTypesAreAttributedOutsideTheCaller) {
  Fixture fx;
  // Unchecked, the callee's unpack meets a u64.
  EXPECT_EQ(status_of(fx.run("call_wrong", false)), StatusCode::INTERNAL_TYPE_ERROR);
  auto r = fx.run("call_wrong", true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR);
  // The entry function has no caller: the reference reports no location.
  EXPECT_FALSE(r.error().message.starts_with("0x")) << r.error().message;
}

TEST(MoveRuntimeTypeChecks, EmptyOperandStack) {
  CompiledScript s;
  s.version_word = 6;
  s.address_length = kAddressLength;
  s.signatures = {{}};
  s.parameters = 0;
  s.code.locals = 0;
  s.code.code = {{Opcode::Pop, 0, 0}, {Opcode::Ret, 0, 0}};
  ModuleStore store;
  store.skip_verification_for_testing();
  GlobalStorage storage;
  VmConfig config;
  config.address_length = kAddressLength;
  MoveVm vm(store, storage, config);
  auto r = vm.execute_script(s, {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::EMPTY_VALUE_STACK);
}

TEST(MoveRuntimeTypeChecks, ValueFitsItsType) {
  using detail::value_fits;
  const Type u64 = Type::of(TypeKind::kU64);
  const Type vec = Type::of(TypeKind::kVector, {u64});
  EXPECT_TRUE(value_fits(Value::u64(1), u64));
  EXPECT_FALSE(value_fits(Value::boolean(true), u64));
  EXPECT_TRUE(value_fits(Value::vector({Value::u64(1), Value::u64(2)}), vec));
  EXPECT_FALSE(value_fits(Value::vector({Value::u64(1), Value::boolean(false)}), vec));
  auto cell = std::make_shared<Container>();
  cell->elems.push_back(Value::u64(3));
  EXPECT_TRUE(value_fits(Value::ref(cell, 0), Type::of(TypeKind::kReference, {u64})));
  EXPECT_FALSE(value_fits(Value::ref(cell, 1), Type::of(TypeKind::kReference, {u64})));
  EXPECT_TRUE(value_fits(Value::signer(Bytes(kAddressLength, 1)), Type::of(TypeKind::kSigner)));
}

}  // namespace
}  // namespace plexus::move
