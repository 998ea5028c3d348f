#include "node/da_poster.hpp"

#include <algorithm>

#include "consensus/bft/epoch.hpp"
#include "consensus/bft/final_records.hpp"
#include "core/rlp.hpp"
#include "node/da_blocks.hpp"

namespace plexus::node {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kRetryAfterFailure{2};

// 'D' "aposter" ++ namespace -> rlp([platform blocks read, next needed, [seen block, ...]])
Bytes progress_key(const Bytes& ns) {
  constexpr std::string_view kPrefix = "Daposter";
  Bytes key;
  key.reserve(kPrefix.size() + ns.size());
  for (const char c : kPrefix) key.push_back(static_cast<Byte>(c));
  for (const Byte b : ns) key.push_back(b);
  return key;
}

// Block n carries what makes it final by itself: block 0 (final by the configuration) or a
// record with a certificate.
bool certified(std::uint64_t number, const Bytes& record) {
  if (number == 0) return true;
  if (record.empty()) return false;
  const auto decoded = consensus::bft::FinalRecords::decode(record);
  return decoded && decoded->certificate.has_value();
}

}  // namespace

Address DaPoster::poster_of(std::uint64_t number, const std::vector<Address>& validators) {
  if (validators.empty()) return Address{};
  return validators[(number / kBlocksPerTurn) % validators.size()];
}

void DaPoster::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  if (config_.final_record && !finality_)
    finality_.emplace(config_.subnet, [this](std::uint64_t platform_height) {
      return config_.registry->validator_set(config_.subnet, platform_height);
    });
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

void DaPoster::load_progress() {
  if (config_.progress_store == nullptr) return;
  const auto stored = config_.progress_store->get(progress_key(config_.ns));
  if (!stored || !*stored) return;
  // A record that does not read, or is ahead of the node's platform chain (another chain in the
  // same directory), is dropped: the poster then reads from height 1 as it would without one.
  const auto item = rlp::decode(**stored);
  if (!item || !item->is_list) return;
  const auto fields = rlp::list_items(*item);
  if (!fields || fields->size() != 3 || !(*fields)[2].is_list) return;
  const auto scanned = rlp::to_uint64((*fields)[0]);
  const auto next = rlp::to_uint64((*fields)[1]);
  const auto seen = rlp::list_items((*fields)[2]);
  if (!scanned || !next || !seen || *scanned > config_.registry->height()) return;
  std::set<std::uint64_t> blocks;
  for (const rlp::Item& entry : *seen) {
    const auto n = rlp::to_uint64(entry);
    if (!n) return;
    blocks.insert(*n);
  }
  scanned_ = *scanned;
  seen_ = std::move(blocks);
  std::lock_guard lock(mutex_);
  stats_.next_needed = *next;
}

void DaPoster::save_progress(std::uint64_t next) {
  if (config_.progress_store == nullptr) return;
  std::vector<Bytes> seen;
  for (const std::uint64_t n : seen_) seen.push_back(rlp::encode_uint(n));
  const Bytes fields[] = {rlp::encode_uint(scanned_), rlp::encode_uint(next),
                          rlp::encode_list(seen)};
  const Bytes value = rlp::encode_list(fields);
  // Lost on a crash at worst: the poster then reads a few platform blocks again.
  if (auto saved = config_.progress_store->put(progress_key(config_.ns), value); !saved) {
    if (config_.log)
      config_.log("subnet " + config_.subnet +
                  ": keeping the DA poster's progress failed: " + saved.error().message);
  }
}

