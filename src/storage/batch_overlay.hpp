#pragma once
// A read view of a store as it will be once one pending write batch has landed: reads see the
// batch's puts and erases first, then the store. It lets the block builder work on the next block
// while the previous block's batch is still being written by another thread: what the builder
// reads back of the previous block (storage trie nodes, the state trie's released nodes) is
// found here until the write returns.
//
// Not thread-safe: set() and clear() must not run concurrently with reads. The batch itself is
// only read, so another thread may write it to the store at the same time.
#include <memory>
#include <string_view>
#include <unordered_map>

#include "storage/kv.hpp"

namespace plexus::kv {

class BatchOverlay final : public ReadView {
 public:
  // `base` must outlive the overlay.
  explicit BatchOverlay(const ReadView& base) : base_(base) {}

  // Reads from now on see `batch` over the store (replacing any earlier batch).
  void set(std::shared_ptr<const WriteBatch> batch);
  // Once the batch is in the store: reads go to the store alone.
  void clear() noexcept;

  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override;
  // Merges the batch's entries under `prefix` into the store's; copies them, so it is meant for
  // rare, small scans.
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override;

 private:
  const ReadView& base_;
  std::shared_ptr<const WriteBatch> batch_;
  // Key -> index of its last operation in the batch, built on the first get(): a block of plain
  // transfers never reads its predecessor back, and then the index costs nothing. Looked up
  // only, never iterated, so its order cannot reach any result.
  mutable std::unordered_map<std::string_view, std::size_t> last_op_;
  mutable bool indexed_ = false;
};

}  // namespace plexus::kv
