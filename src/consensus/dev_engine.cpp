#include "consensus/dev_engine.hpp"

#include <thread>

#include "chain/commit_thread.hpp"

namespace plexus::consensus {

namespace {

// Every dev block is final once written: nobody else has a say.
const chain::BlockOptions kDevBlock{.allow_empty = false, .final_on_commit = true,
                                        .proposer = {}};

}  // namespace

DevEngine::DevEngine(EngineContext context, EngineConfig config)
    : context_(std::move(context)), config_(config) {}

void DevEngine::on_committed(const chain::BlockRecord& block) {
  report_final_block(context_, block);
  if (context_.outbox != nullptr) context_.outbox->announce_block(block.block);
}

DevEngine::~DevEngine() { stop(); }

void DevEngine::start() {
  if (thread_) return;
  {
    std::lock_guard lock(mutex_);
    started_ = true;
  }
  thread_ = std::make_unique<StackThread>(kExecutionStackBytes, [this] { run(); });
}

void DevEngine::on_transaction() {
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
  mined_cv_.notify_all();
  thread_.reset();  // joins
}

Result<void> DevEngine::mine_now() {
  std::unique_lock lock(mutex_);
  if (!started_ || stopping_) return fail(Errc::kValidation, "the block producer is not running");
  const std::uint64_t ticket = ++mine_requested_;
  wake_.notify_one();
  mined_cv_.wait(lock, [&] { return mined_ >= ticket || stopping_.load(); });
  if (mine_error_) return std::unexpected(*mine_error_);
  if (mined_ < ticket) return fail(Errc::kValidation, "the block producer stopped");
  return {};
}

bool DevEngine::serve_mine_requests() {
  std::uint64_t requested = 0;
  {
    std::lock_guard lock(mutex_);
    requested = mine_requested_;
    if (requested == mined_) return false;
  }
  // One block answers every request made so far, in order with every other block.
  chain::BlockOptions options = kDevBlock;
  options.allow_empty = true;
  if (config_.block_tag) options.extra_data = config_.block_tag();
  Result<void> made = [&]() -> Result<void> {
    PLEXUS_TRY(auto prepared, context_.blocks.build(options));
    if (!prepared) return fail(Errc::kInternal, "dev engine: no block was built");
    PLEXUS_TRY(const chain::BlockRecord block, context_.blocks.accept(std::move(*prepared)));
    on_committed(block);
    return {};
  }();
  {
    std::lock_guard lock(mutex_);
    if (!made) mine_error_ = made.error();
    mined_ = requested;
  }
  mined_cv_.notify_all();
  if (!made) context_.on_fatal(made.error());
  return true;
}

void DevEngine::run() {
  const bool interval = config_.block_time.count() > 0;
  // Blocks are written on the committer's thread while this one executes the next: under a
  // stream of transactions the two overlap; a lone block is written before the thread sleeps.
  chain::CommitThread committer(
      [this](chain::PreparedBlock block) { return context_.blocks.accept(std::move(block)); },
      [this](const chain::BlockRecord& block) { on_committed(block); });
  auto next_block = std::chrono::steady_clock::now() + config_.block_time;
  auto last_block_end = std::chrono::steady_clock::time_point{};
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (interval) {
        wake_.wait_until(lock, next_block,
                         [this] { return stopping_.load() || mine_requested_ > mined_; });
      } else {
        wake_.wait(lock,
                   [this] { return stopping_.load() || pending_ || mine_requested_ > mined_; });
      }
      if (stopping_) return;
      pending_ = false;
    }
    if (serve_mine_requests()) continue;
    // In instant mode keep going while the pool has work: a block takes at most what fits.
    // Transactions with a nonce gap stay pooled without making blocks, hence the stop on nullopt.
    while (true) {
      if (!interval) std::this_thread::sleep_until(last_block_end + config_.min_gap);
      chain::BlockOptions options = kDevBlock;
      options.allow_empty = interval;
      if (config_.block_tag) options.extra_data = config_.block_tag();
      auto block = context_.blocks.build(options);
      last_block_end = std::chrono::steady_clock::now();
      if (!block) {
        context_.on_fatal(block.error());
        return;
      }
      if (!*block) break;
      if (auto pushed = committer.push(std::move(**block)); !pushed) {
        context_.on_fatal(pushed.error());
        return;
      }
      if (interval || context_.blocks.pending_count() == 0 || stopping_) break;
    }
    // Idle from here on: mine_now() and the next interval find the last block written.
    if (auto drained = committer.drain(); !drained) {
      context_.on_fatal(drained.error());
      return;
    }
    if (interval) next_block += config_.block_time;
  }
}

}  // namespace plexus::consensus
