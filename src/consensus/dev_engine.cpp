#include "consensus/dev_engine.hpp"

namespace plexus::consensus {

DevEngine::DevEngine(chain::EvmChain& chain, DevEngineConfig config, BlockListener on_block,
                     FatalListener on_fatal)
    : chain_(chain),
      config_(config),
      on_block_(std::move(on_block)),
      on_fatal_(std::move(on_fatal)) {}

DevEngine::~DevEngine() { stop(); }

void DevEngine::start() {
  if (thread_) return;
  thread_ = std::make_unique<StackThread>(kExecutionStackBytes, [this] { run(); });
}

void DevEngine::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void DevEngine::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.reset();  // joins
}

void DevEngine::run() {
  const bool interval = config_.block_time.count() > 0;
  auto next_block = std::chrono::steady_clock::now() + config_.block_time;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (interval) {
        wake_.wait_until(lock, next_block, [this] { return stopping_.load(); });
      } else {
        wake_.wait(lock, [this] { return stopping_.load() || pending_; });
      }
      if (stopping_) return;
      pending_ = false;
    }
    // In instant mode keep going while the pool has work: a block takes at most what fits.
    // Transactions with a nonce gap stay pooled without making blocks, hence the stop on nullopt.
    while (true) {
      auto block = chain_.produce_block(interval);
      if (!block) {
        on_fatal_(block.error());
        return;
      }
      if (!*block) break;
      on_block_(**block);
      if (interval || chain_.pending_count() == 0 || stopping_) break;
    }
    if (interval) next_block += config_.block_time;
  }
}

}  // namespace plexus::consensus
