#pragma once
// The server's live connections and the limits that keep one client from locking out the rest
// (docs/RPC.md, Limits): a total, a share per remote address, a request rate per address, and,
// when the server is full, room made by closing the connection that has waited longest for a
// request that never came (a slowloris holding slots with unfinished headers). Thread-safe; no
// Beast here, the sessions in server.cpp implement Connection.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace plexus::rpc::detail {

using SteadyClock = std::chrono::steady_clock;

class Connection {
 public:
  virtual ~Connection() = default;
  // Thread-safe: posts the close to the connection's worker.
  virtual void shutdown() = 0;
  // Since when it has been waiting for a request to arrive complete (an idle keep-alive
  // connection, or headers still coming), or nullopt while it is being served or is a
  // WebSocket. Thread-safe.
  [[nodiscard]] virtual std::optional<SteadyClock::time_point> waiting_since() const = 0;
};

struct ConnectionLimits {
  std::size_t max_connections = 512;
  std::size_t max_per_address = 256;
  double requests_per_second = 0;  // per address, 0: unlimited
  // When full, a connection that has waited this long for a request may be closed for a new one.
  std::chrono::milliseconds slow_request_grace{2000};
};

class ConnectionTable {
 public:
  explicit ConnectionTable(ConnectionLimits limits) : limits_(limits) {}

  // Registers a connection from `address`; returns its id, or 0 when refused (stopping, the
  // address's share or, with nothing to evict, the total reached). `replacing`: it takes the
  // place of one being released (an HTTP connection upgrading to WebSocket).
  [[nodiscard]] std::uint64_t admit(const std::shared_ptr<Connection>& connection,
                                    const std::string& address, bool replacing);
  // Forgets a connection; ids already evicted or 0 are ignored.
  void release(std::uint64_t id);
  // Takes one request from the address's allowance; false when it is spent.
  [[nodiscard]] bool take_request(const std::string& address);

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t evicted() const;
  // Refuses new connections from now on and returns the live ones.
  [[nodiscard]] std::vector<std::shared_ptr<Connection>> stop();
  // Waits until every connection is released, at most `grace`.
  void wait_empty(std::chrono::milliseconds grace);

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    std::string address;
  };
  struct Address {
    std::size_t connections = 0;
    double tokens = 0;
    SteadyClock::time_point refilled;
  };

  // The caller holds mutex_.
  void forget(std::map<std::uint64_t, Entry>::iterator it);
  [[nodiscard]] bool evict_one_waiting();
  void prune_addresses();

  const ConnectionLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::map<std::uint64_t, Entry> connections_;
  std::map<std::string, Address, std::less<>> addresses_;
  std::uint64_t next_id_ = 1;
  std::size_t evicted_ = 0;
  bool stopping_ = false;
};

}  // namespace plexus::rpc::detail
