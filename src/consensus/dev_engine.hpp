#pragma once
// The dev consensus engine: one node decides alone. In instant mode (block_time 0) it makes a
// block as soon as transactions are waiting, so a client sees its receipt right away;
// transactions that arrive while a block is being made go into the next one. With a block time
// it makes a block every interval, empty or not, like a real network's cadence.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "consensus/engine.hpp"
#include "core/stack_thread.hpp"

namespace plexus::consensus {

// Every block is final as soon as it is written (nobody else votes). In instant mode the engine
// waits EngineConfig::min_gap between the end of one block and the start of the next: a lone
// transaction is mined at once, but under a stream of transactions each block gathers what
// arrived meanwhile instead of one or two, which saves the per-block work (roots, commit) many
// times over.
class DevEngine final : public Engine {
 public:
  DevEngine(EngineContext context, EngineConfig config);
  ~DevEngine() override;  // stops
  DevEngine(const DevEngine&) = delete;
  DevEngine& operator=(const DevEngine&) = delete;

  [[nodiscard]] platform::ConsensusKind kind() const noexcept override {
    return platform::ConsensusKind::kDev;
  }
  void start() override;
  void on_transaction() override;
  // On the engine's thread, so blocks stay in order.
  [[nodiscard]] Result<void> mine_now() override;
  void stop() override;

 private:
  void run();
  // Returns true if it made a block for pending mine_now() calls.
  bool serve_mine_requests();
  // After a block is written: it is final; tell the listeners.
  void on_committed(const chain::BlockRecord& block);

  EngineContext context_;
  const EngineConfig config_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  std::atomic<bool> stopping_ = false;
  bool started_ = false;
  std::uint64_t mine_requested_ = 0;
  std::uint64_t mined_ = 0;
  std::optional<Error> mine_error_;
  std::condition_variable mined_cv_;
  std::unique_ptr<StackThread> thread_;
};

}  // namespace plexus::consensus
