// Publishing whole frameworks into a store: dependency order is worked out from the handles,
// missing dependencies and duplicates are refused.
#include <gtest/gtest.h>

#include <algorithm>

#include "corpus.hpp"
#include "move/vm/module_store.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

std::vector<CompiledModule> folders(const std::filesystem::path& dir,
                                    std::initializer_list<const char*> names) {
  std::vector<CompiledModule> out;
  for (const char* n : names) {
    auto part = testing::load_folder(dir, n);
    out.insert(out.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  return out;
}

struct Framework {
  std::initializer_list<const char*> folders;
  std::size_t modules;
};

TEST(MoveModuleStore, PublishesEveryFrameworkInDependencyOrder) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  const Framework frameworks[] = {{{"rooch-framework-r27"}, 134},
                                  {{"stdlib", "hooks"}, 82},
                                  {{"minlib"}, 77},
                                  {{"v12"}, 96},
                                  {{"v11"}, 82}};
  for (const auto& fw : frameworks) {
    ModuleStore store;
    auto modules = folders(dir, fw.folders);
    ASSERT_EQ(modules.size(), fw.modules);
    // Reverse the (alphabetical) input so the store really has to order them.
    std::reverse(modules.begin(), modules.end());
    const auto r = store.publish_bundle(std::move(modules));
    ASSERT_TRUE(r) << *fw.folders.begin() << ": " << r.error().to_string();
    EXPECT_EQ(store.size(), fw.modules);
  }
}

TEST(MoveModuleStore, RefusesMissingDependenciesAndIncompatibleUpgrades) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  auto stdlib = testing::load_folder(dir, "MoveStdlib");
  ModuleStore store;
  const auto option = std::ranges::find_if(
      stdlib, [](const CompiledModule& m) { return self_id(m).name == "option"; });
  ASSERT_NE(option, stdlib.end());
  const auto missing = store.publish(*option);  // needs 0x1::vector
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, StatusCode::MISSING_DEPENDENCY);
  ASSERT_TRUE(store.publish_bundle(stdlib));
  // Publishing again is an upgrade: the same module is compatible with itself...
  const auto again = store.publish(*option);
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(store.size(), stdlib.size());
  // ...but a struct may not lose abilities.
  CompiledModule weaker = *option;
  for (auto& h : weaker.struct_handles)
    if (h.module == weaker.self_module_handle) h.abilities = AbilitySet{};
  const auto incompatible = store.publish(std::move(weaker));
  ASSERT_FALSE(incompatible);
  EXPECT_EQ(incompatible.error().status, StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE);
  // The store still runs the old version.
  const LoadedModule* kept = store.find(self_id(*option));
  ASSERT_NE(kept, nullptr);
  EXPECT_NE(kept->module.struct_handles[kept->module.struct_defs[0].handle].abilities.bits, 0);
}

}  // namespace
}  // namespace plexus::move
