#include "storage/batch_overlay.hpp"

#include <algorithm>

#include "storage/key_order.hpp"
#include "storage/memory_store.hpp"

namespace plexus::kv {
namespace {

std::string_view as_chars(BytesView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// A scan that failed before it could be merged: reports the store's error.
class FailedCursor final : public Cursor {
 public:
  explicit FailedCursor(Error error) : error_(std::move(error)) {}
  bool valid() const override { return false; }
  BytesView key() const override { return {}; }
  BytesView value() const override { return {}; }
  void next() override {}
  Result<void> status() const override { return std::unexpected(error_); }

 private:
  Error error_;
};

}  // namespace

void BatchOverlay::set(std::shared_ptr<const WriteBatch> batch) {
  clear();
  batch_ = std::move(batch);
}

void BatchOverlay::clear() noexcept {
  last_op_.clear();
  indexed_ = false;
  batch_.reset();
}

Result<std::optional<Bytes>> BatchOverlay::get(BytesView key) const {
  if (batch_) {
    if (!indexed_) {
      const auto& ops = batch_->ops();
      last_op_.reserve(ops.size());
      for (std::size_t i = 0; i < ops.size(); ++i)
        last_op_.insert_or_assign(as_chars(ops[i].key), i);
      indexed_ = true;
    }
    const auto it = last_op_.find(as_chars(key));
    if (it != last_op_.end()) return batch_->ops()[it->second].value;
  }
  return base_.get(key);
}

std::unique_ptr<Cursor> BatchOverlay::scan(BytesView prefix) const {
  if (!batch_) return base_.scan(prefix);
  WriteBatch merged;
  auto stored = base_.scan(prefix);
  for (; stored->valid(); stored->next()) merged.put(stored->key(), stored->value());
  if (auto status = stored->status(); !status) return std::make_unique<FailedCursor>(status.error());
  for (const WriteBatch::Op& op : batch_->ops()) {
    if (!has_key_prefix(op.key, prefix)) continue;
    if (op.value) {
      merged.put(op.key, *op.value);
    } else {
      merged.erase(op.key);
    }
  }
  MemoryStore copy;
  if (auto written = copy.write(merged, Durability::kBuffered); !written)
    return std::make_unique<FailedCursor>(written.error());
  return copy.scan(prefix);  // the cursor keeps the copy's entries alive
}

}  // namespace plexus::kv
