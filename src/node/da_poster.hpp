#pragma once
// Posts a subnet's final blocks to the primary network's data layer when its genesis names a DA
// namespace (docs/DA.md, Subnets on DA), on a thread of its own: consensus only wakes it.
//
// Who posts: block n belongs to the turn n / kBlocksPerTurn, and each turn to one validator of
// the subnet, the (turn mod size)-th by node id; that validator posts its turn's blocks (several
// per blob). A poster that is down or slow is covered: once the lowest block not yet on DA has
// been final for `late_after`, every validator posts it. A failed submission is logged and
// retried; a submission that has not landed after `resubmit_after` is made again. What is on DA
// is read from the node's own final platform blocks: a blob counts for a block only if it holds
// that very block (same hash) and, under bft, a finality certificate that checks (the rebuild's
// rule, da_finality.hpp), so a stranger's blob in the namespace cannot stop the posting.
//
// Under bft the poster puts each block's final record beside it (PXS2, da_blocks.hpp) and ends
// a blob on a block with its own certificate, since one without is final through a descendant.
// Its progress (platform blocks read, the lowest block not on DA, the blocks above it seen) is
// kept in the subnet's store, one atomic write each time it changes, so a restarted poster
// resumes reading where it was instead of from platform height 1.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "chain/subnet_chain.hpp"
#include "core/secp256k1.hpp"
#include "node/da_finality.hpp"
#include "platform/registry.hpp"
#include "storage/kv.hpp"

namespace plexus::node {

class DaPoster {
 public:
  static constexpr std::uint64_t kBlocksPerTurn = 16;
  struct Config {
    std::string subnet{};
    Bytes ns{};  // 29 bytes
    const chain::SubnetChain* chain = nullptr;
    const platform::PlatformRegistry* registry = nullptr;
    std::optional<secp256k1::PrivateKey> payer{};  // signs and pays for the SubmitBlobs
    Address self{};                                // this node's id among the subnet's validators
    std::function<Result<Hash256>(const platform::SignedOperation&)> submit{};
    // Under bft: block n's final record as the engine keeps it (nullopt: none). Empty otherwise.
    std::function<Result<std::optional<Bytes>>(std::uint64_t number)> final_record{};
    // Where the progress is kept (the subnet's store); nullptr: not kept.
    kv::KvStore* progress_store = nullptr;
    std::chrono::milliseconds late_after{10'000};
    std::chrono::milliseconds resubmit_after{15'000};
    std::chrono::milliseconds poll{500};
    std::size_t max_blob_bytes = 200 * 1024;  // under the platform's 256 KiB blob limit
    std::function<void(const std::string&)> log{};
  };
  struct Stats {
    std::uint64_t blobs_posted = 0;  // submissions accepted by the platform (pool or block)
    std::uint64_t failures = 0;
    std::uint64_t next_needed = 0;           // the lowest block not yet seen on DA
    std::uint64_t platform_blocks_read = 0;  // since this poster started
  };

  explicit DaPoster(Config config) : config_(std::move(config)) {}
  ~DaPoster() { stop(); }
  void start();
  void stop();
  void wake();
  [[nodiscard]] Stats stats() const;
  // The validator whose turn block `number` is in, among `validators` (sorted node ids).
  [[nodiscard]] static Address poster_of(std::uint64_t number,
                                         const std::vector<Address>& validators);

 private:
  void run();
  void step();
  void scan_platform();
  // Whether blocks[i] (this node's block) counts as on DA: under bft, with a certificate.
  [[nodiscard]] bool counts(std::span<const PostedBlock> blocks, std::size_t i);
  [[nodiscard]] Result<std::vector<PostedBlock>> blob_blocks(std::uint64_t first,
                                                             std::uint64_t last,
                                                             std::uint64_t finalized) const;
  [[nodiscard]] Result<void> post(std::uint64_t first, std::uint64_t last, std::uint64_t finalized,
                                  bool late);
  void load_progress();
  void save_progress(std::uint64_t next);

  Config config_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool running_ = false;
  bool woken_ = false;
  Stats stats_{};

  // The poster thread's own.
  std::uint64_t scanned_ = 0;      // platform blocks read up to here
  std::set<std::uint64_t> seen_;   // blocks above next_needed already on DA
  std::uint64_t waiting_for_ = 0;  // the block `waiting_since_` is about
  std::chrono::steady_clock::time_point waiting_since_{};
  std::chrono::steady_clock::time_point retry_at_{};
  std::string last_error_;
  std::optional<FinalityCheck> finality_;  // under bft
};

}  // namespace plexus::node
