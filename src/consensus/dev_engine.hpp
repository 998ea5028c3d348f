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

#include "chain/evm_chain.hpp"
#include "core/stack_thread.hpp"

namespace plexus::consensus {

struct DevEngineConfig {
  std::chrono::milliseconds block_time{0};
  // Instant mode: at least this long between the end of one block and the start of the next.
  // A lone transaction is mined at once, but under a stream of transactions each block gathers
  // what arrived meanwhile instead of one or two, which saves the per-block work (roots, commit)
  // many times over.
  std::chrono::microseconds min_gap{2000};
};

class DevEngine {
 public:
  using BlockListener = std::function<void(const chain::BlockRecord&)>;
  // Called once if committing a block fails (the store is broken): the engine stops producing.
  using FatalListener = std::function<void(const Error&)>;

  DevEngine(chain::EvmChain& chain, DevEngineConfig config, BlockListener on_block,
            FatalListener on_fatal);
  ~DevEngine();  // stops
  DevEngine(const DevEngine&) = delete;
  DevEngine& operator=(const DevEngine&) = delete;

  void start();
  // A transaction entered the pool.
  void notify();
  // Makes a block now, empty if the pool has nothing (evm_mine), on the engine's thread so blocks
  // stay in order, and waits for it.
  [[nodiscard]] Result<void> mine_now();
  // Finishes the block in progress, then returns. Idempotent.
  void stop();

 private:
  void run();
  // Returns true if it made a block for pending mine_now() calls.
  bool serve_mine_requests();

  chain::EvmChain& chain_;
  const DevEngineConfig config_;
  BlockListener on_block_;
  FatalListener on_fatal_;

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
