// RocksDbStore behaviour beyond the shared contract: persistence, directory creation and errors.
#include <gtest/gtest.h>

#include <fstream>

#include "storage/rocksdb_store.hpp"
#include "temp_dir.hpp"

namespace plexus::kv {
namespace {

Bytes b(std::string_view s) { return to_bytes(as_bytes(s)); }

TEST(RocksDbStore, CreatesNestedDirectoryAndPersistsAcrossReopen) {
  testing::TempDir tmp;
  const auto dir = tmp.path() / "a" / "b" / "db";
  {
    auto store = RocksDbStore::open(dir);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    ASSERT_TRUE((*store)->put(b("k"), b("v"), Durability::kSync));
  }
  auto store = RocksDbStore::open(dir);
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  EXPECT_EQ((*store)->get(b("k")).value(), b("v"));
}

TEST(RocksDbStore, SecondOpenOfSameDirectoryIsAnIoError) {
  testing::TempDir tmp;
  auto first = RocksDbStore::open(tmp.path());
  ASSERT_TRUE(first.has_value());
  auto second = RocksDbStore::open(tmp.path());
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, Errc::kIo);
  EXPECT_NE(second.error().message.find("rocksdb"), std::string::npos);
}

TEST(RocksDbStore, PathThatIsAFileIsAnError) {
  testing::TempDir tmp;
  const auto file = tmp.path() / "file";
  std::ofstream(file) << "x";
  auto store = RocksDbStore::open(file);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, Errc::kIo);
}

}  // namespace
}  // namespace plexus::kv
