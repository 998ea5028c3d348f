#include "storage/faulty_store.hpp"

namespace plexus::kv {

void FaultyKvStore::inject(Fault fault, std::uint64_t nth) {
  std::lock_guard lock(mutex_);
  armed_ = std::pair{fault, writes_ + nth};
}

void FaultyKvStore::clear() {
  std::lock_guard lock(mutex_);
  armed_.reset();
}

std::uint64_t FaultyKvStore::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

Result<std::optional<Bytes>> FaultyKvStore::get(BytesView key) const { return inner_->get(key); }

std::unique_ptr<Cursor> FaultyKvStore::scan(BytesView prefix) const {
  return inner_->scan(prefix);
}

std::unique_ptr<ReadView> FaultyKvStore::snapshot() const { return inner_->snapshot(); }

Result<void> FaultyKvStore::write(const WriteBatch& batch, Durability durability) {
  {
    std::lock_guard lock(mutex_);
    const std::uint64_t number = writes_++;
    if (armed_ && number >= armed_->second) {
      if (armed_->first == Fault::kCrash) return {};
      return fail(Errc::kIo, "injected write failure (write " + std::to_string(number) + ")");
    }
  }
  return inner_->write(batch, durability);
}

}  // namespace plexus::kv
