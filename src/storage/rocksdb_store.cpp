#include "storage/rocksdb_store.hpp"

#include <algorithm>
#include <cstdint>
#include <system_error>

#include <rocksdb/db.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/write_batch.h>

#include "storage/key_order.hpp"

namespace plexus::kv {

namespace {

// An empty view may have a null data pointer, which RocksDB passes to memcmp (undefined even for
// length 0): point empty slices at a real byte instead.
rocksdb::Slice slice(BytesView v) {
  static constexpr char kNothing = 0;
  if (v.empty()) return {&kNothing, 0};
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}
BytesView view(const rocksdb::Slice& s) {
  return {reinterpret_cast<const Byte*>(s.data()), s.size()};
}

Errc code_of(const rocksdb::Status& s) {
  if (s.IsCorruption()) return Errc::kCorruption;
  if (s.IsInvalidArgument()) return Errc::kInvalidArgument;
  if (s.IsNotSupported()) return Errc::kNotSupported;
  if (s.IsNotFound()) return Errc::kNotFound;
  return Errc::kIo;  // I/O errors, a held lock, a full disk, ...
}

// Every RocksDB status becomes a plexus::Error here and nowhere else.
Error to_error(const rocksdb::Status& s) { return Error{code_of(s), "rocksdb: " + s.ToString()}; }

// Releases a RocksDB snapshot while keeping its database open until then.
struct SnapshotHandle {
  std::shared_ptr<rocksdb::DB> db;
  const rocksdb::Snapshot* snapshot;
  ~SnapshotHandle() { db->ReleaseSnapshot(snapshot); }
};

class RocksCursor final : public Cursor {
 public:
  RocksCursor(std::shared_ptr<rocksdb::DB> db, std::shared_ptr<SnapshotHandle> snap,
              BytesView prefix)
      : db_(std::move(db)), snap_(std::move(snap)), prefix_(to_bytes(prefix)) {
    rocksdb::ReadOptions ro;
    if (snap_) ro.snapshot = snap_->snapshot;
    it_.reset(db_->NewIterator(ro));
    it_->Seek(slice(prefix_));
  }

  bool valid() const override { return it_->Valid() && it_->key().starts_with(slice(prefix_)); }
  BytesView key() const override { return view(it_->key()); }
  BytesView value() const override { return view(it_->value()); }
  void next() override { it_->Next(); }
  Result<void> status() const override {
    if (const auto s = it_->status(); !s.ok()) return std::unexpected(to_error(s));
    return {};
  }

 private:
  // Declaration order matters: the iterator is destroyed before the snapshot and the database.
  std::shared_ptr<rocksdb::DB> db_;
  std::shared_ptr<SnapshotHandle> snap_;
  Bytes prefix_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

Result<std::optional<Bytes>> read(rocksdb::DB& db, const rocksdb::Snapshot* snapshot,
                                  BytesView key) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string value;
  const rocksdb::Status s = db.Get(ro, slice(key), &value);
  if (s.IsNotFound()) return std::optional<Bytes>{};
  if (!s.ok()) return std::unexpected(to_error(s));
  return std::optional<Bytes>{Bytes(value.begin(), value.end())};
}

class RocksSnapshotView final : public ReadView {
 public:
  explicit RocksSnapshotView(std::shared_ptr<SnapshotHandle> snap) : snap_(std::move(snap)) {}

  Result<std::optional<Bytes>> get(BytesView key) const override {
    return read(*snap_->db, snap_->snapshot, key);
  }
  std::unique_ptr<Cursor> scan(BytesView prefix) const override {
    return std::make_unique<RocksCursor>(snap_->db, snap_, prefix);
  }