void DaPoster::run() {
  load_progress();
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

bool DaPoster::counts(std::span<const PostedBlock> blocks, std::size_t i) {
  const chain::Block& block = blocks[i].block;
  const auto hash = chain::header_hash(block.header);
  const auto have = config_.chain->blocks().hash_of(block.header.number);
  if (!hash || !have || !*have || **have != *hash) return false;
  if (!finality_ || block.header.number == 0) return true;
  // This node's own block: its tag names its epoch and P_e.
  const auto tag = consensus::bft::decode_epoch_tag(block.header.extra_data);
  return tag && finality_->check(blocks, i, tag->epoch, tag->platform_height).has_value();
}

// Which blocks are on DA, from the node's own final platform blocks.
void DaPoster::scan_platform() {
  std::uint64_t next = stats().next_needed;
  const std::uint64_t before = scanned_;
  const std::uint64_t height = config_.registry->height();
  for (; scanned_ < height; ++scanned_) {
    auto block = config_.registry->block_at(scanned_ + 1);
    if (!block) break;  // read again on the next step
    for (const platform::SignedOperation& op : block->ops) {
      const auto* submit = std::get_if<platform::SubmitBlobs>(&op.operation);
      if (submit == nullptr) continue;
      for (const platform::BlobData& blob : submit->blobs) {
        if (blob.ns != config_.ns) continue;
        auto blocks = read_subnet_blob(blob.data);
        if (!blocks) continue;
        for (std::size_t i = 0; i < blocks->size(); ++i)
          if ((*blocks)[i].block.header.number >= next && counts(*blocks, i))
            seen_.insert((*blocks)[i].block.header.number);
      }
    }
  }
  while (!seen_.empty() && *seen_.begin() <= next) {
    if (*seen_.begin() == next) ++next;
    seen_.erase(seen_.begin());
  }
  {
    std::lock_guard lock(mutex_);
    stats_.next_needed = next;
    stats_.platform_blocks_read += scanned_ - before;
  }
  if (scanned_ != before) save_progress(next);
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
  if (auto posted = post(next, last, finalized, late); !posted) {
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

// Blocks first..last with their final records under bft, ending on a certified block (past
// `last` if needed, up to `finalized`): a reader accepts a block only with a certificate that
// covers it.
Result<std::vector<PostedBlock>> DaPoster::blob_blocks(std::uint64_t first, std::uint64_t last,
                                                       std::uint64_t finalized) const {
  std::vector<PostedBlock> blocks;
  std::size_t bytes = 0;
  const bool bft = static_cast<bool>(config_.final_record);
  for (std::uint64_t n = first; n <= finalized && blocks.size() < kMaxBlocksPerBlob; ++n) {
    if (n > last && (!bft || certified(blocks.back().block.header.number, blocks.back().finality)))
      break;
    PLEXUS_TRY(const auto record, config_.chain->blocks().by_number(n));
    if (!record) break;  // pruned or not written: what came before still goes
    PLEXUS_TRY(const Bytes encoded, chain::encode_block(record->block));
    Bytes finality;
    if (bft) {
      PLEXUS_TRY(const auto stored, config_.final_record(n));
      if (stored) finality = *stored;
    }
    if (!blocks.empty() && bytes + encoded.size() + finality.size() + 16 > config_.max_blob_bytes)
      break;
    bytes += encoded.size() + finality.size();
    blocks.push_back(PostedBlock{record->block, std::move(finality)});
  }
  while (bft && !blocks.empty() &&
         !certified(blocks.back().block.header.number, blocks.back().finality))
    blocks.pop_back();
  if (blocks.empty())
    return fail(Errc::kNotFound, "block " + std::to_string(first) +
                                     (bft ? " is not in the store or has no certified descendant"
                                          : " is not in the store"));
  return blocks;
}

Result<void> DaPoster::post(std::uint64_t first, std::uint64_t last, std::uint64_t finalized,
                            bool late) {
  PLEXUS_TRY(const std::vector<PostedBlock> blocks, blob_blocks(first, last, finalized));
  Bytes blob;
  if (config_.final_record) {
    PLEXUS_TRY(blob, encode_certified_subnet_blob(blocks));
  } else {
    std::vector<chain::Block> plain;
    for (const PostedBlock& posted : blocks) plain.push_back(posted.block);
    PLEXUS_TRY(blob, encode_subnet_blob(plain));
  }
  if (blob.size() > config_.registry->params().max_blob_size)
    return fail(Errc::kInvalidArgument,
                "block " + std::to_string(first) + " alone is larger than the platform's " +
                    std::to_string(config_.registry->params().max_blob_size) + "-byte blob limit");
  platform::SubmitBlobs op;
  op.blobs.push_back(platform::BlobData{config_.ns, std::move(blob)});
  op.fee_per_byte = config_.registry->params().min_blob_fee_per_byte;
  // The pending nonce: after this account's operations still in the pool (an earlier blob, or
  // another operation of the same key), not colliding with them.
  const auto signed_op = platform::sign_operation(
      std::move(op), config_.registry->network_id(),
      config_.registry->pending_nonce(config_.payer->address()), std::span(&*config_.payer, 1));
  PLEXUS_CHECK(config_.submit(signed_op));
  std::lock_guard lock(mutex_);
  ++stats_.blobs_posted;
  if (late && config_.log)
    config_.log("subnet " + config_.subnet + ": posted blocks " + std::to_string(first) + ".." +
                std::to_string(blocks.back().block.header.number) + " to DA for a late poster");
  return {};
}

}  // namespace plexus::node
