// One contract, two backends: every test here runs against MemoryStore and RocksDbStore.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "storage/key_order.hpp"
#include "storage/memory_store.hpp"
#include "storage/rocksdb_store.hpp"
#include "temp_dir.hpp"

namespace plexus::kv {
namespace {

Bytes b(std::string_view s) { return to_bytes(as_bytes(s)); }

struct MemoryBackend {
  std::unique_ptr<KvStore> open() { return std::make_unique<MemoryStore>(); }
};

struct RocksBackend {
  testing::TempDir dir;
  std::unique_ptr<KvStore> open() {
    auto store = RocksDbStore::open(dir.path() / "db");
    if (!store) throw std::runtime_error(store.error().to_string());
    return std::move(*store);
  }
};

template <typename Backend>
class KvStoreTest : public ::testing::Test {
 protected:
  Backend backend;
  std::unique_ptr<KvStore> store = backend.open();

  // Every (key, value) a cursor yields, checking that it ended without error.
  static std::vector<std::pair<Bytes, Bytes>> drain(Cursor& c) {
    std::vector<std::pair<Bytes, Bytes>> out;
    for (; c.valid(); c.next()) out.emplace_back(to_bytes(c.key()), to_bytes(c.value()));
    EXPECT_TRUE(c.status().has_value());
    return out;
  }
};

using Backends = ::testing::Types<MemoryBackend, RocksBackend>;
TYPED_TEST_SUITE(KvStoreTest, Backends);

TYPED_TEST(KvStoreTest, MissingKeyIsNulloptNotError) {
  auto got = this->store->get(b("absent"));
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->has_value());
}

TYPED_TEST(KvStoreTest, PutOverwriteErase) {
  ASSERT_TRUE(this->store->put(b("k"), b("v1")));
  ASSERT_TRUE(this->store->put(b("k"), b("v2")));
  EXPECT_EQ(this->store->get(b("k")).value(), b("v2"));
  ASSERT_TRUE(this->store->erase(b("k")));
  EXPECT_FALSE(this->store->get(b("k")).value().has_value());
  ASSERT_TRUE(this->store->erase(b("never-there")));  // deleting nothing is fine
}

TYPED_TEST(KvStoreTest, EmptyValueIsPresent) {
  ASSERT_TRUE(this->store->put(b("k"), {}));
  auto got = this->store->get(b("k")).value();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->empty());
}

TYPED_TEST(KvStoreTest, BinaryKeysAndValues) {
  const Bytes key{0x00, 0xff, 0x00}, value{0x00, 0x00, 0x01};
  ASSERT_TRUE(this->store->put(key, value));
  EXPECT_EQ(this->store->get(key).value(), value);
  EXPECT_FALSE(this->store->get(Bytes{0x00, 0xff}).value().has_value());
}

TYPED_TEST(KvStoreTest, BatchOpsApplyInOrder) {
  ASSERT_TRUE(this->store->put(b("gone"), b("x")));
  WriteBatch batch;
  batch.put(b("a"), b("1"));
  batch.erase(b("a"));
  batch.put(b("b"), b("1"));
  batch.put(b("b"), b("2"));
  batch.erase(b("gone"));
  ASSERT_TRUE(this->store->write(batch, Durability::kSync));
  EXPECT_FALSE(this->store->get(b("a")).value().has_value());
  EXPECT_EQ(this->store->get(b("b")).value(), b("2"));
  EXPECT_FALSE(this->store->get(b("gone")).value().has_value());
}

TYPED_TEST(KvStoreTest, LargeBatchKeepsTheLastOperationPerKey) {
  // Keys that share long prefixes, are prefixes of one another or end in zero bytes, each
  // written and erased several times in one batch: a backend that reorders the batch must still
  // let the last operation on each key win.
  std::mt19937 rng(3);
  std::map<Bytes, std::optional<Bytes>, KeyLess> model;
  WriteBatch batch;
  for (int i = 0; i < 3000; ++i) {
    Bytes key(std::uniform_int_distribution<std::size_t>(0, 12)(rng));
    for (Byte& c : key) c = static_cast<Byte>(rng() % 3);
    if (rng() % 4 == 0) {
      batch.erase(key);
      model[key] = std::nullopt;
    } else {
      const Bytes value{static_cast<Byte>(i), static_cast<Byte>(i >> 8)};
      batch.put(key, value);
      model[key] = value;
    }
  }
  ASSERT_TRUE(this->store->write(batch, Durability::kSync));
  std::vector<std::pair<Bytes, Bytes>> expected;
  for (const auto& [key, value] : model)
    if (value) expected.emplace_back(key, *value);
  EXPECT_EQ(this->drain(*this->store->scan({})), expected);
}

TYPED_TEST(KvStoreTest, ScanIsOrderedAndBoundedByPrefix) {
  for (const char* k : {"p/b", "p/a", "q", "p", "o/z", "p/\xff", "p/a/1"})
    ASSERT_TRUE(this->store->put(b(k), b(std::string("v") + k)));
  auto in_p = this->drain(*this->store->scan(b("p/")));
  ASSERT_EQ(in_p.size(), 4u);
  EXPECT_EQ(in_p[0].first, b("p/a"));
  EXPECT_EQ(in_p[1].first, b("p/a/1"));
  EXPECT_EQ(in_p[2].first, b("p/b"));
  EXPECT_EQ(in_p[3].first, b("p/\xff"));  // bytes compare unsigned: 0xff sorts last
  EXPECT_EQ(in_p[3].second, b("vp/\xff"));
  EXPECT_EQ(this->drain(*this->store->scan({})).size(), 7u);
  EXPECT_TRUE(this->drain(*this->store->scan(b("r"))).empty());
}

TYPED_TEST(KvStoreTest, SnapshotIgnoresLaterWrites) {
  ASSERT_TRUE(this->store->put(b("a"), b("old")));
  ASSERT_TRUE(this->store->put(b("c"), b("old")));
  auto snap = this->store->snapshot();
  WriteBatch batch;
  batch.put(b("a"), b("new"));
  batch.put(b("b"), b("new"));
  batch.erase(b("c"));
  ASSERT_TRUE(this->store->write(batch, Durability::kBuffered));

  EXPECT_EQ(snap->get(b("a")).value(), b("old"));
  EXPECT_FALSE(snap->get(b("b")).value().has_value());
  EXPECT_EQ(snap->get(b("c")).value(), b("old"));
  auto seen = this->drain(*snap->scan({}));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].first, b("c"));
  EXPECT_EQ(this->store->get(b("a")).value(), b("new"));
}

TYPED_TEST(KvStoreTest, CursorReadsStateAtCreation) {
  ASSERT_TRUE(this->store->put(b("k1"), b("1")));
  auto cursor = this->store->scan(b("k"));
  ASSERT_TRUE(this->store->put(b("k2"), b("2")));
  ASSERT_TRUE(this->store->erase(b("k1")));
  auto seen = this->drain(*cursor);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, b("k1"));
}

TYPED_TEST(KvStoreTest, SnapshotOutlivesStore) {
  ASSERT_TRUE(this->store->put(b("k"), b("v")));
  auto snap = this->store->snapshot();
  this->store.reset();
  EXPECT_EQ(snap->get(b("k")).value(), b("v"));
  EXPECT_EQ(this->drain(*snap->scan({})).size(), 1u);
}

}  // namespace
}  // namespace plexus::kv
