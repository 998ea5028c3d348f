#pragma once
// The embedded persistent KvStore, on RocksDB (Debian's librocksdb). RocksDB applies a WriteBatch
// atomically through its write-ahead log, so a batch is either wholly recovered after a crash or
// not at all; Durability::kSync additionally fsyncs that log before write() returns.
#include <filesystem>

#include "storage/kv.hpp"

namespace rocksdb {
class DB;
}

namespace plexus::kv {

class RocksDbStore final : public KvStore {
 public:
  // Opens the database in `dir`, creating the directory (and parents) and an empty database on
  // first use. kIo if the directory cannot be created or the database is locked by another
  // process, kCorruption if its files do not verify.
  [[nodiscard]] static Result<std::unique_ptr<RocksDbStore>> open(const std::filesystem::path& dir);

  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override;
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override;
  [[nodiscard]] Result<void> write(const WriteBatch& batch, Durability durability) override;
  [[nodiscard]] std::unique_ptr<ReadView> snapshot() const override;

 private:
  explicit RocksDbStore(std::shared_ptr<rocksdb::DB> db) : db_(std::move(db)) {}

  // Shared with snapshots and cursors so they stay valid after the store object is gone; the
  // database closes when the last of them is released.
  std::shared_ptr<rocksdb::DB> db_;
};

}  // namespace plexus::kv
