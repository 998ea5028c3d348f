#pragma once
// Server-side state of eth_newFilter / eth_newBlockFilter / eth_newPendingTransactionFilter,
// polled with eth_getFilterChanges. The node feeds it every new block (and pending transaction);
// a filter collects what matches until it is polled. A filter expires when it has not been polled
// for both `max_idle_blocks` blocks and `max_idle_time` (go-ethereum's 5 minutes): a busy dev
// chain makes hundreds of blocks between the polls of a client polling every few seconds, and
// counting blocks as well keeps expiry testable without waiting. Thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chain/log_filter.hpp"
#include "rpc/eth_json.hpp"

namespace plexus::rpc {

struct PollingLimits {
  std::size_t max_filters = 1024;
  std::size_t max_buffered = 10'000;  // per filter; the oldest entries go first
  std::uint64_t max_idle_blocks = 100;
  std::chrono::steady_clock::duration max_idle_time = std::chrono::minutes(5);
};

// One log of a new block with its position, as the node produced it.
struct BlockLog {
  chain::Log log;
  LogPosition position;
};

class PollingFilters {
 public:
  explicit PollingFilters(PollingLimits limits = {});

  // `head` is the latest committed block when the filter is installed: its notification may still
  // be on its way, and a filter reports only blocks after it.
  [[nodiscard]] Result<std::string> new_block_filter(std::uint64_t head = 0);
  [[nodiscard]] Result<std::string> new_pending_transaction_filter();
  // Log filters also keep the request's block range (fromBlock/toBlock).
  [[nodiscard]] Result<std::string> new_log_filter(
      chain::LogFilter filter, std::uint64_t head = 0, std::uint64_t from = 0,
      std::uint64_t to = std::numeric_limits<std::uint64_t>::max());
  bool uninstall(std::string_view id);

  // eth_getFilterChanges: hashes for block and pending filters, log objects for log filters.
  // kNotFound ("filter not found", as go-ethereum says) for unknown or expired ids.
  [[nodiscard]] Result<json> take_changes(std::string_view id);
  // The filter behind an id with its block range, for eth_getFilterLogs (the node runs the
  // range query).
  struct InstalledLogFilter {
    chain::LogFilter filter;
    std::uint64_t from = 0;
    std::uint64_t to = 0;
  };
  [[nodiscard]] std::optional<InstalledLogFilter> log_filter(std::string_view id) const;

  void on_block(const Hash256& block_hash, std::uint64_t number, std::span<const BlockLog> logs);
  void on_pending_transaction(const Hash256& tx_hash);

 private:
  enum class Kind { kBlocks, kPending, kLogs };
  struct Filter {
    Kind kind = Kind::kBlocks;
    chain::LogFilter logs;
    std::deque<json> buffered;
    std::uint64_t last_poll_block = 0;
    std::chrono::steady_clock::time_point last_poll_time;
    std::uint64_t head_at_install = 0;
    std::uint64_t from = 0;
    std::uint64_t to = std::numeric_limits<std::uint64_t>::max();
  };
  Result<std::string> install(Filter filter);
  void buffer(Filter& filter, json entry);

  const PollingLimits limits_;
  mutable std::mutex mutex_;
  std::map<std::string, Filter, std::less<>> filters_;
  std::uint64_t blocks_seen_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace plexus::rpc
