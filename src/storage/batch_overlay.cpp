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
  if (batch) push(std::move(batch));
}

void BatchOverlay::push(std::shared_ptr<const WriteBatch> batch) {
  layers_.push_back(Layer{.batch = std::move(batch), .last_op = {}, .indexed = false});
}

void BatchOverlay::pop_newest() noexcept {
  if (!layers_.empty()) layers_.pop_back();
}

void BatchOverlay::pop_oldest() noexcept {
  if (!layers_.empty()) layers_.erase(layers_.begin());
}

void BatchOverlay::clear() noexcept { layers_.clear(); }

Result<std::optional<Bytes>> BatchOverlay::get(BytesView key) const {
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    const auto& ops = layer->batch->ops();
    if (!layer->indexed) {
      layer->last_op.reserve(ops.size());
      for (std::size_t i = 0; i < ops.size(); ++i)
        layer->last_op.insert_or_assign(as_chars(ops[i].key), i);
      layer->indexed = true;
    }
    const auto it = layer->last_op.find(as_chars(key));
    if (it != layer->last_op.end()) return ops[it->second].value;
  }
  return base_.get(key);
}

std::unique_ptr<Cursor> BatchOverlay::scan(BytesView prefix) const {
  if (layers_.empty()) return base_.scan(prefix);
  WriteBatch merged;
  auto stored = base_.scan(prefix);
  for (; stored->valid(); stored->next()) merged.put(stored->key(), stored->value());
  if (auto status = stored->status(); !status) return std::make_unique<FailedCursor>(status.error());
  for (const Layer& layer : layers_) {
    for (const WriteBatch::Op& op : layer.batch->ops()) {
      if (!has_key_prefix(op.key, prefix)) continue;
      if (op.value) {
        merged.put(op.key, *op.value);
      } else {
        merged.erase(op.key);
      }
    }
  }
  MemoryStore copy;
  if (auto written = copy.write(merged, Durability::kBuffered); !written)
    return std::make_unique<FailedCursor>(written.error());
  return copy.scan(prefix);  // the cursor keeps the copy's entries alive
}

}  // namespace plexus::kv
