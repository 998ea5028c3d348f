#pragma once
// An in-memory KvStore over std::map, for unit tests and throw-away state. Snapshots are
// copy-on-write: a snapshot or cursor shares the current map, and the next write copies it only
// while such a reader is still alive, so the common write path stays in place.
#include <map>
#include <mutex>

#include "storage/key_order.hpp"
#include "storage/kv.hpp"

namespace plexus::kv {

class MemoryStore final : public KvStore {
 public:
  using Map = std::map<Bytes, Bytes, KeyLess>;

  MemoryStore();

  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override;
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override;
  [[nodiscard]] Result<void> write(const WriteBatch& batch, Durability durability) override;
  [[nodiscard]] std::unique_ptr<ReadView> snapshot() const override;

  [[nodiscard]] std::size_t size() const;

 private:
  [[nodiscard]] std::shared_ptr<const Map> current() const;

  mutable std::mutex mutex_;  // guards the pointer, not the map: shared maps are never mutated
  std::shared_ptr<Map> map_;
};

}  // namespace plexus::kv
