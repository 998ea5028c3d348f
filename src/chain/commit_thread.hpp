#pragma once
// Writes prepared blocks on a thread of its own, in order, so that the thread making blocks can
// execute the next one while the previous one is written (SubnetChain::prepare_block and
// commit_block). One block is written at a time and at most one waits: push() hands a block over
// once the one before it has landed.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "chain/subnet_chain.hpp"

namespace plexus::chain {

class CommitThread {
 public:
  // Called on the commit thread after each block is committed, in block order.
  using Committed = std::function<void(const BlockRecord&)>;
  // How a block is written: SubnetChain::commit_block, or an engine's accept path around it.
  using Commit = std::function<Result<BlockRecord>(PreparedBlock)>;

  CommitThread(Commit commit, Committed on_committed);
  CommitThread(SubnetChain& chain, Committed on_committed)
      : CommitThread([&chain](PreparedBlock block) { return chain.commit_block(std::move(block)); },
                     std::move(on_committed)) {}
  ~CommitThread();  // writes the block in flight, then stops
  CommitThread(const CommitThread&) = delete;
  CommitThread& operator=(const CommitThread&) = delete;

  // Waits until the block handed over before has been written, then hands over `block`. Returns
  // the earlier block's error if its write failed; once one has failed, nothing more is written.
  [[nodiscard]] Result<void> push(PreparedBlock block);
  // Waits until every block handed over has been written.
  [[nodiscard]] Result<void> drain();

 private:
  void run();
  // Waits while a block is in flight; the caller holds `lock` on mutex_.
  [[nodiscard]] Result<void> wait_idle(std::unique_lock<std::mutex>& lock);

  Commit commit_;
  Committed on_committed_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<PreparedBlock> next_;  // handed over, not yet written
  bool busy_ = false;                  // next_ taken and being written
  bool stopping_ = false;
  std::optional<Error> failure_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace plexus::chain
