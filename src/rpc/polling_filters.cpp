#include "rpc/polling_filters.hpp"

#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {

PollingFilters::PollingFilters(PollingLimits limits) : limits_(limits) {}

Result<std::string> PollingFilters::install(Filter filter) {
  std::lock_guard lock(mutex_);
  if (filters_.size() >= limits_.max_filters)
    return fail(Errc::kLimitExceeded, "too many filters installed");
  std::string id = opaque_id(next_id_++);
  filter.last_poll_block = blocks_seen_;
  filter.last_poll_time = std::chrono::steady_clock::now();
  filters_.emplace(id, std::move(filter));
  return id;
}

Result<std::string> PollingFilters::new_block_filter(std::uint64_t head) {
  Filter filter;
  filter.head_at_install = head;
  return install(std::move(filter));
}

Result<std::string> PollingFilters::new_pending_transaction_filter() {
  Filter filter;
  filter.kind = Kind::kPending;
  return install(std::move(filter));
}

Result<std::string> PollingFilters::new_log_filter(chain::LogFilter logs, std::uint64_t head,
                                                   std::uint64_t from, std::uint64_t to) {
  Filter filter;
  filter.kind = Kind::kLogs;
  filter.logs = std::move(logs);
  filter.head_at_install = head;
  filter.from = from;
  filter.to = to;
  return install(std::move(filter));
}

bool PollingFilters::uninstall(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = filters_.find(id);
  if (it == filters_.end()) return false;
  filters_.erase(it);
  return true;
}

Result<json> PollingFilters::take_changes(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto it = filters_.find(id);
  if (it == filters_.end()) return fail(Errc::kNotFound, "filter not found");
  json out = json::array();
  for (json& entry : it->second.buffered) out.push_back(std::move(entry));
  it->second.buffered.clear();
  it->second.last_poll_block = blocks_seen_;
  it->second.last_poll_time = std::chrono::steady_clock::now();
  return out;
}

std::optional<PollingFilters::InstalledLogFilter> PollingFilters::log_filter(
    std::string_view id) const {
  std::lock_guard lock(mutex_);
  const auto it = filters_.find(id);
  if (it == filters_.end() || it->second.kind != Kind::kLogs) return std::nullopt;
  return InstalledLogFilter{it->second.logs, it->second.from, it->second.to};
}

void PollingFilters::buffer(Filter& filter, json entry) {
  if (filter.buffered.size() >= limits_.max_buffered) filter.buffered.pop_front();
  filter.buffered.push_back(std::move(entry));
}

void PollingFilters::on_block(const Hash256& block_hash, std::uint64_t number,
                              std::span<const BlockLog> logs) {
  std::lock_guard lock(mutex_);
  ++blocks_seen_;
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(filters_, [&](const auto& entry) {
    return blocks_seen_ - entry.second.last_poll_block > limits_.max_idle_blocks &&
           now - entry.second.last_poll_time >= limits_.max_idle_time;
  });
  for (auto& [id, filter] : filters_) {
    if (number <= filter.head_at_install) continue;
    if (filter.kind == Kind::kBlocks) {
      buffer(filter, to_hex(block_hash));
    } else if (filter.kind == Kind::kLogs && number >= filter.from && number <= filter.to) {
      for (const BlockLog& entry : logs)
        if (chain::log_matches(filter.logs, entry.log))
          buffer(filter, log_json(entry.log, entry.position));
    }
  }
}

void PollingFilters::on_pending_transaction(const Hash256& tx_hash) {
  std::lock_guard lock(mutex_);
  for (auto& [id, filter] : filters_)
    if (filter.kind == Kind::kPending) buffer(filter, to_hex(tx_hash));
}

}  // namespace plexus::rpc
