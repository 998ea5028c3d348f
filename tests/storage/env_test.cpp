#include "storage/env.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "storage/faulty_store.hpp"

namespace plexus::kv {
namespace {

Bytes b(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(MemoryStoreFactory, AReopenedStoreHasWhatWasWritten) {
  MemoryStoreFactory stores;
  {
    auto store = stores.open("evm").value();
    ASSERT_TRUE(store->put(b("k"), b("v")));
  }
  auto again = stores.open("evm").value();
  EXPECT_EQ(again->get(b("k")).value(), b("v"));
  auto other = stores.open("wasm").value();
  EXPECT_FALSE(other->get(b("k")).value().has_value());
}

TEST(RocksDbStoreFactory, OpensOneDatabasePerNameBelowItsRoot) {
  const auto root =
      std::filesystem::temp_directory_path() / ("plexus-env-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  {
    RocksDbStoreFactory stores(root);
    auto store = stores.open("primary").value();
    ASSERT_TRUE(store->put(b("k"), b("v"), Durability::kSync));
  }
  EXPECT_TRUE(std::filesystem::is_directory(root / "primary"));
  RocksDbStoreFactory stores(root);
  EXPECT_EQ(stores.open("primary").value()->get(b("k")).value(), b("v"));
  std::filesystem::remove_all(root);
}

TEST(FaultyKvStore, FailsFromTheChosenWriteOnAndAppliesNothingOfIt) {
  MemoryStoreFactory stores;
  FaultyKvStore faulty(stores.backing("x"));
  faulty.inject(FaultyKvStore::Fault::kFail, 1);
  WriteBatch first;
  first.put(b("a"), b("1"));
  ASSERT_TRUE(faulty.write(first, Durability::kSync));
  WriteBatch second;
  second.put(b("b"), b("2"));
  second.put(b("c"), b("3"));
  const auto failed = faulty.write(second, Durability::kSync);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kIo);
  EXPECT_FALSE(faulty.get(b("b")).value().has_value());
  EXPECT_FALSE(faulty.get(b("c")).value().has_value());
  EXPECT_FALSE(faulty.write(first, Durability::kSync));  // and every later one
  faulty.clear();
  EXPECT_TRUE(faulty.write(second, Durability::kSync));
  EXPECT_EQ(faulty.get(b("c")).value(), b("3"));
  EXPECT_EQ(faulty.writes(), 4u);
}

TEST(FaultyKvStore, ACrashLosesTheWriteSilently) {
  MemoryStoreFactory stores;
  FaultyKvStore faulty(stores.backing("x"));
  faulty.inject(FaultyKvStore::Fault::kCrash, 0);
  ASSERT_TRUE(faulty.put(b("a"), b("1")));  // the process believed it written...
  EXPECT_FALSE(stores.open("x").value()->get(b("a")).value().has_value());  // ...it is not
}

}  // namespace
}  // namespace plexus::kv
