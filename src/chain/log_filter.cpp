#include "chain/log_filter.hpp"

#include <algorithm>

namespace plexus::chain {

bool log_matches(const LogFilter& filter, const Log& log) noexcept {
  if (!filter.addresses.empty() && std::find(filter.addresses.begin(), filter.addresses.end(),
                                             log.address) == filter.addresses.end())
    return false;
  if (filter.topics.size() > log.topics.size()) return false;
  for (std::size_t i = 0; i < filter.topics.size(); ++i) {
    const auto& wanted = filter.topics[i];
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), log.topics[i]) == wanted.end())
      return false;
  }
  return true;
}

bool bloom_may_match(const LogFilter& filter, const Bloom& bloom) noexcept {
  const auto any_present = [&](const auto& candidates) {
    return candidates.empty() ||
           std::any_of(candidates.begin(), candidates.end(),
                       [&](const auto& c) { return bloom_may_contain(bloom, c.view()); });
  };
  if (!any_present(filter.addresses)) return false;
  return std::all_of(filter.topics.begin(), filter.topics.end(), any_present);
}

}  // namespace plexus::chain
