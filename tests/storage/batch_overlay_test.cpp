#include "storage/batch_overlay.hpp"

#include <gtest/gtest.h>

#include "storage/memory_store.hpp"

namespace plexus::kv {
namespace {

Bytes b(std::string_view text) { return Bytes(text.begin(), text.end()); }

std::vector<std::pair<Bytes, Bytes>> entries(const ReadView& view, std::string_view prefix) {
  std::vector<std::pair<Bytes, Bytes>> out;
  auto cursor = view.scan(b(prefix));
  for (; cursor->valid(); cursor->next())
    out.emplace_back(to_bytes(cursor->key()), to_bytes(cursor->value()));
  EXPECT_TRUE(cursor->status());
  return out;
}

TEST(BatchOverlay, ReadsThePendingBatchOverTheStore) {
  MemoryStore store;
  ASSERT_TRUE(store.put(b("a1"), b("stored")));
  ASSERT_TRUE(store.put(b("a2"), b("erased later")));
  ASSERT_TRUE(store.put(b("b1"), b("other prefix")));
  BatchOverlay overlay(store);
  EXPECT_EQ(overlay.get(b("a1")).value(), b("stored"));

  auto batch = std::make_shared<WriteBatch>();
  batch->put(b("a1"), b("first"));
  batch->put(b("a3"), b("new"));
  batch->erase(b("a2"));
  batch->put(b("a1"), b("last wins"));
  overlay.set(batch);
  EXPECT_EQ(overlay.get(b("a1")).value(), b("last wins"));
  EXPECT_EQ(overlay.get(b("a2")).value(), std::nullopt);
  EXPECT_EQ(overlay.get(b("a3")).value(), b("new"));
  EXPECT_EQ(overlay.get(b("b1")).value(), b("other prefix"));
  const std::vector<std::pair<Bytes, Bytes>> merged{{b("a1"), b("last wins")}, {b("a3"), b("new")}};
  EXPECT_EQ(entries(overlay, "a"), merged);

  // Once the batch is written the store alone answers, with the same result.
  ASSERT_TRUE(store.write(*batch, Durability::kBuffered));
  overlay.clear();
  EXPECT_EQ(overlay.get(b("a1")).value(), b("last wins"));
  EXPECT_EQ(entries(overlay, "a"), merged);
}

TEST(BatchOverlay, StackedBatchesReadNewestFirstAndPopFromEitherEnd) {
  MemoryStore store;
  ASSERT_TRUE(store.put(b("a1"), b("stored")));
  BatchOverlay overlay(store);
  auto first = std::make_shared<WriteBatch>();
  first->put(b("a1"), b("first"));
  first->put(b("a2"), b("only in first"));
  auto second = std::make_shared<WriteBatch>();
  second->put(b("a1"), b("second"));
  second->erase(b("a2"));
  overlay.push(first);
  overlay.push(second);
  EXPECT_EQ(overlay.depth(), 2u);
  EXPECT_EQ(overlay.get(b("a1")).value(), b("second"));
  EXPECT_EQ(overlay.get(b("a2")).value(), std::nullopt);
  EXPECT_EQ(entries(overlay, "a"), (std::vector<std::pair<Bytes, Bytes>>{{b("a1"), b("second")}}));

  // The newest abandoned: the first batch shows again.
  overlay.pop_newest();
  EXPECT_EQ(overlay.get(b("a1")).value(), b("first"));
  EXPECT_EQ(overlay.get(b("a2")).value(), b("only in first"));
  // Stacked again, then the oldest written: the store and the second batch answer.
  overlay.push(second);
  ASSERT_TRUE(store.write(*first, Durability::kBuffered));
  overlay.pop_oldest();
  EXPECT_EQ(overlay.depth(), 1u);
  EXPECT_EQ(overlay.get(b("a1")).value(), b("second"));
  EXPECT_EQ(overlay.get(b("a2")).value(), std::nullopt);
  overlay.pop_newest();
  EXPECT_EQ(overlay.get(b("a2")).value(), b("only in first"));
}

}  // namespace
}  // namespace plexus::kv
