#include "node/da_poster.hpp"

#include <algorithm>

#include "node/da_blocks.hpp"

namespace plexus::node {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kRetryAfterFailure{2};

}  // namespace

Address DaPoster::poster_of(std::uint64_t number, const std::vector<Address>& validators) {
  if (validators.empty()) return Address{};
  return validators[(number / kBlocksPerTurn) % validators.size()];
}

void DaPoster::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void DaPoster::stop() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DaPoster::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

DaPoster::Stats DaPoster::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void DaPoster::run() {
  std::unique_lock lock(mutex_);
  while (running_) {
    cv_.wait_for(lock, config_.poll, [this] { return !running_ || woken_; });
    if (!running_) break;
    woken_ = false;
    lock.unlock();
    step();
    lock.lock();
  }
}

// Which blocks are on DA, from the node's own final platform blocks.
void DaPoster::scan_platform() {
  std::uint64_t next = stats().next_needed;
  const std::uint64_t height = config_.registry->height();
  for (; scanned_ < height; ++scanned_) {
    auto block = config_.registry->block_at(scanned_ + 1);
    if (!block) return;  // read again on the next step
    for (const platform::SignedOperation& op : block->ops) {
      const auto* submit = std::get_if<platform::SubmitBlobs>(&op.operation);
      if (submit == nullptr) continue;
      for (const platform::BlobData& blob : submit->blobs) {
        if (blob.ns != config_.ns) continue;
        auto blocks = decode_subnet_blob(blob.data);
        if (!blocks) continue;
        for (const chain::Block& b : *blocks) {
          if (b.header.number < next) continue;
          const auto hash = chain::header_hash(b.header);
          const auto have = config_.chain->blocks().hash_of(b.header.number);
          if (hash && have && *have && **have == *hash) seen_.insert(b.header.number);
        }
      }
    }
  }
  while (!seen_.empty() && *seen_.begin() <= next) {
    if (*seen_.begin() == next) ++next;
    seen_.erase(seen_.begin());
  }
  std::lock_guard lock(mutex_);
  stats_.next_needed = next;
}

void DaPoster::step() {
  scan_platform();
  const std::uint64_t next = stats().next_needed;
  const std::uint64_t finalized = config_.chain->heads().finalized.number;
  // Block 0 is final from the start (the genesis).
  if (next > finalized) return;
  const auto now = Clock::now();
  if (waiting_for_ != next || waiting_since_ == Clock::time_point{}) {
    waiting_for_ = next;
    waiting_since_ = now;
    retry_at_ = {};
  }
  if (now < retry_at_) return;
  const std::optional<platform::Subnet> subnet = config_.registry->subnet(config_.subnet);
  if (!subnet || !config_.payer) return;
  std::vector<Address> validators;
  for (const auto& [id, member] : subnet->validators) validators.push_back(id);
  if (std::find(validators.begin(), validators.end(), config_.self) == validators.end()) return;
  const bool late = now - waiting_since_ >= config_.late_after;
  if (poster_of(next, validators) != config_.self && !late) return;
  std::uint64_t last = std::min(finalized, next + kMaxBlocksPerBlob - 1);
  if (!late) last = std::min(last, (next / kBlocksPerTurn + 1) * kBlocksPerTurn - 1);
  if (auto posted = post(next, last, late); !posted) {
    {
      std::lock_guard lock(mutex_);
      ++stats_.failures;
    }
    retry_at_ = now + kRetryAfterFailure;
    if (posted.error().message != last_error_ && config_.log)
      config_.log("subnet " + config_.subnet + ": posting blocks from " + std::to_string(next) +
                  " to DA failed (retrying): " + posted.error().message);
    last_error_ = posted.error().message;
    return;
  }
  last_error_.clear();
  retry_at_ = now + config_.resubmit_after;
}

Result<void> DaPoster::post(std::uint64_t first, std::uint64_t last, bool late) {
  std::vector<chain::Block> blocks;
  std::size_t bytes = 0;
  for (std::uint64_t n = first; n <= last; ++n) {
    PLEXUS_TRY(const auto record, config_.chain->blocks().by_number(n));
    if (!record) break;  // pruned or not written: what came before still goes
    PLEXUS_TRY(const Bytes encoded, chain::encode_block(record->block));
    if (!blocks.empty() && bytes + encoded.size() + 16 > config_.max_blob_bytes) break;
    bytes += encoded.size();
    blocks.push_back(record->block);
  }
  if (blocks.empty())
    return fail(Errc::kNotFound, "block " + std::to_string(first) + " is not in the store");
  PLEXUS_TRY(Bytes blob, encode_subnet_blob(blocks));
  if (blob.size() > config_.registry->params().max_blob_size)
    return fail(Errc::kInvalidArgument,
                "block " + std::to_string(first) + " alone is larger than the platform's " +
                    std::to_string(config_.registry->params().max_blob_size) + "-byte blob limit");
  platform::SubmitBlobs op;
  op.blobs.push_back(platform::BlobData{config_.ns, std::move(blob)});
  op.fee_per_byte = config_.registry->params().min_blob_fee_per_byte;
  const auto signed_op = platform::sign_operation(std::move(op), config_.registry->network_id(),
                                                  config_.registry->nonce(config_.payer->address()),
                                                  std::span(&*config_.payer, 1));
  PLEXUS_CHECK(config_.submit(signed_op));
  std::lock_guard lock(mutex_);
  ++stats_.blobs_posted;
  if (late && config_.log)
    config_.log("subnet " + config_.subnet + ": posted blocks " + std::to_string(first) + ".." +
                std::to_string(blocks.back().header.number) + " to DA for a late poster");
  return {};
}

}  // namespace plexus::node
