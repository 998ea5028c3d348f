#pragma once
// A set for the few keys one transaction warms (EIP-2929's accessed addresses and slots): a
// plain vector searched linearly while small, a std::set once it grows past kLinearLimit. A
// transaction usually warms a dozen addresses (sender, recipient, coinbase, the precompiles),
// each access is a lookup, and the set is emptied after every transaction: the vector keeps its
// capacity, so the common case neither allocates nor rebalances, while a transaction warming
// thousands of keys still costs O(log n) per access.
#include <algorithm>
#include <cstddef>
#include <set>
#include <vector>

namespace plexus::exec {

template <typename T, std::size_t kLinearLimit = 32>
class SmallSet {
 public:
  // Returns true if `value` was not in the set.
  bool insert(const T& value) {
    if (large_.empty()) {
      if (std::find(small_.begin(), small_.end(), value) != small_.end()) return false;
      if (small_.size() < kLinearLimit) {
        small_.push_back(value);
        return true;
      }
      large_.insert(small_.begin(), small_.end());
      small_.clear();
    }
    return large_.insert(value).second;
  }

  void erase(const T& value) {
    if (!large_.empty()) {
      large_.erase(value);
      return;
    }
    const auto it = std::find(small_.begin(), small_.end(), value);
    if (it == small_.end()) return;
    *it = small_.back();
    small_.pop_back();
  }

  void clear() noexcept {
    small_.clear();
    large_.clear();
  }

 private:
  std::vector<T> small_;  // used while large_ is empty
  std::set<T> large_;
};

}  // namespace plexus::exec
