#pragma once
// The key/value seam every persistent layer writes through (in the spirit of LevelDB's DB/Env
// split): point reads, ordered prefix scans, atomic batches and consistent snapshots. Two
// backends implement it: RocksDbStore (the node's default) and MemoryStore (unit tests), and one
// typed test suite holds both to the same contract.
//
// Keys are compared byte-wise (see key_order.hpp). A missing key is not an error: get() returns
// nullopt. Errors (I/O, corruption) surface as plexus::Error, never as exceptions.
#include <memory>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::kv {

// Iterates, in ascending key order, over the entries whose key starts with a prefix. A cursor
// reads a consistent snapshot taken when it was created: later writes are not seen. It keeps
// what it needs alive, so it may outlive the store object that made it.
class Cursor {
 public:
  virtual ~Cursor() = default;
  [[nodiscard]] virtual bool valid() const = 0;
  // Only while valid(); the views are invalidated by next().
  [[nodiscard]] virtual BytesView key() const = 0;
  [[nodiscard]] virtual BytesView value() const = 0;
  virtual void next() = 0;
  // Once !valid(): whether iteration ended normally or on an error.
  [[nodiscard]] virtual Result<void> status() const = 0;
};

// Read access shared by a live store and its snapshots.
class ReadView {
 public:
  virtual ~ReadView() = default;
  [[nodiscard]] virtual Result<std::optional<Bytes>> get(BytesView key) const = 0;
  // An empty prefix scans everything.
  [[nodiscard]] virtual std::unique_ptr<Cursor> scan(BytesView prefix) const = 0;
};

// `prefix` ++ a ++ b: how layers sharing one store namespace their records
// ("s" ++ address ++ slot, ...).
[[nodiscard]] Bytes prefixed_key(Byte prefix, BytesView a, BytesView b = {});

// Writes applied all-or-nothing by KvStore::write, in the order they were added (a later
// operation on the same key wins).
class WriteBatch {
 public:
  struct Op {
    Bytes key;
    std::optional<Bytes> value;  // nullopt deletes the key
  };

  void put(BytesView key, BytesView value);
  void erase(BytesView key);
  void append(WriteBatch&& other);
  [[nodiscard]] const std::vector<Op>& ops() const noexcept { return ops_; }
  [[nodiscard]] bool empty() const noexcept { return ops_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return ops_.size(); }

 private:
  std::vector<Op> ops_;
};

// What a successful write() promises if the machine, not just the process, dies right after it.
// Both levels are atomic and survive the process being killed; only kSync also survives an
// operating-system crash or power loss, at the price of an fsync per write.
enum class Durability {
  kBuffered,  // handed to the OS (write-ahead log not fsynced): use for derived/cached data
  kSync,      // write-ahead log fsynced before returning: use for blocks and committed state
};

class KvStore : public ReadView {
 public:
  [[nodiscard]] virtual Result<void> write(const WriteBatch& batch, Durability durability) = 0;
  // A consistent read-only view of the store as of now; it stays valid after later writes and
  // after the store object itself is destroyed.
  [[nodiscard]] virtual std::unique_ptr<ReadView> snapshot() const = 0;

  // Single-operation batches, for callers that need no atomicity across keys.
  [[nodiscard]] Result<void> put(BytesView key, BytesView value,
                                 Durability durability = Durability::kBuffered);
  [[nodiscard]] Result<void> erase(BytesView key, Durability durability = Durability::kBuffered);
};

}  // namespace plexus::kv
