#pragma once
// Follows a chain that another node decides: until the BFT engine exists, one node of a network
// runs a subnet's dev engine and the others run this. Blocks arrive from peers (announced, or in
// answer to Outbox::request_blocks) on any thread; a worker thread with an execution-sized stack
// verifies them in order through the BlockSource and accepts them, writing each block while the
// next one is verified, as the dev engine does. A block ahead of the next one is held (a bounded
// number of them) and the gap is asked for; a block that fails verification is dropped and its
// sender reported. The producer's blocks are final once written, so followed blocks are too.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "chain/commit_thread.hpp"
#include "consensus/engine.hpp"
#include "core/stack_thread.hpp"

namespace plexus::consensus {

struct FollowerConfig {
  // Blocks beyond the next one kept while the gap before them is fetched; farther ones are
  // dropped (sync fetches them again). Also the bound of the arrival queue.
  std::size_t max_held_blocks = 256;
  // A gap asked for and not filled after this long (the request or its answer was lost, or the
  // peer stalls) is asked for again, of the next peer, when another block past it arrives.
  std::chrono::milliseconds retry_after{1000};
};

class FollowerEngine final : public Engine {
 public:
  FollowerEngine(EngineContext context, FollowerConfig config);
  ~FollowerEngine() override;  // stops
  FollowerEngine(const FollowerEngine&) = delete;
  FollowerEngine& operator=(const FollowerEngine&) = delete;

  [[nodiscard]] platform::ConsensusKind kind() const noexcept override {
    return platform::ConsensusKind::kDev;
  }
  void start() override;
  void stop() override;
  // Transactions are mined by the producing node; the network's gossip takes them there.
  void on_transaction() override {}
  // Queues the block for the worker; kLimitExceeded when the queue is full (the sender is too
  // far ahead or flooding), kValidation once stopped.
  [[nodiscard]] Result<void> on_block(const NodeId& from, const chain::Block& block) override;

 private:
  struct Arrival {
    NodeId from;
    chain::Block block;
  };
  void run();
  // On the worker: verifies and hands over every block that is next, holding later ones.
  void take(Arrival arrival, chain::CommitThread& committer);
  void hold(Arrival arrival);
  // Asks the network for the blocks between next_ and the first held block.
  void ask_for_gap();
  void on_committed(const chain::BlockRecord& block);

  EngineContext context_;
  const FollowerConfig config_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Arrival> queue_;
  bool stopping_ = false;
  // Worker state.
  std::uint64_t next_ = 0;  // the number of the next block to verify
  std::map<std::uint64_t, Arrival> held_;
  std::uint64_t requested_to_ = 0;  // the last block asked for
  std::uint64_t requested_at_next_ = 0;  // next_ when it was asked for
  std::chrono::nanoseconds requested_when_{0};  // the clock's monotonic reading then
  std::unique_ptr<StackThread> thread_;
};

}  // namespace plexus::consensus
