#include "storage/kv.hpp"

#include <algorithm>

#include <iterator>

namespace plexus::kv {

Bytes prefixed_key(Byte prefix, BytesView a, BytesView b) {
  Bytes key(1 + a.size() + b.size());
  key[0] = prefix;
  std::copy(a.begin(), a.end(), key.begin() + 1);
  std::copy(b.begin(), b.end(), key.begin() + 1 + static_cast<std::ptrdiff_t>(a.size()));
  return key;
}

void WriteBatch::put(BytesView key, BytesView value) {
  ops_.push_back({to_bytes(key), to_bytes(value)});
}

void WriteBatch::erase(BytesView key) { ops_.push_back({to_bytes(key), std::nullopt}); }

void WriteBatch::append(WriteBatch&& other) {
  ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
              std::make_move_iterator(other.ops_.end()));
  other.ops_.clear();
}

Result<void> KvStore::put(BytesView key, BytesView value, Durability durability) {
  WriteBatch batch;
  batch.put(key, value);
  return write(batch, durability);
}

Result<void> KvStore::erase(BytesView key, Durability durability) {
  WriteBatch batch;
  batch.erase(key);
  return write(batch, durability);
}

}  // namespace plexus::kv
