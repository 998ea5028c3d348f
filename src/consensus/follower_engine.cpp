#include "consensus/follower_engine.hpp"

#include <algorithm>
#include <iterator>

namespace plexus::consensus {
namespace {

// Followed blocks are final once written, as the producer's are.
const chain::BlockOptions kFollowedBlock{
    .allow_empty = true, .final_on_commit = true, .proposer = {}};

}  // namespace

FollowerEngine::FollowerEngine(EngineContext context, FollowerConfig config)
    : context_(std::move(context)), config_(config) {}

FollowerEngine::~FollowerEngine() { stop(); }

void FollowerEngine::start() {
  if (thread_) return;
  next_ = context_.blocks.heads().latest.number + 1;
  thread_ = std::make_unique<StackThread>(kExecutionStackBytes, [this] { run(); });
}

void FollowerEngine::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.reset();  // joins
}

Result<void> FollowerEngine::on_block(const NodeId& from, const chain::Block& block) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return fail(Errc::kValidation, "the follower is stopped");
    if (queue_.size() >= config_.max_held_blocks)
      return fail(Errc::kLimitExceeded, "follower: " + std::to_string(queue_.size()) +
                                            " blocks already wait to be verified");
    queue_.push_back(Arrival{from, block});
  }
  wake_.notify_one();
  return {};
}

void FollowerEngine::on_committed(const chain::BlockRecord& block) {
  report_final_block(context_, block);
}

void FollowerEngine::run() {
  chain::CommitThread committer(
      [this](chain::PreparedBlock block) { return context_.blocks.accept(std::move(block)); },
      [this](const chain::BlockRecord& block) { on_committed(block); });
  while (true) {
    Arrival arrival;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) break;
      arrival = std::move(queue_.front());
      queue_.pop_front();
    }
    take(std::move(arrival), committer);
  }
  if (auto drained = committer.drain(); !drained && context_.on_fatal)
    context_.on_fatal(drained.error());
}

void FollowerEngine::hold(Arrival arrival) {
  const std::uint64_t number = arrival.block.header.number;
  if (held_.size() >= config_.max_held_blocks) {
    // Keep the nearest blocks: they unblock the chain first.
    if (number >= held_.rbegin()->first) return;
    held_.erase(std::prev(held_.end()));
  }
  held_.insert_or_assign(number, std::move(arrival));
  ask_for_gap();
}

void FollowerEngine::ask_for_gap() {
  if (context_.outbox == nullptr || held_.empty()) return;
  const std::uint64_t last = held_.begin()->first - 1;
  // Once per step of progress, not once per held block, and again when the answer is overdue.
  const auto now = context_.clock.monotonic();
  if (last >= next_ && (last > requested_to_ || requested_at_next_ != next_ ||
                        now - requested_when_ >= config_.retry_after)) {
    context_.outbox->request_blocks(next_, last);
    requested_to_ = std::max(requested_to_, last);
    requested_at_next_ = next_;
    requested_when_ = now;
  }
}

void FollowerEngine::take(Arrival arrival, chain::CommitThread& committer) {
  const std::uint64_t number = arrival.block.header.number;
  if (number < next_) return;  // a block this node has already
  if (number > next_) {
    hold(std::move(arrival));
    return;
  }
  while (true) {
    auto verified = context_.blocks.verify(arrival.block, kFollowedBlock);
    if (!verified) {
      if (context_.outbox != nullptr) context_.outbox->report_peer(arrival.from, verified.error());
      return;  // another peer's copy, or sync, brings the right block
    }
    if (auto pushed = committer.push(std::move(*verified)); !pushed) {
      if (context_.on_fatal) context_.on_fatal(pushed.error());
      std::lock_guard lock(mutex_);
      stopping_ = true;
      return;
    }
    ++next_;
    held_.erase(held_.begin(), held_.lower_bound(next_));  // anything below next_ is stale
    const auto held = held_.find(next_);
    if (held == held_.end()) {
      ask_for_gap();  // a sync answer filled part of the gap: ask for the rest at once
      return;
    }
    arrival = std::move(held->second);
    held_.erase(held);
  }
}

}  // namespace plexus::consensus