 private:
  std::shared_ptr<SnapshotHandle> snap_;
};

// The batch's operations sorted by key, equal keys in batch order. Most keys of a block are
// hashes, which their first eight bytes already tell apart: sorting on those as one integer
// (and the position), then only runs sharing them on the whole key, takes far fewer
// instructions than comparing byte vectors throughout.
std::vector<const WriteBatch::Op*> in_key_order(const WriteBatch& batch) {
  struct Entry {
    std::uint64_t head;  // the key's first 8 bytes, big-endian, zero-padded
    std::uint64_t index;
    bool operator<(const Entry& other) const {
      return head != other.head ? head < other.head : index < other.index;
    }
  };
  const auto& all = batch.ops();
  std::vector<Entry> entries(all.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Bytes& key = all[i].key;
    std::uint64_t head = 0;
    for (std::size_t b = 0; b < 8; ++b) head = (head << 8) | (b < key.size() ? key[b] : 0);
    entries[i] = Entry{head, i};
  }
  std::sort(entries.begin(), entries.end());
  // Zero padding keeps the integer order consistent with the key order; keys that agree on
  // their first eight bytes are ordered by the rest, stably (they are in batch order now).
  for (auto run = entries.begin(); run != entries.end();) {
    const auto end = std::find_if(run, entries.end(),
                                  [&](const Entry& e) { return e.head != run->head; });
    if (end - run > 1)
      std::stable_sort(run, end, [&all](const Entry& a, const Entry& b) {
        return compare_keys(all[a.index].key, all[b.index].key) < 0;
      });
    run = end;
  }
  std::vector<const WriteBatch::Op*> ops;
  ops.reserve(entries.size());
  for (const Entry& e : entries) ops.push_back(&all[e.index]);
  return ops;
}

}  // namespace

Result<std::unique_ptr<RocksDbStore>> RocksDbStore::open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(Errc::kIo, "rocksdb: cannot create " + dir.string() + ": " + ec.message());
  rocksdb::Options options;
  options.create_if_missing = true;
  // Refuse to open a database whose files do not verify rather than serve wrong state.
  options.paranoid_checks = true;
  // A block's batch is applied in key order, and most of its keys are scattered hashes (trie
  // nodes, the transaction index) among many stored ones. Without a hint every insert searches
  // the memtable's skip list from the top; with a remembered position per first key byte, the
  // next key in order only re-searches the levels it moved past. Reads are unaffected.
  options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
  if (!s.ok()) return std::unexpected(to_error(s));
  return std::unique_ptr<RocksDbStore>(new RocksDbStore(std::shared_ptr<rocksdb::DB>(raw)));
}

Result<std::optional<Bytes>> RocksDbStore::get(BytesView key) const {
  return read(*db_, nullptr, key);
}

std::unique_ptr<Cursor> RocksDbStore::scan(BytesView prefix) const {
  // A RocksDB iterator already reads an implicit snapshot taken at its creation.
  return std::make_unique<RocksCursor>(db_, nullptr, prefix);
}

std::unique_ptr<ReadView> RocksDbStore::snapshot() const {
  return std::make_unique<RocksSnapshotView>(
      std::shared_ptr<SnapshotHandle>(new SnapshotHandle{db_, db_->GetSnapshot()}));
}

Result<void> RocksDbStore::write(const WriteBatch& batch, Durability durability) {
  // Applied in key order, with the memtable told to keep its position between inserts: a block's
  // thousands of scattered trie-node keys then cost a short walk each instead of a full search
  // of the skip list. The order is stable, so a later operation on the same key still wins.
  const std::vector<const WriteBatch::Op*> ops = in_key_order(batch);
  // Sized up front: a block's batch is megabytes, and growing it by doubling copies it again.
  std::size_t bytes = 64;
  for (const WriteBatch::Op* op : ops)  // + a tag and two varint lengths per entry
    bytes += op->key.size() + (op->value ? op->value->size() : 0) + 16;
  rocksdb::WriteBatch native(bytes);
  for (const WriteBatch::Op* op : ops) {
    const rocksdb::Status s =
        op->value ? native.Put(slice(op->key), slice(*op->value)) : native.Delete(slice(op->key));
    if (!s.ok()) return std::unexpected(to_error(s));
  }
  rocksdb::WriteOptions wo;
  wo.memtable_insert_hint_per_batch = true;
  // The write-ahead log is never disabled: it is what makes the batch atomic across a crash.
  wo.disableWAL = false;
  wo.sync = durability == Durability::kSync;
  if (const rocksdb::Status s = db_->Write(wo, &native); !s.ok())
    return std::unexpected(to_error(s));
  return {};
}

}  // namespace plexus::kv
