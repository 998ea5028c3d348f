#include "storage/env.hpp"

#include "storage/memory_store.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::kv {
namespace {

// What MemoryStoreFactory::open hands out: the shared store under another owner, so that the
// caller's unique_ptr can go (a "process exit") while the contents stay for the next open.
class SharedStore final : public KvStore {
 public:
  explicit SharedStore(std::shared_ptr<KvStore> inner) : inner_(std::move(inner)) {}
  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override {
    return inner_->get(key);
  }
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override {
    return inner_->scan(prefix);
  }
  [[nodiscard]] Result<void> write(const WriteBatch& batch, Durability durability) override {
    return inner_->write(batch, durability);
  }
  [[nodiscard]] std::unique_ptr<ReadView> snapshot() const override { return inner_->snapshot(); }

 private:
  std::shared_ptr<KvStore> inner_;
};

}  // namespace

Result<std::unique_ptr<KvStore>> RocksDbStoreFactory::open(std::string_view name) {
  PLEXUS_TRY(auto store, RocksDbStore::open(root_ / std::string(name)));
  return std::unique_ptr<KvStore>(std::move(store));
}

std::shared_ptr<KvStore> MemoryStoreFactory::backing(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = stores_.find(name);
  if (it == stores_.end())
    it = stores_.emplace(std::string(name), std::make_shared<MemoryStore>()).first;
  return it->second;
}

Result<std::unique_ptr<KvStore>> MemoryStoreFactory::open(std::string_view name) {
  return std::make_unique<SharedStore>(backing(name));
}

}  // namespace plexus::kv
