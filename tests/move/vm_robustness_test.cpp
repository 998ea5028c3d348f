// Bad input reaching the VM ends in a VM error status, never a crash: arguments of the wrong
// type for an entry function, a script whose vector instruction has the wrong number of type
// arguments, and a reference left dangling by code our verifier admits.
#include <gtest/gtest.h>

#include "move/ir/compiler.hpp"
#include "move/verifier/verifier.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

constexpr std::size_t kAddressLength = 16;

template <typename T>
T assemble(std::string_view text, const std::vector<const CompiledModule*>& deps = {}) {
  auto r = ir::assemble(text, deps);
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<T>(*r)) return {};
  return std::get<T>(std::move(*r));
}

const char* kStore = R"(module 0x42.Store {
    struct Item has key { value: u64 }
    public put(account: &signer, value: u64) {
    label b0:
        move_to<Item>(move(account), Item { value: move(value) });
        return;
    }
    public put_then_abort(account: &signer) {
    label b0:
        move_to<Item>(move(account), Item { value: 1 });
        abort 3;
    }
    public bump_then_abort(owner: address) acquires Item {
        let r: &mut Self.Item;
    label b0:
        r = borrow_global_mut<Item>(move(owner));
        *&mut move(r).Item::value = 99;
        abort 4;
    }
    public take_then_abort(owner: address) acquires Item {
        let value: u64;
    label b0:
        Item { value } = move_from<Item>(move(owner));
        abort 5;
    }
    public get(owner: address): u64 acquires Item {
    label b0:
        return *&borrow_global<Item>(move(owner)).Item::value;
    }
})";

Bytes address(std::uint8_t last) {
  Bytes a(kAddressLength, 0);
  a.back() = last;
  return a;
}

struct Vm {
  ModuleStore store;
  GlobalStorage storage;
  VmConfig config = [] {
    VmConfig c;
    c.address_length = kAddressLength;
    return c;
  }();
};

// Before arguments were checked, an address passed for a `&signer` parameter reached MoveTo,
// which read it as a signer's container and dereferenced null.
TEST(MoveVmRobustness, ArgumentsAreCheckedAgainstParameterTypes) {
  Vm env;
  ASSERT_TRUE(env.store.publish(assemble<CompiledModule>(kStore)));
  MoveVm vm(env.store, env.storage, env.config);
  const ModuleId id{address(0x42), "Store"};
  // An address for a signer is the signer of that address (as BCS arguments are read).
  auto ok = vm.execute(id, "put", {}, {Value::address_of(address(1)), Value::u64(7)});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(env.storage.size(), 1u);
  for (auto bad : {std::vector<Value>{Value::u64(1), Value::u64(7)},
                   std::vector<Value>{Value::address_of(address(2)), Value::boolean(true)},
                   std::vector<Value>{Value::address_of(Bytes(3, 0)), Value::u64(7)},
                   std::vector<Value>{Value{}, Value::u64(7)},
                   std::vector<Value>{Value::make_struct({}), Value::u64(7)}}) {
    auto r = vm.execute(id, "put", {}, std::move(bad));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().status, StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT);
  }
  auto count = vm.execute(id, "put", {}, {Value::address_of(address(3))});
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().status, StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH);
  // BCS arguments: the bytes of an address for the signer, eight bytes for the u64.
  Bytes seven(8, 0);
  seven[0] = 7;
  auto bcs = vm.execute_bcs(id, "put", {}, {address(4), seven});
  ASSERT_TRUE(bcs) << bcs.error().to_string();
  auto truncated = vm.execute_bcs(id, "put", {}, {address(5), Bytes(7, 0)});
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().status, StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT);
  auto type_args = vm.execute(id, "put", {Type::of(TypeKind::kU64)},
                              {Value::address_of(address(6)), Value::u64(7)});
  ASSERT_FALSE(type_args);
  EXPECT_EQ(type_args.error().status, StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
}

