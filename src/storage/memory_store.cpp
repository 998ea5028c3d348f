#include "storage/memory_store.hpp"

#include <algorithm>

namespace plexus::kv {

namespace {

class MapCursor final : public Cursor {
 public:
  MapCursor(std::shared_ptr<const MemoryStore::Map> map, BytesView prefix)
      : map_(std::move(map)), prefix_(to_bytes(prefix)), it_(map_->lower_bound(prefix)) {}

  bool valid() const override { return it_ != map_->end() && has_key_prefix(it_->first, prefix_); }
  BytesView key() const override { return it_->first; }
  BytesView value() const override { return it_->second; }
  void next() override { ++it_; }
  Result<void> status() const override { return {}; }

 private:
  std::shared_ptr<const MemoryStore::Map> map_;
  Bytes prefix_;
  MemoryStore::Map::const_iterator it_;
};

class MapView final : public ReadView {
 public:
  explicit MapView(std::shared_ptr<const MemoryStore::Map> map) : map_(std::move(map)) {}

  Result<std::optional<Bytes>> get(BytesView key) const override {
    const auto it = map_->find(key);
    if (it == map_->end()) return std::optional<Bytes>{};
    return std::optional<Bytes>{it->second};
  }
  std::unique_ptr<Cursor> scan(BytesView prefix) const override {
    return std::make_unique<MapCursor>(map_, prefix);
  }

 private:
  std::shared_ptr<const MemoryStore::Map> map_;
};

}  // namespace

MemoryStore::MemoryStore() : map_(std::make_shared<Map>()) {}

std::shared_ptr<const MemoryStore::Map> MemoryStore::current() const {
  std::lock_guard lock(mutex_);
  return map_;
}

Result<std::optional<Bytes>> MemoryStore::get(BytesView key) const {
  return MapView(current()).get(key);
}

std::unique_ptr<Cursor> MemoryStore::scan(BytesView prefix) const {
  return std::make_unique<MapCursor>(current(), prefix);
}

std::unique_ptr<ReadView> MemoryStore::snapshot() const {
  return std::make_unique<MapView>(current());
}

Result<void> MemoryStore::write(const WriteBatch& batch, Durability) {
  std::lock_guard lock(mutex_);
  // A reader still holds the current map: give the writer its own copy.
  if (map_.use_count() > 1) map_ = std::make_shared<Map>(*map_);
  for (const auto& op : batch.ops()) {
    if (op.value) {
      map_->insert_or_assign(op.key, *op.value);
    } else {
      map_->erase(op.key);
    }
  }
  return {};
}

std::size_t MemoryStore::size() const { return current()->size(); }

}  // namespace plexus::kv
