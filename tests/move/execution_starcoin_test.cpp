// Executing Starcoin framework code: bytecode v4 (release v11) and v6 (v12), 16-byte addresses,
// capitalised stdlib module names mapped onto the same natives.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "move/vm/runtime.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

TEST(MoveStarcoinExecution, VectorAndBcsOnBothReleases) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  for (const char* release : {"v11", "v12"}) {
    ModuleStore store;
    auto published = store.publish_bundle(testing::load_folder(dir, release));
    ASSERT_TRUE(published) << release << ": " << published.error().to_string();
    GlobalStorage storage;
    VmConfig config;
    config.address_length = 16;
    MoveVm vm(store, storage, config);
    const Type u64 = Type::of(TypeKind::kU64);

    auto r = vm.execute({testing::address(1, 16), "Vector"}, "reverse", {u64},
                        {testing::u64_vector({1, 2, 3})});
    ASSERT_TRUE(r) << release << ": " << r.error().to_string();
    EXPECT_TRUE(equals(r->mutable_references.at(0), testing::u64_vector({3, 2, 1})));

    r = vm.execute({testing::address(1, 16), "Vector"}, "remove", {u64},
                   {testing::u64_vector({7, 8, 9}), Value::u64(1)});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->returns.at(0).as_u64(), 8u);
    EXPECT_TRUE(equals(r->mutable_references.at(0), testing::u64_vector({7, 9})));

    r = vm.execute({testing::address(1, 16), "BCS"}, "to_bytes", {Type::of(TypeKind::kAddress)},
                   {Value::address_of(testing::address(1, 16))});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(bytes_of(r->returns.at(0)), testing::address(1, 16));  // 16 bytes, no length prefix
  }
}

TEST(MoveStarcoinExecution, UnsupportedNativesAreNamed) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  ModuleStore store;
  ASSERT_TRUE(store.publish_bundle(testing::load_folder(dir, "v12")));
  GlobalStorage storage;
  MoveVm vm(store, storage);
  // Signature::ed25519_validate_pubkey is a Starcoin crypto native this VM does not provide.
  const auto r = vm.execute({testing::address(1, 16), "Signature"}, "ed25519_validate_pubkey", {},
                            {Value::bytes(Bytes(32, 1))});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::NATIVE_NOT_SUPPORTED);
  EXPECT_NE(r.error().message.find("native not supported: Signature::ed25519_validate_pubkey"),
            std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace plexus::move
