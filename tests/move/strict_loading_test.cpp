// ModuleStore::strict_loading: the reference loader's publish-time requirements (implemented
// natives, no native structs, published friends), off by default.
#include <gtest/gtest.h>

#include "move/ir/compiler.hpp"
#include "move/vm/module_store.hpp"

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

}  // namespace
}  // namespace plexus::move
