// Loader rules of the module store: strict loading (implemented natives, no native structs,
// published friends; off by default), and modules that a relaxed upgrade of a dependency broke.
#include <gtest/gtest.h>

#include "move/ir/compiler.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

CompiledModule module_of(std::string_view text) {
  auto r = ir::assemble(text, {});
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<CompiledModule>(*r)) return {};
  return std::get<CompiledModule>(std::move(*r));
}

StatusCode publish_status(const CompiledModule& m, bool strict) {
  ModuleStore store;
  if (strict) store.strict_loading();
  auto r = store.publish(m);
  return r ? StatusCode::EXECUTED : r.error().status;
}

TEST(MoveStrictLoading, UnimplementedNativeIsAMissingDependency) {
  const auto m = module_of(R"(module 0x42.Hash {
    native public sha2_256(data: vector<u8>): vector<u8>;
})");
  EXPECT_EQ(publish_status(m, false), StatusCode::EXECUTED);
  EXPECT_EQ(publish_status(m, true), StatusCode::MISSING_DEPENDENCY);
}

TEST(MoveStrictLoading, FriendsMustBePublished) {
  const auto m = module_of(R"(module 0x42.M {
    friend 0x42.Nonexistent;
})");
  EXPECT_EQ(publish_status(m, false), StatusCode::EXECUTED);
  EXPECT_EQ(publish_status(m, true), StatusCode::LINKER_ERROR);
  ModuleStore store;
  store.strict_loading();
  ASSERT_TRUE(store.publish(module_of("module 0x42.Nonexistent {}")));
  EXPECT_TRUE(store.publish(m));
}

TEST(MoveStrictLoading, RelaxedUpgradeLeavesBrokenDependentsUnloadable) {
  const auto a = module_of(R"(module 0x42.A {
    public f(): u64 {
    label b0:
        return 1;
    }
    public g(): u64 {
    label b0:
        return 2;
    }
})");
  ModuleStore store;
  ASSERT_TRUE(store.publish(a));
  auto b = ir::assemble(R"(module 0x43.B {
    import 0x42.A;
    public h(): u64 {
    label b0:
        return A.f();
    }
})",
                        {&a});
  ASSERT_TRUE(b);
  const ModuleId b_id = self_id(std::get<CompiledModule>(*b));
  ASSERT_TRUE(store.publish(std::get<CompiledModule>(std::move(*b))));
  const auto a2 = module_of(R"(module 0x42.A {
    public g(): u64 {
    label b0:
        return 2;
    }
})");
  // Dropping a public function is refused unless the linking checks are relaxed.
  EXPECT_FALSE(store.publish(a2));
  UpgradePolicy relaxed;
  relaxed.check_struct_and_function_linking = false;
  ASSERT_TRUE(store.publish(a2, relaxed));
  GlobalStorage storage;
  VmConfig config;
  config.address_length = 16;
  MoveVm vm(store, storage, config);
  auto broken = vm.execute(b_id, "h", {}, {});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().status, StatusCode::UNEXPECTED_VERIFIER_ERROR);
  EXPECT_TRUE(broken.error().message.starts_with("0x43::B")) << broken.error().message;
  EXPECT_TRUE(vm.execute(self_id(a), "g", {}, {}));
}

}  // namespace
}  // namespace plexus::move
