// Global storage: resource cells, the journal that undoes a failed execution, and lazy loading
// from a ResourceSource.
#include "move/vm/runtime.hpp"

namespace plexus::move {

VmResult<std::uint64_t> GlobalStorage::fetch(const Key& key, const Type& type) {
  if (!source_ || fetched_.contains(key)) return std::uint64_t{0};
  MOVE_TRY(auto loaded, source_->load(key.first, key.second, type));
  fetched_.insert(key);
  // The loaded value is the state this execution starts from, not a change: no journal entry.
  if (loaded.value) {
    auto cell = std::make_shared<Container>();
    cell->elems.push_back(std::move(*loaded.value));
    resources_[key] = std::move(cell);
  }
  return loaded.gas;
}

std::shared_ptr<Container> GlobalStorage::find(const Key& key) const {
  const auto it = resources_.find(key);
  return it == resources_.end() ? nullptr : it->second;
}

std::shared_ptr<Container> GlobalStorage::find_mut(const Key& key) {
  note_change(key);
  return find(key);
}

void GlobalStorage::put(const Key& key, Value resource) {
  note_change(key);
  auto cell = std::make_shared<Container>();
  cell->elems.push_back(std::move(resource));
  resources_[key] = std::move(cell);
}

Value GlobalStorage::take(const Key& key) {
  note_change(key);
  const auto it = resources_.find(key);
  Value v = std::move(it->second->elems[0]);
  resources_.erase(it);
  return v;
}

void GlobalStorage::note_change(const Key& key) {
  if (source_) touched_.insert(key);
  if (!journal_ || journal_->contains(key)) return;
  const auto cell = find(key);
  std::optional<Value> original;
  if (cell) original = deep_copy(cell->elems[0]);
  journal_->emplace(key, std::move(original));
}

void GlobalStorage::begin() { journal_.emplace(); }

void GlobalStorage::commit() { journal_.reset(); }

void GlobalStorage::rollback() {
  if (!journal_) return;
  auto journal = std::move(*journal_);
  journal_.reset();
  for (auto& [key, original] : journal) {
    if (!original) {
      resources_.erase(key);
      continue;
    }
    auto cell = std::make_shared<Container>();
    cell->elems.push_back(std::move(*original));
    resources_[key] = std::move(cell);
  }
}

}  // namespace plexus::move
