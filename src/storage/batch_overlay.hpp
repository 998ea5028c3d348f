#pragma once
// A read view of a store as it will be once pending write batches have landed: reads see the
// newest batch's puts and erases first, then the older batches', then the store. It lets the
// block builder work on the next block while the previous block's batch is still being written by
// another thread: what the builder reads back of the previous block (storage trie nodes, the
// state trie's released nodes) is found here until the write returns. A chain holding several
// executed but unwritten blocks (pending blocks awaiting consensus) stacks their batches, oldest
// first, and pops them as blocks are written (the oldest) or abandoned (the newest).
//
// Not thread-safe: set(), push(), the pops and clear() must not run concurrently with reads. The
// batches themselves are only read, so another thread may write one to the store at the same
// time.
#include <cstddef>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/kv.hpp"

namespace plexus::kv {

class BatchOverlay final : public ReadView {
 public:
  // `base` must outlive the overlay.
  explicit BatchOverlay(const ReadView& base) : base_(base) {}

  // Reads from now on see `batch` (if any) over the store, replacing any earlier batches.
  void set(std::shared_ptr<const WriteBatch> batch);
  // Reads from now on see `batch` (not null) over the batches already there.
  void push(std::shared_ptr<const WriteBatch> batch);
  // The newest batch will not be written: reads no longer see it.
  void pop_newest() noexcept;
  // The oldest batch is in the store: reads find its entries there.
  void pop_oldest() noexcept;
  [[nodiscard]] std::size_t depth() const noexcept { return layers_.size(); }
  // Once every batch is in the store: reads go to the store alone.
  void clear() noexcept;

  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override;
  // Merges the batches' entries under `prefix` into the store's; copies them, so it is meant for
  // rare, small scans.
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override;

 private:
  struct Layer {
    std::shared_ptr<const WriteBatch> batch;
    // Key -> index of its last operation in the batch, built on the first get(): a block of
    // plain transfers never reads its predecessor back, and then the index costs nothing. Looked
    // up only, never iterated, so its order cannot reach any result.
    mutable std::unordered_map<std::string_view, std::size_t> last_op;
    mutable bool indexed = false;
  };

  const ReadView& base_;
  std::vector<Layer> layers_;  // oldest first
};

}  // namespace plexus::kv