// An execution that aborts leaves global storage as it found it.
TEST(MoveVmRobustness, AbortedExecutionChangesNoResource) {
  Vm env;
  ASSERT_TRUE(env.store.publish(assemble<CompiledModule>(kStore)));
  MoveVm vm(env.store, env.storage, env.config);
  const ModuleId id{address(0x42), "Store"};
  ASSERT_TRUE(vm.execute(id, "put", {}, {Value::address_of(address(1)), Value::u64(7)}));
  auto expect_abort = [&](const char* fn, Value arg, std::uint64_t code) {
    auto r = vm.execute(id, fn, {}, {std::move(arg)});
    ASSERT_FALSE(r) << fn;
    EXPECT_EQ(r.error().status, StatusCode::ABORTED) << fn;
    EXPECT_EQ(r.error().abort_code, code) << fn;
  };
  expect_abort("put_then_abort", Value::address_of(address(2)), 3);
  expect_abort("bump_then_abort", Value::address_of(address(1)), 4);
  expect_abort("take_then_abort", Value::address_of(address(1)), 5);
  EXPECT_EQ(env.storage.size(), 1u);
  auto value = vm.execute(id, "get", {}, {Value::address_of(address(1))});
  ASSERT_TRUE(value) << value.error().to_string();
  ASSERT_EQ(value->returns.size(), 1u);
  EXPECT_EQ(value->returns[0].as_u64(), 7u);
}

// A script's code was not run through the signature pass, so type safety read the element type
// of `vec_pack_0<u64, bool>` from an instantiation of the wrong length.
TEST(MoveVmRobustness, VectorInstructionWithWrongTypeArgumentCount) {
  Vm env;
  MoveVm vm(env.store, env.storage, env.config);
  for (const char* text : {"main() { label b0: _ = vec_pack_0<u64, bool>(); return; }",
                           "main() { label b0: _ = vec_pack_0<>(); return; }"}) {
    const auto script = assemble<CompiledScript>(text);
    auto verified = verify_script(script);
    ASSERT_FALSE(verified) << text;
    EXPECT_EQ(verified.error().status, StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
    auto run = vm.execute_script(script, {}, {});
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().status, StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
  }
  const auto reference =
      assemble<CompiledScript>("main() { label b0: _ = vec_pack_0<&u64>(); return; }");
  auto verified = verify_script(reference);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().status, StatusCode::INVALID_SIGNATURE_TOKEN);
}

// Writing through a reference to a popped vector element must fail cleanly, whichever layer
// (verifier or interpreter) notices.
TEST(MoveVmRobustness, DanglingVectorElementReference) {
  Vm env;
  MoveVm vm(env.store, env.storage, env.config);
  const auto script = assemble<CompiledScript>(R"(main() {
    let v: vector<u64>;
    let vref: &mut vector<u64>;
    let r: &mut u64;
label b0:
    v = vec_pack_1<u64>(0);
    vref = &mut v;
    r = vec_mut_borrow<u64>(copy(vref), 0);
    _ = vec_pop_back<u64>(move(vref));
    *move(r) = 1;
    return;
})");
  auto run = vm.execute_script(script, {}, {});
  ASSERT_FALSE(run);
  EXPECT_NE(run.error().status, StatusCode::EXECUTED);
}

// Values nested deeper than the VM allows are refused when they would be built.
TEST(MoveVmRobustness, ValueDepthLimit) {
  Vm env;
  ASSERT_TRUE(env.store.publish(assemble<CompiledModule>(R"(module 0x42.Deep {
    struct Box<T> has drop { x: T }
    public empty<T: drop>() {
    label b0:
        _ = vec_pack_0<T>();
        return;
    }
})")));
  MoveVm vm(env.store, env.storage, env.config);
  const ModuleId id{address(0x42), "Deep"};
  const LoadedModule* m = env.store.find(id);
  ASSERT_NE(m, nullptr);
  const auto box = m->find_struct("Box");
  ASSERT_TRUE(box);
  auto boxes = [&](int n) {  // Box<Box<...<u8>>>, a value of depth n + 1
    Type t = Type::of(TypeKind::kU8);
    for (int i = 0; i < n; ++i) t = Type{TypeKind::kStruct, m, *box, {std::move(t)}};
    return t;
  };
  // vector<T> adds one level: 126 boxes + u8 + vector = 128, the limit.
  auto ok = vm.execute(id, "empty", {boxes(126)}, {});
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto deep = vm.execute(id, "empty", {boxes(127)}, {});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().status, StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
}

}  // namespace
}  // namespace plexus::move
